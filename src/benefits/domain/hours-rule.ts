/**
 * The 225-hour rule (225-timersreglen, aktivloven §§ 13 f-13 h and § 26, stk. 4-11), in force 1 Apr 2016 -
 * 30 Jun 2025, pure (docs/decisions/0025-hours-rule.md). It decides, for the month a consequence would start
 * (always from the 1st, § 13 g, stk. 2), whether the person is covered, whether 225 hours of ordinary,
 * unsubsidised work lie within the last 12 calendar months, and what follows: for an unmarried person a
 * reduction by the indexed amount of the rate category (none at SU level), for a married person the lapse of
 * their help. It never reduces anything itself: only a decided effect (./hours-rule-line.ts) does.
 *
 * Months are the unit, as the registrations are: a month counts as a month with help when help to
 * self-support (HTF) covers at least one of its days; a month's hours count when any of its days lies in the
 * (extended) window. Both readings are ours where the sources speak of days (ADR 0025).
 */
import { Temporal } from 'temporal-polyfill';
import type { HoursRuleExemption, Registration, RegistrationValue } from '../../cases/index.ts';
import { fail, formatDanishDate, formatDanishMonth, ok, type Result } from '../../kernel/index.ts';
import { exemptionLabels, formatHours, inForceOn } from './registrations.ts';

/** The rule's period: "225-timersreglen" from 1 Apr 2016, abolished by the reform from 1 Jul 2025. */
export const hoursRulePeriod = {
  from: Temporal.PlainDate.from('2016-04-01'),
  to: Temporal.PlainDate.from('2025-06-30'),
} as const;

/**
 * The months hours may be registered for: from 3 years before the rule began (an extended 12-month window
 * reaches back past 12 months) to its last month.
 */
export const hoursRegistrationMonths = {
  first: Temporal.PlainYearMonth.from('2013-04'),
  last: Temporal.PlainYearMonth.from('2025-06'),
} as const;

/**
 * A registration of the rule checked against the rule's period and what stands (`standing`, without the row
 * a correction replaces): hours for a month from `hoursRegistrationMonths.first` to the rule's last month,
 * once per month; an exemption or extension beginning before the rule ended. Other kinds pass.
 */
export function checkHoursRegistration(
  registration: { readonly from: Temporal.PlainDate; readonly value: RegistrationValue },
  standing: readonly Registration[],
): Result<void> {
  const kind = registration.value.kind;
  if (kind === 'timeregel-timer') {
    const month = registration.from.toPlainYearMonth();
    if (
      Temporal.PlainYearMonth.compare(month, hoursRegistrationMonths.first) < 0 ||
      Temporal.PlainYearMonth.compare(month, hoursRegistrationMonths.last) > 0
    ) {
      return fail(
        'uden-for-reglens-periode',
        `225-timersreglen gjaldt 1. april 2016 - 30. juni 2025: timer registreres for ${formatDanishMonth(hoursRegistrationMonths.first)} til ${formatDanishMonth(hoursRegistrationMonths.last)}, ikke ${formatDanishMonth(month)}`,
        'from',
      );
    }
    const twice = standing.find(
      (row) => row.value.kind === 'timeregel-timer' && row.from.toPlainYearMonth().equals(month),
    );
    if (twice !== undefined) {
      return fail(
        'timer-allerede-registreret',
        `Der er allerede registreret timer for ${formatDanishMonth(month)}; ret den registrering i stedet`,
        'from',
      );
    }
  }
  if (
    (kind === 'timeregel-undtagelse' || kind === 'timeregel-forlaengelse') &&
    Temporal.PlainDate.compare(registration.from, hoursRulePeriod.to) > 0
  ) {
    return fail(
      'uden-for-reglens-periode',
      '225-timersreglen er ophævet fra 1. juli 2025: en undtagelse eller forlængelse kan ikke begynde efter 30. juni 2025',
      'from',
    );
  }
  return ok(undefined);
}

export const requiredHours = 225;
/** "inden for de seneste 12 kalendermåneder" (§ 13 f, stk. 6). */
export const windowMonths = 12;
/** "modtaget hjælp i sammenlagt 1 år inden for 3 år" (§ 13 f, stk. 10-11): 12 months within 36. */
export const coverageMonths = 12;
export const coverageWindowMonths = 36;

/** A period that extends the 12-month window, with its source. */
export interface Suspension {
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate;
  readonly source: string;
}

