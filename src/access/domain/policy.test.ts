/**
 * The policies as rules: a table of who may take which action, and properties over random actors — a
 * read-only user is allowed exactly the reads, another role never takes one away, a user without a
 * municipality only the installation's own actions, and a person is readable exactly by the municipalities
 * related to them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MunicipalityCode } from '../../kernel/index.ts';
import type { Actor } from '../../platform/actor.ts';
import {
  actionPolicies,
  actions,
  authorize,
  mayReadPerson,
  type Action,
  type PersonRelation,
} from './policy.ts';
import { serviceRoles, userRoles, type ServiceRole, type UserRole } from './roles.ts';

const user = (roles: readonly UserRole[], municipality: string | null = '101'): Actor => ({
  kind: 'bruger',
  userId: 'u',
  municipality: municipality as MunicipalityCode | null,
  roles,
});
const service = (roles: readonly ServiceRole[]): Actor => ({ kind: 'tjeneste', name: 's', roles });

describe('who may take an action', () => {
  it.each<[string, Actor, Action, boolean]>([
    ['a caseworker reads a citizen', user(['sagsbehandler']), 'laes-borger', true],
    ['a caseworker decides the acting municipality', user(['sagsbehandler']), 'bestem-handlekommune', true],
    ['a caseworker imports rates', user(['sagsbehandler']), 'satser', false],
    ['a caseworker searches the access log', user(['sagsbehandler']), 'adgangslog', false],
    ['a read-only user reads a citizen', user(['laeseadgang']), 'laes-borger', true],
    ['a read-only user works a task', user(['laeseadgang']), 'arbejd-opgave', false],
    ['a read-only user creates a citizen', user(['laeseadgang']), 'opret-borger', false],
    ['a system owner searches the access log', user(['systemansvarlig']), 'adgangslog', true],
    ['a system owner grants a benefit', user(['systemansvarlig']), 'sagsbehandling', false],
    ['support reads the CPR error queue', user(['supportberettiget']), 'laes-cpr-fejl', true],
    ['support reopens a rejected conversion task', user(['supportberettiget']), 'genaabn-konvertering', true],
    ['a user without a role reads', user([]), 'laes-borger', false],
    ['a caseworker without a municipality reads', user(['sagsbehandler'], null), 'laes-borger', false],
    ['the operator imports rates', user(['systemansvarlig'], null), 'satser', true],
    ['the CPR feed receives messages', service(['cpr-integration']), 'modtag-cpr', true],
    ['the CPR feed reads a citizen', service(['cpr-integration']), 'laes-borger', false],
    ['the CPR feed fetches payment files', service(['cpr-integration']), 'udbetalingsfiler', false],
    ['the file pickup fetches payment files', service(['udbetalingsfiler']), 'udbetalingsfiler', true],
    ['the file pickup receives CPR messages', service(['udbetalingsfiler']), 'modtag-cpr', false],
    ['a job runs', { kind: 'system', name: 'daglig-flytning' }, 'koersel', true],
  ])('%s', (_name, actor, action, allowed) => {
    const decided = authorize(actor, action);
    expect(decided.ok).toBe(allowed);
    if (!decided.ok) expect(decided.error.code).toBe('ingen-adgang');
  });

  const roles = fc.subarray([...userRoles]);
  const municipality = fc.option(fc.constantFrom('101', '751'), { nil: null });
  const action = fc.constantFrom(...actions);

  it('allows a user exactly what one of their roles allows, with a municipality unless the installation’s own', () => {
    fc.assert(
      fc.property(roles, municipality, action, (held, code, wanted) => {
        const policy: { roles: readonly string[]; installation?: true } = actionPolicies[wanted];
        const expected =
          held.some((role) => policy.roles.includes(role)) && (code !== null || policy.installation === true);
        expect(authorize(user(held, code), wanted).ok).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('lets a read-only user only read, and a further role never takes an action away', () => {
    const reads = actions.filter((a) => a.startsWith('laes-'));
    for (const wanted of actions) {
      expect(authorize(user(['laeseadgang']), wanted).ok, wanted).toBe(
        reads.includes(wanted) && (actionPolicies[wanted].roles as readonly string[]).includes('laeseadgang'),
      );
    }
    fc.assert(
      fc.property(roles, fc.constantFrom(...userRoles), municipality, action, (held, extra, code, wanted) => {
        if (authorize(user(held, code), wanted).ok)
          expect(authorize(user([...held, extra], code), wanted).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('lets a service client only its own work', () => {
    fc.assert(
      fc.property(fc.subarray([...serviceRoles]), action, (held, wanted) => {
        const policy: { services: readonly string[] } = actionPolicies[wanted];
        expect(authorize(service(held), wanted).ok).toBe(held.some((role) => policy.services.includes(role)));
      }),
    );
  });
});

describe('who may read a person', () => {
  const relation = fc.constantFrom<PersonRelation>(
    'handlekommune',
    'bopaelskommune',
    'egen-opgave',
    'egen-sag',
  );
  const facts = fc.array(fc.record({ municipality: fc.constantFrom('101', '147', '751', '851'), relation }), {
    maxLength: 5,
  });

  it('a user of a municipality related to the person, by any relation, and no one else', () => {
    fc.assert(
      fc.property(
        facts,
        fc.constantFrom('101', '147', '751', '851'),
        fc.subarray([...userRoles], { minLength: 1 }),
        (relations, code, held) => {
          const decided = mayReadPerson(user(held, code), { relations });
          const expected = relations.find((r) => r.municipality === code)?.relation ?? null;
          expect(decided).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('never a user without a role or a municipality, nor the file pickup; always the system', () => {
    const all = { relations: [{ municipality: '101', relation: 'handlekommune' as const }] };
    expect(mayReadPerson(user([]), all)).toBeNull();
    expect(mayReadPerson(user(['sagsbehandler'], null), all)).toBeNull();
    expect(mayReadPerson(service(['udbetalingsfiler']), all)).toBeNull();
    expect(mayReadPerson({ kind: 'system', name: 'x' }, { relations: [] })).toBe('system');
  });
});
