/**
 * The extract of release 6.1, pure (docs/decisions/0025-hours-rule.md): a legacy system's 225-hour rule
 * dates compared with what the rule finds from the data as converted, and for a case whose bortfaldsdato no
 * longer matches, the reason. The same comparison runs before a release (a preview over the legacy file and
 * the data already here), so a municipality can act before go-live, and after it (over the converted rows).
 */
import { Temporal } from 'temporal-polyfill';
import { assessMonth, firstConsequence, hoursRulePeriod, type HoursHistory } from './hours-rule.ts';

/** The reasons the notice names, in its order of precedence here. */
export const extractReasons = [
  'kmd-aktiv-fejl',
  'manglende-ydelseshistorik',
  'manglende-overgangsdato',
  'bortfaldsdato-under-bga',
  'ukendt',
] as const;
export type ExtractReason = (typeof extractReasons)[number];

export const extractReasonLabels: Readonly<Record<ExtractReason, string>> = {
  'kmd-aktiv-fejl': 'KMD Aktiv-fejl: de gamle data er markeret som fejlbehæftede eller hænger ikke sammen',
  'manglende-ydelseshistorik':
    'Manglende ydelseshistorik: ingen måneder med hjælp i de 3 år før bortfaldsdatoen',
  'manglende-overgangsdato':
    'Manglende overgangsdato: ingen overgangsdato, eller borgeren er ikke omfattet på datoen',
  'bortfaldsdato-under-bga':
    'Bortfaldsdato under BGA: den gamle bortfaldsdato ligger før den dato, grundlaget giver nu',
  ukendt: 'Ukendt: datoerne er forskellige af en anden grund',
};

/** What the legacy system had for a case. */
export interface LegacyHoursRule {
  readonly overgangsdato: Temporal.PlainDate | null;
  readonly bortfaldsdato: Temporal.PlainDate | null;
  /** The legacy system's own error mark for the row, if any. */
  readonly kmdFejl: string | null;
}

export interface LegacyComparison {
  /** The bortfaldsdato the rule finds now; null when it finds none. */
  readonly after: Temporal.PlainDate | null;
  readonly matches: boolean;
  /** Why they differ; null when they match. */
  readonly reason: ExtractReason | null;
}

const lastMonth = hoursRulePeriod.to.toPlainYearMonth();

/** Whether the legacy dates are consistent in themselves: a 1st within the rule, after the overgangsdato. */
function legacyConsistent(legacy: LegacyHoursRule): boolean {
  const date = legacy.bortfaldsdato;
  if (legacy.kmdFejl !== null && legacy.kmdFejl.trim() !== '') return false;
  if (date === null) return true;
  if (date.day !== 1) return false;
  if (Temporal.PlainDate.compare(date, hoursRulePeriod.from) < 0) return false;
  if (Temporal.PlainDate.compare(date, hoursRulePeriod.to) > 0) return false;
  return legacy.overgangsdato === null || Temporal.PlainDate.compare(legacy.overgangsdato, date) <= 0;
}

/**
 * The legacy dates against the rule over the history as converted. A legacy bortfaldsdato matches when the
 * rule finds a consequence from that very month; otherwise the rule's date after conversion is its first
 * consequence after it (none: null). Without a legacy bortfaldsdato it matches when the rule finds none from
 * the legacy overgangsdato (or the rule's start) to June 2025. A mismatch's reason is the first that holds:
 * the legacy data's own fault, no help in the 3 years before the legacy date, no overgangsdato or not
 * covered on it, the legacy date before the rule's (our reading of "under BGA"), else unknown.
 */
export function compareLegacy(legacy: LegacyHoursRule, history: HoursHistory): LegacyComparison {
  const first = hoursRulePeriod.from.toPlainYearMonth();
  const firstFrom = (month: Temporal.PlainYearMonth) => {
    const from = Temporal.PlainYearMonth.compare(month, first) < 0 ? first : month;
    const found =
      Temporal.PlainYearMonth.compare(from, lastMonth) <= 0
        ? firstConsequence(history, from, lastMonth)
        : undefined;
    return found === undefined ? null : found.month.toPlainDate({ day: 1 });
  };
  if (legacy.bortfaldsdato === null) {
    const after = firstFrom((legacy.overgangsdato ?? hoursRulePeriod.from).toPlainYearMonth());
    return after === null
      ? { after, matches: true, reason: null }
      : { after, matches: false, reason: reasonOf(legacy, history, after) };
  }
  const month = legacy.bortfaldsdato.toPlainYearMonth();
  const inRule =
    legacy.bortfaldsdato.day === 1 &&
    Temporal.PlainYearMonth.compare(month, first) >= 0 &&
    Temporal.PlainYearMonth.compare(month, lastMonth) <= 0;
  if (inRule && assessMonth(history, month).consequence !== 'ingen') {
    return { after: legacy.bortfaldsdato, matches: true, reason: null };
  }
  const after = firstFrom(month.add({ months: 1 }));
  return { after, matches: false, reason: reasonOf(legacy, history, after) };
}

function reasonOf(
  legacy: LegacyHoursRule,
  history: HoursHistory,
  after: Temporal.PlainDate | null,
): ExtractReason {
  if (!legacyConsistent(legacy)) return 'kmd-aktiv-fejl';
  const date = legacy.bortfaldsdato ?? after;
  if (date === null) return 'ukendt';
  const assessment = assessMonth(history, date.toPlainYearMonth());
  if (assessment.helpMonths === 0) return 'manglende-ydelseshistorik';
  if (legacy.overgangsdato === null || !assessment.covered) return 'manglende-overgangsdato';
  if (
    legacy.bortfaldsdato !== null &&
    after !== null &&
    Temporal.PlainDate.compare(legacy.bortfaldsdato, after) < 0
  ) {
    return 'bortfaldsdato-under-bga';
  }
  return 'ukendt';
}
