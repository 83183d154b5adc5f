/** The "Adgangslog" page: the system owner searches by a form post; refusals name the field; others get 403. */
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { SimulatedClock, type MunicipalityCode } from '../../kernel/index.ts';
import { createPerson, getPerson } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { routePlugins } from '../../platform/system.ts';
import { sessionCookie } from '../http/access-plugin.ts';
import { createSession } from '../sessions.ts';
import type { UserRole } from '../domain/roles.ts';

let db: Db;
let app: FastifyInstance;
let clock: SimulatedClock;

async function session(role: UserRole): Promise<{ cookies: Record<string, string>; csrf: string }> {
  const { secret, csrfToken } = await createSession(
    db,
    'web',
    { kind: 'bruger', userId: `${role}101`, municipality: '101' as MunicipalityCode, roles: [role] },
    { now: clock.now() },
  );
  return { cookies: { [sessionCookie]: secret }, csrf: csrfToken };
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  clock = new SimulatedClock(Temporal.Instant.from('2026-12-01T09:00:00Z'));
  const deps = { db, clock };
  const made = await createPerson(deps, systemActor('cpr'), 'job', {
    cpr: '0703621074',
    name: 'Pia Opslag',
    residence: [{ municipality: '101', from: '2010-01-01' }],
  });
  expect(made.ok).toBe(true);
  const caseworker = {
    kind: 'bruger' as const,
    userId: 'sb101',
    municipality: '101' as MunicipalityCode,
    roles: ['sagsbehandler' as const],
  };
  expect((await getPerson(deps, caseworker, 'web', '0703621074', 'sagsbehandling')).ok).toBe(true);
  app = await buildApp({ deps, logger: false, plugins: routePlugins });
});
afterAll(() => app.close());

const post = (who: { cookies: Record<string, string>; csrf: string }, fields: Record<string, string>) =>
  app.inject({
    method: 'POST',
    url: '/adgangslog',
    cookies: who.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: who.csrf, ...fields }).toString(),
  });

describe('the Adgangslog page', () => {
  it("shows the system owner the municipality's reads, searched by a form post", async () => {
    const owner = await session('systemansvarlig');
    const page = await app.inject({ url: '/adgangslog', cookies: owner.cookies });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/adgangslog" class="nav-link">');
    expect(page.body).toContain('bruger:sb101@101');
    const found = await post(owner, { cpr: '070362-1074', fra: '01.12.2026', til: '01.12.2026' });
    expect(found.statusCode).toBe(200);
    expect(found.body).toContain('Pia Opslag');
    expect(found.body).toContain('sagsbehandling');
    const none = await post(owner, { cpr: '070362-1074', fra: '02.12.2026' });
    expect(none.body).toContain('Ingen opslag.');
  });

  it('names the field of a bad filter, and keeps what was typed', async () => {
    const owner = await session('systemansvarlig');
    for (const [field, value] of [
      ['cpr', '12345'],
      ['bruger', 'a b'],
      ['fra', '31.02.2026'],
    ] as const) {
      const refused = await post(owner, { [field]: value });
      expect(refused.statusCode, field).toBe(400);
      expect(refused.body, field).toContain(`href="#${field}"`);
      expect(refused.body, field).toContain(`value="${value}"`);
    }
  });

  it('is not shown to a caseworker or a read-only user', async () => {
    for (const role of ['sagsbehandler', 'laeseadgang'] as const) {
      const user = await session(role);
      expect((await app.inject({ url: '/adgangslog', cookies: user.cookies })).statusCode).toBe(403);
      const home = await app.inject({ url: '/', cookies: user.cookies });
      expect(home.body).not.toContain('href="/adgangslog"');
    }
  });
});
