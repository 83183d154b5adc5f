import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { holdbackOn, type GrantedAdministration } from './administration.ts';
import type { Registration, RegistrationValue } from './registration.ts';

const d = (text: string) => Temporal.PlainDate.from(text);

function reg(
  value: RegistrationValue,
  caseId: string | null,
  from: string,
  to: string | null = null,
): Registration {
  return {
    id: `${value.kind}-${from}-${caseId ?? ''}`,
    personId: 'p',
    caseId,
    from: d(from),
    to: to === null ? null : d(to),
    value,
    recordedAt: Temporal.Instant.from('2025-01-01T00:00:00Z'),
    recordedBy: 'sb101@101',
    supersededAt: null,
  };
}

const plan = (
  caseId: string,
  monthly: number,
  purpose: string,
  from = '2025-01-01',
  to: string | null = null,
) => reg({ kind: 'apoe-tilbageholdelse', monthly, purpose }, caseId, from, to);
const granted = (caseId: string, from = '2025-01-01', to: string | null = null): GrantedAdministration => ({
  caseId,
  from: d(from),
  to: to === null ? null : d(to),
});
const payday = d('2025-05-30');

describe('what an administration (APØ) holds back on the payout day', () => {
  it.each<[string, Registration[], GrantedAdministration[], number, string[]]>([
    ['a plan of a granted case', [plan('a', 150000, 'husleje')], [granted('a')], 150000, ['husleje']],
    [
      'two plans, in the order registered, summed',
      [plan('a', 150000, 'husleje'), plan('a', 30000, 'el')],
      [granted('a')],
      180000,
      ['husleje', 'el'],
    ],
    ['a case not granted (under-oplysning, afvist)', [plan('a', 150000, 'husleje')], [], 0, []],
    [
      'a grant that ended before the payout',
      [plan('a', 150000, 'husleje')],
      [granted('a', '2025-01-01', '2025-04-30')],
      0,
      [],
    ],
    ['a grant from after the payout', [plan('a', 150000, 'husleje')], [granted('a', '2025-06-01')], 0, []],
    ['a plan that ended', [plan('a', 150000, 'husleje', '2025-01-01', '2025-05-29')], [granted('a')], 0, []],
    [
      'a plan from the payout day',
      [plan('a', 150000, 'husleje', '2025-05-30')],
      [granted('a')],
      150000,
      ['husleje'],
    ],
    ['another case’s plan', [plan('b', 150000, 'husleje')], [granted('a')], 0, []],
    [
      'other registrations hold back nothing',
      [reg({ kind: 'boligudgift', monthly: 500000 }, null, '2025-01-01')],
      [granted('a')],
      0,
      [],
    ],
  ])('%s', (_name, registrations, administrations, amount, purposes) => {
    const holdback = holdbackOn(registrations, administrations, payday);
    expect(holdback.amount).toBe(amount);
    expect(holdback.purposes.map((part) => part.purpose)).toEqual(purposes);
  });
});