/**
 * The COVID-19 periods the 12-month window is extended by, and in which no reduction or lapse takes effect
 * (§ 13 h, stk. 2-3 as amended; skr. nr. 9226 af 23.4.2020: "hjælpen ikke skulle nedsættes eller bortfalde i
 * denne periode"). Hours worked in them still count.
 */
export const suspensions: readonly Suspension[] = [
  {
    from: Temporal.PlainDate.from('2020-03-09'),
    to: Temporal.PlainDate.from('2020-09-08'),
    source: 'aktivloven § 13 h, stk. 2 (lov nr. 473 af 22.4.2020, lov nr. 959 af 26.6.2020)',
  },
  {
    from: Temporal.PlainDate.from('2020-11-01'),
    to: Temporal.PlainDate.from('2021-06-30'),
    source:
      'aktivloven § 13 h, stk. 3 (lov nr. 1642 af 19.11.2020, lov nr. 59 af 19.1.2021, lov nr. 467 af 20.3.2021, lov nr. 878 af 12.5.2021)',
  },
];

export type HoursRuleConsequence = 'ingen' | 'nedsaettelse' | 'bortfald';

interface Period {
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
}

/** What the rule reads of a person: built by `hoursHistory` from registrations and grants. */
export interface HoursHistory {
  /** Months (`2021-03`) with help to self-support on at least one day. */
  readonly helpMonths: ReadonlySet<string>;
  /** Hours of ordinary, unsubsidised work per month (`2021-03` → 37.5). */
  readonly hours: ReadonlyMap<string, number>;
  readonly exemptions: readonly (Period & { readonly exemption: HoursRuleExemption })[];
  /** Periods that extend the 12-month window beyond the suspensions (§ 13 f, stk. 12). */
  readonly extensions: readonly Period[];
  /** The person's civil-status registrations (the rule reads `gift` on the 1st of the month). */
  readonly civil: readonly Registration[];
}

/**
 * The person's history from their registrations (as known) and the periods HTF was granted them in this
 * system, both read up to `until` (help not yet received does not count).
 */
export function hoursHistory(
  registrations: readonly Registration[],
  helpGrants: readonly Period[],
  until: Temporal.PlainDate,
): HoursHistory {
  const helpMonths = new Set<string>();
  const addMonths = (period: Period) => {
    const last = period.to === null || Temporal.PlainDate.compare(period.to, until) > 0 ? until : period.to;
    let month = period.from.toPlainYearMonth();
    while (Temporal.PlainYearMonth.compare(month, last.toPlainYearMonth()) <= 0) {
      if (Temporal.PlainDate.compare(period.from, last) > 0) break;
      helpMonths.add(month.toString());
      month = month.add({ months: 1 });
    }
  };
  helpGrants.forEach(addMonths);
  const hours = new Map<string, number>();
  const exemptions: (Period & { exemption: HoursRuleExemption })[] = [];
  const extensions: Period[] = [];
  const civil: Registration[] = [];
  for (const registration of registrations) {
    const value = registration.value;
    if (value.kind === 'ydelseshistorik') addMonths(registration);
    if (value.kind === 'timeregel-timer') {
      const key = registration.from.toPlainYearMonth().toString();
      hours.set(key, (hours.get(key) ?? 0) + value.hours);
    }
    if (value.kind === 'timeregel-undtagelse')
      exemptions.push({ from: registration.from, to: registration.to, exemption: value.exemption });
    if (value.kind === 'timeregel-forlaengelse') extensions.push(registration);
    if (value.kind === 'civilstand') civil.push(registration);
  }
  return { helpMonths, hours, exemptions, extensions, civil };
}

/** What the rule decides for the month a consequence would start. */
export interface HoursAssessment {
  readonly month: Temporal.PlainYearMonth;
  /** The rule is in force on the month's 1st. */
  readonly inForce: boolean;
  /** The COVID period the 1st lies in: nothing takes effect then. */
  readonly suspended: Suspension | null;
  /** Months with help within the 36 before the month. */
  readonly helpMonths: number;
  readonly covered: boolean;
  /** The 1st of the month after the 12th month with help in that window; null when not covered. */
  readonly overgangsdato: Temporal.PlainDate | null;
  readonly window: { readonly from: Temporal.PlainDate; readonly to: Temporal.PlainDate };
  /** Days the window is extended by (suspensions and extension periods within it). */
  readonly extendedDays: number;
  readonly hours: number;
  readonly met: boolean;
  readonly exemption: HoursRuleExemption | null;
  readonly married: boolean;
  readonly consequence: HoursRuleConsequence;
  /** Why, in Danish, one sentence per finding. */
  readonly reasons: readonly string[];
}

