import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { Registration, RegistrationValue } from '../../cases/index.ts';
import { inForceOn, knownAt, latest, summarize } from './registrations.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const at = (text: string) => Temporal.Instant.from(text);

function registration(
  id: string,
  from: string,
  to: string | null,
  recordedAt = '2025-01-01T10:00:00Z',
  supersededAt: string | null = null,
  value: RegistrationValue = { kind: 'hjemmeboende' },
): Registration {
  return {
    id,
    personId: 'p1',
    caseId: null,
    from: d(from),
    to: to === null ? null : d(to),
    value,
    recordedAt: at(recordedAt),
    recordedBy: 'sb101@101',
    supersededAt: supersededAt === null ? null : at(supersededAt),
  };
}

describe('knownAt: recorded by the instant and not yet superseded then', () => {
  const original = registration('a', '2025-01-01', null, '2025-01-10T09:00:00Z', '2025-02-01T12:00:00Z');
  const correction = registration('b', '2025-01-01', '2025-03-31', '2025-02-01T12:00:00Z');
  const all = [original, correction];
  it.each<[string, string, string[]]>([
    ['before anything was recorded', '2025-01-10T08:59:59Z', []],
    ['the instant it was recorded', '2025-01-10T09:00:00Z', ['a']],
    ['just before the correction', '2025-02-01T11:59:59.999Z', ['a']],
    ['the instant of the correction: the new row replaces the old', '2025-02-01T12:00:00Z', ['b']],
    ['now', '2026-01-01T00:00:00Z', ['b']],
  ])('%s', (_name, instant, ids) => {
    expect(knownAt(all, at(instant)).map((row) => row.id)).toEqual(ids);
  });
});

describe('inForceOn: both days inclusive, open-ended when to is null', () => {
  const rows = [registration('a', '2025-03-10', '2025-03-20'), registration('b', '2025-03-15', null)];
  it.each<[string, string[]]>([
    ['2025-03-09', []],
    ['2025-03-10', ['a']],
    ['2025-03-15', ['a', 'b']],
    ['2025-03-20', ['a', 'b']],
    ['2025-03-21', ['b']],
    ['2099-12-31', ['b']],
  ])('%s', (date, ids) => {
    expect(inForceOn(rows, d(date)).map((row) => row.id)).toEqual(ids);
  });
});

describe('latest: the latest start wins, then the latest recorded', () => {
  it('picks by start, then by recording', () => {
    const early = registration('a', '2025-01-01', null, '2025-06-01T00:00:00Z');
    const late = registration('b', '2025-02-01', null, '2025-01-01T00:00:00Z');
    const lateRecordedLater = registration('c', '2025-02-01', null, '2025-01-02T00:00:00Z');
    expect(latest([early, late])?.id).toBe('b');
    expect(latest([late, lateRecordedLater, early])?.id).toBe('c');
    expect(latest([])).toBeUndefined();
  });
});

describe('summaries in Danish', () => {
  it.each<[RegistrationValue, string]>([
    [{ kind: 'barn', birthDate: d('2020-03-10') }, 'barn født 10.03.2020'],
    [
      { kind: 'civilstand', status: 'gift', spouseOnBenefit: true },
      'gift, ægtefælle/samlever modtager også hjælp',
    ],
    [{ kind: 'arbejdsindtaegt', amount: 450000, hours: 7.5 }, 'arbejdsindtægt 4.500,00 kr., 7,5 timer'],
    [
      { kind: 'skattekort', rateBasisPoints: 3850, monthlyAllowance: 450000 },
      'trækprocent 38,5 %, fradrag 4.500,00 kr.',
    ],
    [
      { kind: 'bevilget-beloeb', monthly: 200000, reason: 'Tandbehandling' },
      'bevilget 2.000,00 kr. pr. måned – begrundelse: Tandbehandling',
    ],
  ])('%j', (value, text) => {
    expect(summarize(value)).toBe(text);
  });
});
