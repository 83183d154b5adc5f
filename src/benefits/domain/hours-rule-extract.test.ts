import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { compareLegacy, type LegacyHoursRule } from './hours-rule-extract.ts';
import type { HoursHistory } from './hours-rule.ts';

const d = (text: string) => Temporal.PlainDate.from(text);

/** Help in every month from `from` to `to` (YYYY-MM), hours by month, exemptions. */
function history(
  help: [string, string] | null,
  hours: Record<string, number> = {},
  exemptions: HoursHistory['exemptions'] = [],
): HoursHistory {
  const helpMonths = new Set<string>();
  if (help !== null) {
    for (
      let m = Temporal.PlainYearMonth.from(help[0]);
      Temporal.PlainYearMonth.compare(m, Temporal.PlainYearMonth.from(help[1])) <= 0;
      m = m.add({ months: 1 })
    ) {
      helpMonths.add(m.toString());
    }
  }
  return { helpMonths, hours: new Map(Object.entries(hours)), exemptions, extensions: [], civil: [] };
}

const legacy = (
  bortfaldsdato: string | null,
  overgangsdato: string | null = '2022-01-01',
  kmdFejl: string | null = null,
): LegacyHoursRule => ({
  overgangsdato: overgangsdato === null ? null : d(overgangsdato),
  bortfaldsdato: bortfaldsdato === null ? null : d(bortfaldsdato),
  kmdFejl,
});

const helped = history(['2021-01', '2024-06']);

describe('the legacy bortfaldsdato against the rule after conversion', () => {
  it.each([
    // name, legacy, history, matches, after, reason
    ['the rule lowers from the legacy date: a match', legacy('2024-02-01'), helped, true, '2024-02-01', null],
    [
      'a legacy date not on a 1st: the legacy data is faulty',
      legacy('2024-02-15'),
      helped,
      false,
      '2024-03-01',
      'kmd-aktiv-fejl',
    ],
    [
      'the legacy system marked the row, and the dates differ',
      legacy('2024-02-01', '2022-01-01', 'Fejl i KMD Aktiv'),
      history(['2021-01', '2024-06'], { '2023-06': 230 }),
      false,
      '2024-07-01',
      'kmd-aktiv-fejl',
    ],
    [
      'no help converted: no benefit history',
      legacy('2024-02-01'),
      history(null),
      false,
      null,
      'manglende-ydelseshistorik',
    ],
    [
      'help for 8 months only: not covered, no overgangsdato',
      legacy('2024-02-01'),
      history(['2023-06', '2024-01']),
      false,
      null,
      'manglende-overgangsdato',
    ],
    [
      'no legacy overgangsdato',
      legacy('2024-02-01', null),
      history(['2023-06', '2024-01']),
      false,
      null,
      'manglende-overgangsdato',
    ],
    [
      '225 hours in March 2023: the rule lowers only from April 2024, later than the legacy date',
      legacy('2024-02-01'),
      history(['2021-01', '2024-06'], { '2023-03': 225 }),
      false,
      '2024-04-01',
      'bortfaldsdato-under-bga',
    ],
    [
      'exempt from February 2024 on: the rule finds no date at all',
      legacy('2024-02-01'),
      history(['2021-01', '2024-06'], {}, [{ from: d('2024-02-01'), to: null, exemption: 'revalidering' }]),
      false,
      null,
      'ukendt',
    ],
    [
      'no legacy date and none now: a match',
      legacy(null),
      history(['2021-01', '2024-06'], {}, [
        { from: d('2016-01-01'), to: null, exemption: 'begraenset-arbejdsevne' },
      ]),
      true,
      null,
      null,
    ],
    ['no legacy date, but the rule finds one', legacy(null), helped, false, '2022-01-01', 'ukendt'],
  ] as const)('%s', (_name, old, converted, matches, after, reason) => {
    const compared = compareLegacy(old, converted);
    expect(compared.matches).toBe(matches);
    expect(compared.after?.toString() ?? null).toBe(after);
    expect(compared.reason).toBe(reason);
  });
});
