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
import { exemptionLabels, formatHours } from './registrations.ts';

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

// The rule runs for every month of every recipient's history (the benchmark: 200,000 recipients over 36
// months), so inside it months are whole numbers (year × 12 + month − 1) and days are days since
// 1970-01-01; Temporal values are made only for what an assessment shows.
/** Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (the inverse of `daysFromCivil`). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return {
    year: yoe + era * 400 + (month <= 2 ? 1 : 0),
    month,
    day: doy - Math.floor((153 * mp + 2) / 5) + 1,
  };
}

const dayOf = (date: Temporal.PlainDate): number => daysFromCivil(date.year, date.month, date.day);
const monthNumber = (month: Temporal.PlainYearMonth): number => month.year * 12 + month.month - 1;
const monthOfDay = (day: number): number => {
  const date = civilFromDays(day);
  return date.year * 12 + date.month - 1;
};
const firstDayOfMonth = (month: number): number => daysFromCivil(Math.floor(month / 12), (month % 12) + 1, 1);
const dateOfDay = (day: number): Temporal.PlainDate => Temporal.PlainDate.from(civilFromDays(day));
const monthOfNumber = (month: number): Temporal.PlainYearMonth =>
  Temporal.PlainYearMonth.from({ year: Math.floor(month / 12), month: (month % 12) + 1 });
const monthKeyOf = (month: number): string =>
  `${String(Math.floor(month / 12)).padStart(4, '0')}-${String((month % 12) + 1).padStart(2, '0')}`;

/** A period as days, both inclusive; an open end is +∞. */
interface Days {
  readonly from: number;
  readonly to: number;
}
const daysOf = (period: Period): Days => ({
  from: dayOf(period.from),
  to: period.to === null ? Number.POSITIVE_INFINITY : dayOf(period.to),
});

/**
 * The person's history from their registrations (as known) and the periods HTF was granted them in this
 * system, both read up to `until` (help not yet received does not count).
 */
export function hoursHistory(
  registrations: readonly Registration[],
  helpGrants: readonly Period[],
  until: Temporal.PlainDate,
): HoursHistory {
  const last = dayOf(until);
  const helpMonths = new Set<string>();
  const addMonths = (period: Period) => {
    const days = daysOf(period);
    const end = Math.min(days.to, last);
    if (days.from > end) return;
    for (let month = monthOfDay(days.from); month <= monthOfDay(end); month++)
      helpMonths.add(monthKeyOf(month));
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
      const key = monthKeyOf(monthOfDay(dayOf(registration.from)));
      hours.set(key, (hours.get(key) ?? 0) + value.hours);
    }
    if (value.kind === 'timeregel-undtagelse')
      exemptions.push({ from: registration.from, to: registration.to, exemption: value.exemption });
    if (value.kind === 'timeregel-forlaengelse') extensions.push(registration);
    if (value.kind === 'civilstand') civil.push(registration);
  }
  return { helpMonths, hours, exemptions, extensions, civil };
}

/** A history as whole numbers, made once per history (a history is never changed after it is built). */
interface HistoryIndex {
  /** The months with help, ascending. */
  readonly help: readonly number[];
  /** Hours per month from `firstHoursMonth`: `sums[i]` is the hours of the months before `firstHoursMonth + i`. */
  readonly firstHoursMonth: number;
  readonly sums: Float64Array;
  /** The suspensions and extension periods, merged into disjoint periods, ascending. */
  readonly extending: readonly Days[];
  readonly exemptions: readonly (Days & { readonly exemption: HoursRuleExemption })[];
  /** Civil status by first day, then recorded, ascending: the last in force on a day counts. */
  readonly civil: readonly (Days & { readonly married: boolean })[];
}

const suspensionDays: readonly (Days & { readonly suspension: Suspension })[] = suspensions.map((s) => ({
  ...daysOf(s),
  suspension: s,
}));
const ruleDays = daysOf(hoursRulePeriod);

const indexes = new WeakMap<HoursHistory, HistoryIndex>();

function merged(periods: readonly Days[]): Days[] {
  const sorted = periods.toSorted((a, b) => a.from - b.from);
  const out: { from: number; to: number }[] = [];
  for (const period of sorted) {
    const previous = out.at(-1);
    if (previous !== undefined && period.from <= previous.to + 1)
      previous.to = Math.max(previous.to, period.to);
    else out.push({ ...period });
  }
  return out;
}