const monthKey = (month: Temporal.PlainYearMonth) => month.toString();

function overlapDays(
  period: Period,
  from: Temporal.PlainDate,
  to: Temporal.PlainDate,
): { from: Temporal.PlainDate; to: Temporal.PlainDate } | undefined {
  const start = Temporal.PlainDate.compare(period.from, from) > 0 ? period.from : from;
  const end = period.to === null || Temporal.PlainDate.compare(period.to, to) > 0 ? to : period.to;
  return Temporal.PlainDate.compare(start, end) <= 0 ? { from: start, to: end } : undefined;
}

/** Days from `from` to `to` covered by any of the periods, each day counted once. */
function coveredDays(periods: readonly Period[], from: Temporal.PlainDate, to: Temporal.PlainDate): number {
  const parts = periods
    .map((period) => overlapDays(period, from, to))
    .filter((part) => part !== undefined)
    .sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
  let days = 0;
  let reached: Temporal.PlainDate | undefined;
  for (const part of parts) {
    const start =
      reached !== undefined && Temporal.PlainDate.compare(part.from, reached) <= 0
        ? reached.add({ days: 1 })
        : part.from;
    if (Temporal.PlainDate.compare(start, part.to) <= 0) days += start.until(part.to).days + 1;
    if (reached === undefined || Temporal.PlainDate.compare(part.to, reached) > 0) reached = part.to;
  }
  return days;
}

/**
 * The 12 calendar months before the month, extended back by the days of suspensions and extension periods
 * within the window, until the extension no longer grows (principafgørelse 33-18: extensions counted in days).
 */
export function hoursWindow(
  history: Pick<HoursHistory, 'extensions'>,
  month: Temporal.PlainYearMonth,
): { from: Temporal.PlainDate; to: Temporal.PlainDate; extendedDays: number } {
  const first = month.toPlainDate({ day: 1 });
  const to = first.subtract({ days: 1 });
  const nominal = first.subtract({ months: windowMonths });
  const periods: Period[] = [...suspensions, ...history.extensions];
  let extendedDays = 0;
  for (;;) {
    const from = nominal.subtract({ days: extendedDays });
    const days = coveredDays(periods, from, to);
    if (days === extendedDays) return { from, to, extendedDays };
    extendedDays = days;
  }
}

/** The hours of the months that have a day from `from` to `to`. */
function hoursBetween(
  hours: ReadonlyMap<string, number>,
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
): number {
  let sum = 0;
  for (let month = from; Temporal.PlainYearMonth.compare(month, to) <= 0; month = month.add({ months: 1 })) {
    sum += hours.get(monthKey(month)) ?? 0;
  }
  return Math.round(sum * 100) / 100;
}

function suspensionOn(day: Temporal.PlainDate): Suspension | null {
  return (
    suspensions.find(
      (s) => Temporal.PlainDate.compare(s.from, day) <= 0 && Temporal.PlainDate.compare(day, s.to) <= 0,
    ) ?? null
  );
}

/** Whether a civil-status registration in force on the day says `gift`. */
function marriedOn(civil: readonly Registration[], day: Temporal.PlainDate): boolean {
  const found = inForceOn(civil, day)
    .toSorted(
      (a, b) =>
        Temporal.PlainDate.compare(a.from, b.from) || Temporal.Instant.compare(a.recordedAt, b.recordedAt),
    )
    .at(-1)?.value;
  return found?.kind === 'civilstand' && found.status === 'gift';
}

/**
 * The rule for a consequence from the month's 1st: covered (12 months with help within the 36 before),
 * 225 hours within the extended 12-month window, no exemption on the 1st, not in a COVID period, in force.
 * Unmarried (and cohabiting, ADR 0025): `nedsaettelse`; married: `bortfald` of this spouse's help.
 */
