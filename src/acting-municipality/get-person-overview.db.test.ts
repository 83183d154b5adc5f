import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { asUser } from '../../test/support/sign-in.ts';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { personIdOf, webSession } from '../../test/support/web-session.ts';
import { SimulatedClock } from '../kernel/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import { buildApp } from '../platform/http/app.ts';
import { routePlugins } from '../platform/system.ts';
import { determineActingManually, getPersonOverview } from './index.ts';

const sb101: Actor = caseworkerActor('sb101', '101' as never);

describe('the overview shows the financing municipality of a back-dated registration', () => {
  it('in the use case, on the API and on the borgeroverblik', async () => {
    const { db } = await useTestDatabase();
    const deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
    await createPerson(deps, systemActor('test'), 'api', {
      cpr: '1202751001',
      name: 'Finn Ansiering',
      residence: [{ municipality: '101', from: '2010-01-01' }],
    });
    // Back-dated to 1 May on Monday 5 May: 147 finances 1-5 May, and acts from the 04:00 run of 6 May.
    const registered = await determineActingManually(deps, sb101, 'api', '1202751001', {
      action: 'opret',
      municipality: '147',
      from: '2025-05-01',
      reason: 'ophold-institution',
    });
    expect(registered.ok).toBe(true);
    const overview = await getPersonOverview(deps, sb101, 'api', '1202751001', 'test');
    expect(
      overview.ok &&
        overview.value.financing.map((f) => [f.municipality, f.from.toString(), f.to.toString()]),
    ).toEqual([['147', '2025-05-01', '2025-05-05']]);
    const app = await buildApp({ deps, logger: false, plugins: routePlugins });
    try {
      const api = await app.inject({
        url: '/api/persons/1202751001/acting-municipality',
        headers: await asUser(db, '101'),
      });
      expect(api.json<{ financing: unknown[] }>().financing).toEqual([
        { municipality: '147', from: '2025-05-01', to: '2025-05-05', reason: 'ophold-institution' },
      ]);
      const signedIn = await webSession(db, deps.clock.now());
      const page = await app.inject({
        url: `/borgere/${await personIdOf(db, '1202751001')}`,
        headers: { accept: 'text/html', ...signedIn.headers },
      });
      expect(page.body).toContain('Finansieringskommune');
      expect(page.body).toContain('Ophold på institution');
    } finally {
      await app.close();
    }
  });
});