function indexOf(history: HoursHistory): HistoryIndex {
  const known = indexes.get(history);
  if (known !== undefined) return known;
  const toNumber = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
  const help = [...history.helpMonths].map(toNumber).sort((a, b) => a - b);
  const hourMonths = [...history.hours.keys()].map(toNumber);
  const firstHoursMonth = hourMonths.length === 0 ? 0 : Math.min(...hourMonths);
  const lastHoursMonth = hourMonths.length === 0 ? -1 : Math.max(...hourMonths);
  const sums = new Float64Array(lastHoursMonth - firstHoursMonth + 2);
  for (let month = firstHoursMonth; month <= lastHoursMonth; month++) {
    const i = month - firstHoursMonth;
    sums[i + 1] = (sums[i] ?? 0) + (history.hours.get(monthKeyOf(month)) ?? 0);
  }
  const civil = history.civil
    .toSorted(
      (a, b) =>
        Temporal.PlainDate.compare(a.from, b.from) || Temporal.Instant.compare(a.recordedAt, b.recordedAt),
    )
    .map((r) => ({ ...daysOf(r), married: r.value.kind === 'civilstand' && r.value.status === 'gift' }));
  const index: HistoryIndex = {
    help,
    firstHoursMonth,
    sums,
    extending: merged([...suspensionDays, ...history.extensions.map(daysOf)]),
    exemptions: history.exemptions.map((e) => ({ ...daysOf(e), exemption: e.exemption })),
    civil,
  };
  indexes.set(history, index);
  return index;
}

/** The hours of the months from `from` to `to` (both included). */
function hoursBetween(index: HistoryIndex, from: number, to: number): number {
  const last = index.sums.length - 1;
  const at = (month: number) => index.sums[Math.max(0, Math.min(last, month - index.firstHoursMonth))] ?? 0;
  if (to < from) return 0;
  return Math.round((at(to + 1) - at(from)) * 100) / 100;
}

