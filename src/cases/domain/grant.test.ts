import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { CaseStatus } from './case.ts';
import {
  casePeriodFromGrants,
  expiredOn,
  decideChange,
  decideEnd,
  decideGrant,
  decideReject,
  overlaps,
  type Grant,
  type GrantInput,
} from './grant.ts';
import type { BenefitFamily } from './lifecycle.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const today = d('2025-05-05');
const recorded = Temporal.Instant.from('2025-05-01T08:00:00Z');

function grant(id: string, from: string, to: string | null, extra: Partial<Grant> = {}): Grant {
  return {
    id,
    caseId: 'sag-1',
    personId: 'p',
    family: 'htf',
    from: d(from),
    to: to === null ? null : d(to),
    decidedOn: d('2025-01-01'),
    decidedBy: 'bruger:sb101@101',
    reason: 'Bevilget',
    replaces: null,
    recordedAt: recorded,
    supersededAt: null,
    supersededBy: null,
    ...extra,
  };
}

const state = (status: CaseStatus, family: BenefitFamily = 'htf') => ({ id: 'sag-1', status, family });
const input = (from: string, to: string | null = null, extra: Partial<GrantInput> = {}): GrantInput => ({
  from,
  to,
  reason: 'Betingelserne er opfyldt',
  ...extra,
});
const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error?.code ?? ''}@${result.error?.field ?? ''}`;

describe('granting a case', () => {
  const standing = [grant('g1', '2025-01-01', '2025-03-31')];
  it.each<[string, CaseStatus, BenefitFamily, GrantInput, readonly Grant[], string]>([
    ['a first grant', 'under-oplysning', 'htf', input('2025-05-01'), [], 'ok'],
    ['a grant after an ended one', 'bevilget', 'htf', input('2025-04-01'), standing, 'ok'],
    [
      'a grant ending the day before another starts',
      'bevilget',
      'htf',
      input('2024-01-01', '2024-12-31'),
      standing,
      'ok',
    ],
    [
      'a grant overlapping by one day',
      'bevilget',
      'htf',
      input('2025-03-31'),
      standing,
      'overlappende-bevilling@from',
    ],
    [
      'an open grant starting before another',
      'bevilget',
      'htf',
      input('2024-06-01'),
      standing,
      'overlappende-bevilling@from',
    ],
    ['a grant of another family', 'bevilget', 'saerlig-stoette', input('2025-02-01'), standing, 'ok'],
    [
      'an overlap with a superseded row only',
      'bevilget',
      'htf',
      input('2025-02-01'),
      [grant('g0', '2025-01-01', null, { supersededAt: recorded })],
      'ok',
    ],
    ['a closed case', 'afsluttet', 'htf', input('2025-05-01'), [], 'sagen-er-lukket@'],
    ['a rejected case', 'afvist', 'htf', input('2025-05-01'), [], 'sagen-er-lukket@'],
    [
      'an end before the start',
      'under-oplysning',
      'htf',
      input('2025-05-01', '2025-04-30'),
      [],
      'ugyldig-periode@to',
    ],
    ['a date that does not exist', 'under-oplysning', 'htf', input('2025-02-30'), [], 'ugyldig-dato@from'],
    ['a year outside the calendar', 'under-oplysning', 'htf', input('1899-12-31'), [], 'ugyldig-dato@from'],
    [
      'no reason',
      'under-oplysning',
      'htf',
      input('2025-05-01', null, { reason: '  ' }),
      [],
      'ugyldigt-input@reason',
    ],
    [
      'a reason with NUL',
      'under-oplysning',
      'htf',
      input('2025-05-01', null, { reason: 'a\u0000' }),
      [],
      'ugyldigt-input@reason',
    ],
    [
      'a decision in the future',
      'under-oplysning',
      'htf',
      input('2025-05-01', null, { decidedOn: '2025-05-06' }),
      [],
      'ugyldig-dato@decidedOn',
    ],
  ])('%s: %s', (_name, status, family, grantInput, grants, expected) => {
    expect(codeOf(decideGrant({ status, family }, grants, grantInput, today))).toBe(expected);
  });

  it('makes the case bevilget and keeps the decision', () => {
    const result = decideGrant(
      { status: 'under-oplysning', family: 'htf' },
      [],
      input('2025-05-01', '2025-12-31', { decidedOn: '2025-05-02' }),
      today,
    );
    expect(result.ok && result.value.status).toBe('bevilget');
    expect(result.ok && result.value.grant.decidedOn.toString()).toBe('2025-05-02');
    expect(result.ok && result.value.grant.to?.toString()).toBe('2025-12-31');
  });
});

describe('changing a grant', () => {
  const grants = [
    grant('g1', '2025-01-01', null),
    grant('g2', '2024-01-01', '2024-06-30', { caseId: 'sag-2' }),
  ];
  it.each<[string, CaseStatus, string, GrantInput, string]>([
    ['a new start', 'bevilget', 'g1', input('2025-02-01'), 'ok'],
    ['a period overlapping only itself', 'bevilget', 'g1', input('2024-12-01', '2025-12-31'), 'ok'],
    [
      'a period reaching another case’s grant of the family',
      'bevilget',
      'g1',
      input('2024-06-30'),
      'overlappende-bevilling@from',
    ],
    ['a grant of another case', 'bevilget', 'g2', input('2024-01-01'), 'ikke-fundet@grantId'],
    ['an unknown grant', 'bevilget', 'x', input('2025-01-01'), 'ikke-fundet@grantId'],
    ['a case under investigation', 'under-oplysning', 'g1', input('2025-01-01'), 'ugyldig-sagsstatus@'],
    ['a closed case', 'afsluttet', 'g1', input('2025-01-01'), 'sagen-er-lukket@'],
    ['an end before the start', 'bevilget', 'g1', input('2025-01-01', '2024-12-31'), 'ugyldig-periode@to'],
  ])('%s: %s', (_name, status, id, grantInput, expected) => {
    expect(codeOf(decideChange(state(status), grants, id, grantInput, today))).toBe(expected);
  });

  it('refuses a row a change already superseded', () => {
    const old = grant('g1', '2025-01-01', null, { supersededAt: recorded });
    expect(codeOf(decideChange(state('bevilget'), [old], 'g1', input('2025-01-01'), today))).toBe(
      'konflikt@grantId',
    );
  });
});

describe('ending a grant (our rule: the case is afsluttet when no grant of it is open any more)', () => {
  const end = (to: string, reason = 'Borgeren er i arbejde') => ({ to, reason });
  it.each<[string, readonly Grant[], string | undefined, string, string]>([
    [
      'ending the open grant in the past closes the case',
      [grant('g1', '2025-01-01', null)],
      undefined,
      '2025-04-30',
      'afsluttet',
    ],
    [
      'ending it yesterday closes the case',
      [grant('g1', '2025-01-01', null)],
      'g1',
      '2025-05-04',
      'afsluttet',
    ],
    [
      'ending it today keeps it granted until then',
      [grant('g1', '2025-01-01', null)],
      'g1',
      '2025-05-05',
      'bevilget',
    ],
    [
      'ending it in the future keeps it granted',
      [grant('g1', '2025-01-01', null)],
      'g1',
      '2025-08-31',
      'bevilget',
    ],
    ['on its first day', [grant('g1', '2025-01-01', null)], 'g1', '2025-01-01', 'afsluttet'],
    [
      'another grant of the case still open',
      [grant('g1', '2025-01-01', '2025-03-31'), grant('g2', '2025-06-01', null)],
      'g1',
      '2025-02-28',
      'bevilget',
    ],
    [
      'a grant of another case does not keep this one open',
      [grant('g1', '2025-01-01', null), grant('g2', '2026-01-01', null, { caseId: 'sag-2' })],
      'g1',
      '2025-03-31',
      'afsluttet',
    ],
    ['before its start', [grant('g1', '2025-01-01', null)], 'g1', '2024-12-31', 'ugyldig-periode@to'],
    [
      'after the end it has',
      [grant('g1', '2025-01-01', '2025-06-30')],
      'g1',
      '2025-07-31',
      'ugyldig-periode@to',
    ],
    [
      'no open grant to end',
      [grant('g1', '2025-01-01', '2025-06-30')],
      undefined,
      '2025-03-31',
      'ikke-fundet@grantId',
    ],
    ['a date that does not exist', [grant('g1', '2025-01-01', null)], 'g1', '2025-04-31', 'ugyldig-dato@to'],
  ])('%s', (_name, grants, id, to, expected) => {
    const result = decideEnd(state('bevilget'), grants, id, end(to), today);
    expect(result.ok ? result.value.status : codeOf(result)).toBe(expected);
    if (result.ok) {
      expect(result.value.grant.to?.toString()).toBe(to);
      expect(result.value.grant.from).toEqual(result.value.old.from);
    }
  });

  it('needs a reason and a granted case', () => {
    const grants = [grant('g1', '2025-01-01', null)];
    expect(codeOf(decideEnd(state('bevilget'), grants, 'g1', end('2025-03-31', ''), today))).toBe(
      'ugyldigt-input@reason',
    );
    expect(codeOf(decideEnd(state('afsluttet'), grants, 'g1', end('2025-03-31'), today))).toBe(
      'sagen-er-lukket@',
    );
    expect(codeOf(decideEnd(state('under-oplysning'), grants, 'g1', end('2025-03-31'), today))).toBe(
      'ugyldig-sagsstatus@',
    );
  });
});

describe('rejecting a case', () => {
  it.each<[CaseStatus, string, string]>([
    ['under-oplysning', 'Betingelserne er ikke opfyldt', 'afvist'],
    ['under-oplysning', '', 'ugyldigt-input@reason'],
    ['bevilget', 'x', 'ugyldig-sagsstatus@'],
    ['afvist', 'x', 'sagen-er-lukket@'],
    ['afsluttet', 'x', 'sagen-er-lukket@'],
  ])('%s with %j: %s', (status, reason, expected) => {
    const result = decideReject({ status, family: 'htf' }, reason);
    expect(result.ok ? result.value.status : codeOf(result)).toBe(expected);
  });
});

describe('the period the case’s columns carry for the monthly run', () => {
  it.each<[string, readonly Grant[], string | undefined]>([
    ['no grant', [], undefined],
    ['the one grant', [grant('g1', '2025-01-01', null)], '2025-01-01/null'],
    [
      'the open one, not the ended one',
      [grant('g1', '2024-01-01', '2024-12-31'), grant('g2', '2025-02-01', null)],
      '2025-02-01/null',
    ],
    [
      'the running one before a later one',
      [grant('g1', '2025-01-01', '2025-06-30'), grant('g2', '2025-09-01', null)],
      '2025-01-01/2025-06-30',
    ],
    [
      'the one that ended last when all have ended',
      [grant('g1', '2024-01-01', '2024-03-31'), grant('g2', '2024-06-01', '2024-12-31')],
      '2024-06-01/2024-12-31',
    ],
    [
      'not a superseded row',
      [grant('g1', '2025-01-01', null, { supersededAt: recorded }), grant('g2', '2025-03-01', null)],
      '2025-03-01/null',
    ],
    ['not another case’s grant', [grant('g1', '2025-01-01', null, { caseId: 'sag-2' })], undefined],
  ])('%s', (_name, grants, expected) => {
    const period = casePeriodFromGrants('sag-1', grants, today);
    expect(
      period === undefined ? undefined : `${period.from.toString()}/${period.to?.toString() ?? 'null'}`,
    ).toBe(expected);
  });
});

describe('expiredOn: when the 04:00 run closes a granted case (today 5 May 2025)', () => {
  it.each<[string, Grant[], string | undefined]>([
    ['an open-ended grant: never', [grant('g1', '2025-01-01', null)], undefined],
    ['a grant ending today: not yet, today is granted', [grant('g1', '2025-01-01', '2025-05-05')], undefined],
    ['a grant that ended yesterday: its last day', [grant('g1', '2025-01-01', '2025-05-04')], '2025-05-04'],
    [
      'two ended grants: the later end',
      [grant('g1', '2024-06-01', '2024-12-31'), grant('g2', '2024-01-01', '2024-03-31')],
      '2024-12-31',
    ],
    [
      'an ended grant and one still open: not yet',
      [grant('g1', '2024-01-01', '2024-03-31'), grant('g2', '2025-05-01', '2025-06-30')],
      undefined,
    ],
    [
      'a superseded open row does not keep it open',
      [grant('g1', '2025-01-01', null, { supersededAt: recorded }), grant('g2', '2025-01-01', '2025-04-30')],
      '2025-04-30',
    ],
    [
      'another case’s open grant does not keep it open',
      [grant('g1', '2025-01-01', null, { caseId: 'sag-2' }), grant('g2', '2025-01-01', '2025-04-30')],
      '2025-04-30',
    ],
    [
      'no standing grant: nothing to decide',
      [grant('g1', '2025-01-01', '2025-04-30', { supersededAt: recorded })],
      undefined,
    ],
  ])('%s', (_name, grants, expected) => {
    expect(expiredOn('sag-1', grants, today)?.toString()).toBe(expected);
  });

  it('closes exactly when no standing grant of the case is open on the day (any grants, any day)', () => {
    const anyDay = fc.integer({ min: 0, max: 1500 }).map((days) => d('2022-01-01').add({ days }));
    const anyGrant = fc
      .tuple(anyDay, fc.option(fc.integer({ min: 0, max: 400 })), fc.boolean(), fc.boolean())
      .map(([from, length, superseded, other]): Grant =>
        grant('g', from.toString(), length === null ? null : from.add({ days: length }).toString(), {
          ...(superseded ? { supersededAt: recorded } : {}),
          ...(other ? { caseId: 'sag-2' } : {}),
        }),
      );
    fc.assert(
      fc.property(fc.array(anyGrant, { maxLength: 5 }), anyDay, (grants, day) => {
        const standing = grants.filter((g) => g.caseId === 'sag-1' && g.supersededAt === null);
        const last = expiredOn('sag-1', grants, day);
        if (
          standing.length === 0 ||
          standing.some((g) => g.to === null || Temporal.PlainDate.compare(g.to, day) >= 0)
        ) {
          expect(last).toBeUndefined();
        } else {
          expect(last).toBeDefined();
          expect(Temporal.PlainDate.compare(last as Temporal.PlainDate, day)).toBeLessThan(0);
          expect(standing.some((g) => g.to?.equals(last as Temporal.PlainDate))).toBe(true);
        }
      }),
    );
  });
});

describe('overlap', () => {
  const anyDay = fc.integer({ min: 0, max: 2000 }).map((days) => d('2020-01-01').add({ days }));
  const anyPeriod = fc
    .tuple(anyDay, fc.option(fc.integer({ min: 0, max: 400 })))
    .map(([from, length]) => ({ from, to: length === null ? null : from.add({ days: length }) }));

  it('is symmetric, and holds exactly when the later start lies in both periods', () => {
    fc.assert(
      fc.property(anyPeriod, anyPeriod, (a, b) => {
        const inside = (p: typeof a, day: Temporal.PlainDate) =>
          Temporal.PlainDate.compare(p.from, day) <= 0 &&
          (p.to === null || Temporal.PlainDate.compare(day, p.to) <= 0);
        const laterStart = Temporal.PlainDate.compare(a.from, b.from) >= 0 ? a.from : b.from;
        expect(overlaps(a, b)).toBe(overlaps(b, a));
        expect(overlaps(a, b)).toBe(inside(a, laterStart) && inside(b, laterStart));
      }),
    );
  });
});