export function assessMonth(history: HoursHistory, month: Temporal.PlainYearMonth): HoursAssessment {
  const first = month.toPlainDate({ day: 1 });
  const reasons: string[] = [];
  const inForce =
    Temporal.PlainDate.compare(hoursRulePeriod.from, first) <= 0 &&
    Temporal.PlainDate.compare(first, hoursRulePeriod.to) <= 0;
  if (!inForce) {
    reasons.push(
      `225-timersreglen gælder fra 1.4.2016 til 30.6.2025, ikke ${formatDanishDate(first)} (aktivloven § 13 f; ophævet fra 1.7.2025)`,
    );
  }
  const suspended = suspensionOn(first);
  if (suspended !== null) {
    reasons.push(
      `${formatDanishDate(first)} ligger i perioden ${formatDanishDate(suspended.from)}-${formatDanishDate(suspended.to)}, hvor hjælpen ikke nedsættes eller bortfalder (${suspended.source})`,
    );
  }
  const help: Temporal.PlainYearMonth[] = [];
  for (let back = coverageWindowMonths; back >= 1; back--) {
    const candidate = month.subtract({ months: back });
    if (history.helpMonths.has(monthKey(candidate))) help.push(candidate);
  }
  const covered = help.length >= coverageMonths;
  const twelfth = help[coverageMonths - 1];
  const overgangsdato =
    covered && twelfth !== undefined ? twelfth.add({ months: 1 }).toPlainDate({ day: 1 }) : null;
  reasons.push(
    covered
      ? `Omfattet: hjælp i ${String(help.length)} af de 36 måneder før ${formatDanishMonth(month)}; overgangsdato ${formatDanishDate(overgangsdato ?? first)} (aktivloven § 13 f, stk. 10)`
      : `Ikke omfattet: hjælp i ${String(help.length)} af de 36 måneder før ${formatDanishMonth(month)}, under 12 (aktivloven § 13 f, stk. 10)`,
  );
  const window = hoursWindow(history, month);
  const hours = hoursBetween(history.hours, window.from.toPlainYearMonth(), window.to.toPlainYearMonth());
  const met = hours >= requiredHours;
  reasons.push(
    `${formatHours(hours)} timers ordinært og ustøttet arbejde fra ${formatDanishDate(window.from)} til ${formatDanishDate(window.to)}${window.extendedDays > 0 ? ` (12 måneder forlænget med ${String(window.extendedDays)} dage)` : ''}: kravet om ${String(requiredHours)} timer er ${met ? '' : 'ikke '}opfyldt`,
  );
  const exemption =
    history.exemptions.find(
      (e) =>
        Temporal.PlainDate.compare(e.from, first) <= 0 &&
        (e.to === null || Temporal.PlainDate.compare(first, e.to) <= 0),
    )?.exemption ?? null;
  if (exemption !== null) reasons.push(`Undtaget: ${exemptionLabels[exemption]}`);
  const married = marriedOn(history.civil, first);
  const applies = inForce && suspended === null && covered && !met && exemption === null;
  const consequence: HoursRuleConsequence = !applies ? 'ingen' : married ? 'bortfald' : 'nedsaettelse';
  if (applies) {
    reasons.push(
      married
        ? `Gift: hjælpen til den ægtefælle, der ikke opfylder kravet, bortfalder fra ${formatDanishDate(first)} (aktivloven § 13 f, stk. 1-2, og § 26)`
        : `Ugift: hjælpen nedsættes fra ${formatDanishDate(first)} (aktivloven § 13 g, stk. 1-2)`,
    );
  }
  return {
    month,
    inForce,
    suspended,
    helpMonths: help.length,
    covered,
    overgangsdato,
    window: { from: window.from, to: window.to },
    extendedDays: window.extendedDays,
    hours,
    met,
    exemption,
    married,
    consequence,
    reasons,
  };
}

/** The first month from `from` to `to` (both included) whose assessment has a consequence. */
export function firstConsequence(
  history: HoursHistory,
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
): HoursAssessment | undefined {
  for (let month = from; Temporal.PlainYearMonth.compare(month, to) <= 0; month = month.add({ months: 1 })) {
    const assessment = assessMonth(history, month);
    if (assessment.consequence !== 'ingen') return assessment;
  }
  return undefined;
}

/**
 * The month full help comes back after a reduction or lapse from `effectFrom`: the first month after it
 * whose last 12 calendar months hold 225 hours, all worked from `effectFrom` on (§ 13 f: "Alle
 * arbejdstimerne skal ligge efter det tidspunkt, hvor hjælpen blev nedsat"); null while they do not.
 */
export function regainedFrom(
  hours: ReadonlyMap<string, number>,
  effectFrom: Temporal.PlainYearMonth,
  until: Temporal.PlainYearMonth,
): Temporal.PlainYearMonth | null {
  for (
    let month = effectFrom.add({ months: 1 });
    Temporal.PlainYearMonth.compare(month, until) <= 0;
    month = month.add({ months: 1 })
  ) {
    const start = month.subtract({ months: windowMonths });
    const from = Temporal.PlainYearMonth.compare(start, effectFrom) > 0 ? start : effectFrom;
    if (hoursBetween(hours, from, month.subtract({ months: 1 })) >= requiredHours) return month;
  }
  return null;
}