/** The first position in the ascending list holding a value at or above `value`. */
function lowerBound(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Days from `from` to `to` covered by the disjoint periods. */
function coveredDays(periods: readonly Days[], from: number, to: number): number {
  let days = 0;
  for (const period of periods) {
    const start = Math.max(period.from, from);
    const end = Math.min(period.to, to);
    if (start <= end) days += end - start + 1;
  }
  return days;
}

/** The 12 months before the month, extended back by the extending days within, until it no longer grows. */
function windowDays(index: HistoryIndex, month: number): { from: number; to: number; extendedDays: number } {
  const to = firstDayOfMonth(month) - 1;
  const nominal = firstDayOfMonth(month - windowMonths);
  let extendedDays = 0;
  for (;;) {
    const days = coveredDays(index.extending, nominal - extendedDays, to);
    if (days === extendedDays) return { from: nominal - extendedDays, to, extendedDays };
    extendedDays = days;
  }
}

/**
 * The 12 calendar months before the month, extended back by the days of suspensions and extension periods
 * within the window, until the extension no longer grows (principafgørelse 33-18: extensions counted in days).
 */
export function hoursWindow(
  history: Pick<HoursHistory, 'extensions'>,
  month: Temporal.PlainYearMonth,
): { from: Temporal.PlainDate; to: Temporal.PlainDate; extendedDays: number } {
  const index: Pick<HistoryIndex, 'extending'> = {
    extending: merged([...suspensionDays, ...history.extensions.map(daysOf)]),
  };
  const window = windowDays(index as HistoryIndex, monthNumber(month));
  return { from: dateOfDay(window.from), to: dateOfDay(window.to), extendedDays: window.extendedDays };
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

/**
 * The rule for a consequence from the month's 1st: covered (12 months with help within the 36 before),
 * 225 hours within the extended 12-month window, no exemption on the 1st, not in a COVID period, in force.
 * Unmarried (and cohabiting, ADR 0025): `nedsaettelse`; married: `bortfald` of this spouse's help. The dates
 * and Danish reasons it shows are made when read.
 */
export function assessMonth(history: HoursHistory, month: Temporal.PlainYearMonth): HoursAssessment {
  const index = indexOf(history);
  const m = monthNumber(month);
  const first = firstDayOfMonth(m);
  const inForce = ruleDays.from <= first && first <= ruleDays.to;
  const suspended = suspensionDays.find((s) => s.from <= first && first <= s.to)?.suspension ?? null;
  const lo = lowerBound(index.help, m - coverageWindowMonths);
  const helpMonths = lowerBound(index.help, m) - lo;
  const covered = helpMonths >= coverageMonths;
  const twelfth = covered ? (index.help[lo + coverageMonths - 1] ?? null) : null;
  const window = windowDays(index, m);
  const hours = hoursBetween(index, monthOfDay(window.from), monthOfDay(window.to));
  const met = hours >= requiredHours;
  const exemption = index.exemptions.find((e) => e.from <= first && first <= e.to)?.exemption ?? null;
  let married = false;
  for (const status of index.civil) if (status.from <= first && first <= status.to) married = status.married;
  const applies = inForce && suspended === null && covered && !met && exemption === null;
  const consequence: HoursRuleConsequence = !applies ? 'ingen' : married ? 'bortfald' : 'nedsaettelse';
  let shownDates:
    | {
        window: { from: Temporal.PlainDate; to: Temporal.PlainDate };
        overgangsdato: Temporal.PlainDate | null;
      }
    | undefined;
  const dates = () =>
    (shownDates ??= {
      window: { from: dateOfDay(window.from), to: dateOfDay(window.to) },
      overgangsdato: twelfth === null ? null : dateOfDay(firstDayOfMonth(twelfth + 1)),
    });
  let shownReasons: string[] | undefined;
  return {
    month,
    inForce,
    suspended,
    helpMonths,
    covered,
    get overgangsdato() {
      return dates().overgangsdato;
    },
    get window() {
      return dates().window;
    },
    extendedDays: window.extendedDays,
    hours,
    met,
    exemption,
    married,
    consequence,
    get reasons() {
      shownReasons ??= reasonsOf({
        month,
        firstDay: dateOfDay(first),
        inForce,
        suspended,
        helpMonths,
        covered,
        overgangsdato: dates().overgangsdato,
        window: { ...dates().window, extendedDays: window.extendedDays },
        hours,
        met,
        exemption,
        married,
        applies,
      });
      return shownReasons;
    },
  };
}

function reasonsOf(a: {
  month: Temporal.PlainYearMonth;
  firstDay: Temporal.PlainDate;
  inForce: boolean;
  suspended: Suspension | null;
  helpMonths: number;
  covered: boolean;
  overgangsdato: Temporal.PlainDate | null;
  window: { from: Temporal.PlainDate; to: Temporal.PlainDate; extendedDays: number };
  hours: number;
  met: boolean;
  exemption: HoursRuleExemption | null;
  married: boolean;
  applies: boolean;
}): string[] {
  const reasons: string[] = [];
  const first = a.firstDay;
  if (!a.inForce) {
    reasons.push(
      `225-timersreglen gælder fra 1.4.2016 til 30.6.2025, ikke ${formatDanishDate(first)} (aktivloven § 13 f; ophævet fra 1.7.2025)`,
    );
  }
  if (a.suspended !== null) {
    reasons.push(
      `${formatDanishDate(first)} ligger i perioden ${formatDanishDate(a.suspended.from)}-${formatDanishDate(a.suspended.to)}, hvor hjælpen ikke nedsættes eller bortfalder (${a.suspended.source})`,
    );
  }
  reasons.push(
    a.covered
      ? `Omfattet: hjælp i ${String(a.helpMonths)} af de 36 måneder før ${formatDanishMonth(a.month)}; overgangsdato ${formatDanishDate(a.overgangsdato ?? first)} (aktivloven § 13 f, stk. 10)`
      : `Ikke omfattet: hjælp i ${String(a.helpMonths)} af de 36 måneder før ${formatDanishMonth(a.month)}, under 12 (aktivloven § 13 f, stk. 10)`,
  );
  reasons.push(
    `${formatHours(a.hours)} timers ordinært og ustøttet arbejde fra ${formatDanishDate(a.window.from)} til ${formatDanishDate(a.window.to)}${a.window.extendedDays > 0 ? ` (12 måneder forlænget med ${String(a.window.extendedDays)} dage)` : ''}: kravet om ${String(requiredHours)} timer er ${a.met ? '' : 'ikke '}opfyldt`,
  );
  if (a.exemption !== null) reasons.push(`Undtaget: ${exemptionLabels[a.exemption]}`);
  if (a.applies) {
    reasons.push(
      a.married
        ? `Gift: hjælpen til den ægtefælle, der ikke opfylder kravet, bortfalder fra ${formatDanishDate(first)} (aktivloven § 13 f, stk. 1-2, og § 26)`
        : `Ugift: hjælpen nedsættes fra ${formatDanishDate(first)} (aktivloven § 13 g, stk. 1-2)`,
    );
  }
  return reasons;
}

/** The first month from `from` to `to` (both included) whose assessment has a consequence. */
export function firstConsequence(
  history: HoursHistory,
  from: Temporal.PlainYearMonth,
  to: Temporal.PlainYearMonth,
): HoursAssessment | undefined {
  for (let month = monthNumber(from); month <= monthNumber(to); month++) {
    const assessment = assessMonth(history, monthOfNumber(month));
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
  const effect = monthNumber(effectFrom);
  const index = indexOf({ helpMonths: new Set(), hours, exemptions: [], extensions: [], civil: [] });
  for (let month = effect + 1; month <= monthNumber(until); month++) {
    const from = Math.max(month - windowMonths, effect);
    if (hoursBetween(index, from, month - 1) >= requiredHours) return monthOfNumber(month);
  }
  return null;
}
