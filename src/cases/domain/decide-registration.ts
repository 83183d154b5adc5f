/**
 * Validates a registration from plain input, per kind, naming the field at fault, and reads registrations
 * as they were known at an instant. The fields a kind takes:
 *
 * | kind              | fields                                                 |
 * | ----------------- | ------------------------------------------------------ |
 * | `barn`            | `birthDate` (not after `from`)                         |
 * | `hjemmeboende`    | none                                                   |
 * | `civilstand`      | `civilStatus`, `spouseOnBenefit`                       |
 * | `arbejdsindtaegt` | `amount`, `hours` (0-744); one whole calendar month    |
 * | `aegtefaelle-arbejdsindtaegt` | as `arbejdsindtaegt`, the spouse's or cohabitant's |
 * | `boligudgift`     | `monthly`                                              |
 * | `boligstoette`    | `monthly` (the household's), `adults` (1-20 sharing it) |
 * | `skattekort`      | `taxRate` (0-100 %, `38` or `38,5`), `monthlyAllowance` |
 * | `bevilget-beloeb` | `case` (a needs-based family), `monthly`, `reason`     |
 * | `tillaeg`         | `case` (HTF), `activityReady`, `leisureSupplement`     |
 * | `apoe-tilbageholdelse` | `case` (administration), `monthly`, `reason` (what for) |
 * | `sanktionsvejledning` | none: the day written guidance on sanctions was given     |
 * | `timeregel-timer` | `hours` (0-744) of ordinary, unsubsidised work; one whole calendar month (the rule's period and one per month: `checkHoursRegistration`) |
 * | `ydelseshistorik` | none: HTF received outside this system from `from` to `to` (both required) |
 * | `timeregel-undtagelse` | `exemption` (why the 225-hour rule does not apply) |
 * | `timeregel-forlaengelse` | `reason` (why the 12-month window is extended), `from`-`to` (both required) |
 *
 * `reason` may be given with every kind (why it was recorded); a correction must give one.
 */
import { Temporal } from 'temporal-polyfill';
import {
  checkText,
  fail,
  inField,
  ok,
  parseDate,
  parseMonthlyAmount,
  quoted,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import type { BenefitType } from './case.ts';
import { familyOf, isNeedsBased } from './lifecycle.ts';
import {
  civilStatuses,
  hoursRuleExemptions,
  isMonthlyIncome,
  registrationKinds,
  type Registration,
  type RegistrationKind,
  type RegistrationValue,
} from './registration.ts';

export interface RegistrationInput {
  readonly kind: string;
  readonly from: string;
  readonly to?: string | null | undefined;
  /** The case id; only `bevilget-beloeb` belongs to a case. */
  readonly case?: string | null | undefined;
  readonly birthDate?: string | null | undefined;
  readonly civilStatus?: string | null | undefined;
  readonly spouseOnBenefit?: boolean | null | undefined;
  /** tillaeg: visiteret aktivitetsparat. */
  readonly activityReady?: boolean | null | undefined;
  /** tillaeg: fritidstillæg decided. */
  readonly leisureSupplement?: boolean | null | undefined;
  /** Kroner, `1234.56`. */
  readonly amount?: string | null | undefined;
  /** Hours in the month, at most two decimals (`37.5` or `37,5`). */
  readonly hours?: string | null | undefined;
  readonly monthly?: string | null | undefined;
  /** boligstoette: the adults of the household, 1-20. */
  readonly adults?: string | null | undefined;
  /** timeregel-undtagelse: one of `hoursRuleExemptions`. */
  readonly exemption?: string | null | undefined;
  /** Percent, at most two decimals (`38` or `38,5`). */
  readonly taxRate?: string | null | undefined;
  readonly monthlyAllowance?: string | null | undefined;
  readonly reason?: string | null | undefined;
}

/** A registration as decided: the period, the value, the case it belongs to and the reason given. */
export interface RegistrationDecision {
  readonly kind: RegistrationKind;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly caseId: string | null;
  readonly value: RegistrationValue;
  readonly reason: string | null;
}

/** What the decision needs to know of the case named in `case`; undefined when no case is named. */
export interface CaseContext {
  readonly benefit: BenefitType;
}

type ValueField = Exclude<keyof RegistrationInput, 'kind' | 'from' | 'to' | 'reason'>;

const fieldsOf: Readonly<Record<RegistrationKind, readonly ValueField[]>> = {
  barn: ['birthDate'],
  hjemmeboende: [],
  civilstand: ['civilStatus', 'spouseOnBenefit'],
  arbejdsindtaegt: ['amount', 'hours'],
  'aegtefaelle-arbejdsindtaegt': ['amount', 'hours'],
  boligudgift: ['monthly'],
  boligstoette: ['monthly', 'adults'],
  skattekort: ['taxRate', 'monthlyAllowance'],
  'bevilget-beloeb': ['case', 'monthly'],
  tillaeg: ['case', 'activityReady', 'leisureSupplement'],
  'apoe-tilbageholdelse': ['case', 'monthly'],
  sanktionsvejledning: [],
  'timeregel-timer': ['hours'],
  ydelseshistorik: [],
  'timeregel-undtagelse': ['exemption'],
  'timeregel-forlaengelse': [],
};
const allValueFields: readonly ValueField[] = [
  'case',
  'birthDate',
  'civilStatus',
  'spouseOnBenefit',
  'activityReady',
  'leisureSupplement',
  'amount',
  'hours',
  'monthly',
  'adults',
  'exemption',
  'taxRate',
  'monthlyAllowance',
];

/** The kinds that belong to one case; the others are facts about the person. */
const caseKinds: readonly RegistrationKind[] = ['bevilget-beloeb', 'tillaeg', 'apoe-tilbageholdelse'];

/** The most hours a month can hold: 31 days of 24 hours. */
export const maxHoursPerMonth = 744;

const given = <T>(value: T | null | undefined): value is T => value !== undefined && value !== null;

function required(input: RegistrationInput, field: ValueField): Result<string> {
  const value = input[field];
  if (typeof value !== 'string' || value === '') {
    return fail('ugyldigt-input', `Feltet skal udfyldes for denne art`, field);
  }
  return ok(value);
}

const decimalPattern = /^(\d{1,3})(?:[.,](\d{1,2}))?$/;

/**
 * A tax card's withholding rate as basis points (hundredths of a percent): `38` → 3800, `38,5` → 3850.
 * Outside 0-100 % or not a number with at most two decimals is `ugyldig-skatteprocent`.
 */
export function parseTaxRate(text: string): Result<number> {
  const match = decimalPattern.exec(text.trim().replace(/ ?%$/, ''));
  if (match === null) {
    return fail(
      'ugyldig-skatteprocent',
      `Trækprocenten skal være et tal fra 0 til 100 med højst to decimaler (fx 38 eller 38,5), ikke ${quoted(text)}`,
      'taxRate',
    );
  }
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (basisPoints > 10_000) {
    return fail('ugyldig-skatteprocent', 'Trækprocenten kan højst være 100', 'taxRate');
  }
  return ok(basisPoints);
}

/** Hours worked in a month, 0-744 with at most two decimals; a negative number is `negative-timer`. */
export function parseHours(text: string): Result<number> {
  if (/^\s*[-−]/.test(text)) {
    return fail('negative-timer', `Timetallet kan ikke være negativt, ikke ${quoted(text)}`, 'hours');
  }
  const match = decimalPattern.exec(text.trim());
  if (match === null) {
    return fail(
      'ugyldigt-input',
      `Timetallet skal være et tal fra 0 til ${String(maxHoursPerMonth)} med højst to decimaler, ikke ${quoted(text)}`,
      'hours',
    );
  }
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths > maxHoursPerMonth * 100) {
    return fail('ugyldigt-input', `En måned har højst ${String(maxHoursPerMonth)} timer`, 'hours');
  }
  return ok(hundredths / 100);
}

/** The most adults a household's boligstøtte is shared between. */
export const maxAdults = 20;

/** The adults of a household: a whole number from 1 to 20. */
export function parseAdults(text: string): Result<number> {
  const trimmed = text.trim();
  const adults = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!(adults >= 1 && adults <= maxAdults)) {
    return fail(
      'ugyldigt-input',
      `Antal voksne i husstanden skal være et helt tal fra 1 til ${String(maxAdults)}, ikke ${quoted(text)}`,
      'adults',
    );
  }
  return ok(adults);
}

function amountIn(input: RegistrationInput, field: ValueField): Result<Oere> {
  const text = required(input, field);
  if (!text.ok) return text;
  return inField(parseMonthlyAmount(text.value), field);
}

/** A registration of one whole calendar month: from the 1st to its last day. */
function wholeMonth(
  period: { from: Temporal.PlainDate; to: Temporal.PlainDate | null },
  what: string,
): Result<void> {
  if (period.from.day !== 1) {
    return fail('ugyldig-periode', `${what} registreres for én kalendermåned: fra den 1.`, 'from');
  }
  const month = period.from.toPlainYearMonth();
  const last = month.toPlainDate({ day: month.daysInMonth });
  if (period.to === null || !period.to.equals(last)) {
    return fail(
      'ugyldig-periode',
      `${what} registreres for én kalendermåned: til den ${last.toString()}`,
      'to',
    );
  }
  return ok(undefined);
}

function valueOf(
  kind: RegistrationKind,
  input: RegistrationInput,
  period: { from: Temporal.PlainDate; to: Temporal.PlainDate | null },
  reason: string | null,
  caseContext: CaseContext | undefined,
): Result<RegistrationValue> {
  switch (kind) {
    case 'barn': {
      const text = required(input, 'birthDate');
      if (!text.ok) return text;
      const birthDate = inField(parseDate(text.value), 'birthDate');
      if (!birthDate.ok) return birthDate;
      if (Temporal.PlainDate.compare(birthDate.value, period.from) > 0) {
        return fail(
          'ugyldig-dato',
          'Barnets fødselsdato kan ikke ligge efter registreringens første dag',
          'birthDate',
        );
      }
      return ok({ kind, birthDate: birthDate.value });
    }
    case 'hjemmeboende':
    case 'sanktionsvejledning':
      return ok({ kind });
    case 'civilstand': {
      const text = required(input, 'civilStatus');
      if (!text.ok) return text;
      const status = civilStatuses.find((candidate) => candidate === text.value);
      if (status === undefined) {
        return fail(
          'ugyldigt-input',
          `Ukendt civilstand ${quoted(text.value)}; gyldige: ${civilStatuses.join(', ')}`,
          'civilStatus',
        );
      }
      const spouseOnBenefit = input.spouseOnBenefit ?? false;
      if (status === 'enlig' && spouseOnBenefit) {
        return fail(
          'ugyldigt-input',
          'En enlig har ingen ægtefælle eller samlever på ydelse',
          'spouseOnBenefit',
        );
      }
      return ok({ kind, status, spouseOnBenefit });
    }
    case 'arbejdsindtaegt':
    case 'aegtefaelle-arbejdsindtaegt': {
      const whole = wholeMonth(period, 'Arbejdsindtægt');
      if (!whole.ok) return whole;
      const amount = amountIn(input, 'amount');
      if (!amount.ok) return amount;
      const text = required(input, 'hours');
      if (!text.ok) return text;
      const hours = parseHours(text.value);
      if (!hours.ok) return hours;
      return ok({ kind, amount: amount.value, hours: hours.value });
    }
    case 'timeregel-timer': {
      const whole = wholeMonth(period, 'Timer efter 225-timersreglen');
      if (!whole.ok) return whole;
      const text = required(input, 'hours');
      if (!text.ok) return text;
      const hours = parseHours(text.value);
      if (!hours.ok) return hours;
      return ok({ kind, hours: hours.value });
    }
    case 'ydelseshistorik':
      if (period.to === null) {
        return fail('ugyldig-periode', 'Ydelseshistorik skal have en slutdato', 'to');
      }
      return ok({ kind });
    case 'timeregel-forlaengelse':
      if (period.to === null) {
        return fail('ugyldig-periode', 'En forlængelsesperiode skal have en slutdato', 'to');
      }
      if (reason === null) {
        return fail('ugyldigt-input', 'Angiv grunden til forlængelsen (fx dokumenteret sygdom)', 'reason');
      }
      return ok({ kind, ground: reason });
    case 'timeregel-undtagelse': {
      const text = required(input, 'exemption');
      if (!text.ok) return text;
      const exemption = hoursRuleExemptions.find((candidate) => candidate === text.value);
      if (exemption === undefined) {
        return fail(
          'ugyldigt-input',
          `Ukendt undtagelse ${quoted(text.value)}; gyldige: ${hoursRuleExemptions.join(', ')}`,
          'exemption',
        );
      }
      return ok({ kind, exemption });
    }
    case 'boligudgift': {
      const monthly = amountIn(input, 'monthly');
      if (!monthly.ok) return monthly;
      return ok({ kind, monthly: monthly.value });
    }
    case 'boligstoette': {
      const monthly = amountIn(input, 'monthly');
      if (!monthly.ok) return monthly;
      const text = required(input, 'adults');
      if (!text.ok) return text;
      const adults = parseAdults(text.value);
      if (!adults.ok) return adults;
      return ok({ kind, monthly: monthly.value, adults: adults.value });
    }
    case 'skattekort': {
      const text = required(input, 'taxRate');
      if (!text.ok) return text;
      const rate = parseTaxRate(text.value);
      if (!rate.ok) return rate;
      const allowance = amountIn(input, 'monthlyAllowance');
      if (!allowance.ok) return allowance;
      return ok({ kind, rateBasisPoints: rate.value, monthlyAllowance: allowance.value });
    }
    case 'bevilget-beloeb': {
      if (caseContext === undefined) {
        return fail('ugyldigt-input', 'Et bevilget beløb hører til en sag: angiv sagen', 'case');
      }
      if (!isNeedsBased(caseContext.benefit)) {
        return fail(
          'ugyldigt-input',
          `Et bevilget beløb gælder kun en behovsbestemt ydelse, ikke ${caseContext.benefit}`,
          'case',
        );
      }
      if (reason === null) {
        return fail('ugyldigt-input', 'Et bevilget beløb skal have en begrundelse', 'reason');
      }
      const monthly = amountIn(input, 'monthly');
      if (!monthly.ok) return monthly;
      return ok({ kind, monthly: monthly.value, reason });
    }
    case 'apoe-tilbageholdelse': {
      if (caseContext?.benefit !== 'administration') {
        return fail(
          'ugyldigt-input',
          'En tilbageholdelse hører til en sag om administration af personens økonomi (APØ): angiv den',
          'case',
        );
      }
      if (reason === null) {
        return fail('ugyldigt-input', 'Angiv, hvad der tilbageholdes til (fx husleje til udlejer)', 'reason');
      }
      const monthly = amountIn(input, 'monthly');
      if (!monthly.ok) return monthly;
      if (monthly.value === 0) {
        return fail('ugyldigt-beloeb', 'Der skal tilbageholdes et beløb over 0 kr.', 'monthly');
      }
      return ok({ kind, monthly: monthly.value, purpose: reason });
    }
    case 'tillaeg': {
      if (caseContext === undefined) {
        return fail('ugyldigt-input', 'Tillægsbetingelser hører til en sag: angiv sagen', 'case');
      }
      if (familyOf(caseContext.benefit) !== 'htf') {
        return fail(
          'ugyldigt-input',
          `Tillægsbetingelser gælder kun hjælp til forsørgelse, ikke ${caseContext.benefit}`,
          'case',
        );
      }
      return ok({
        kind,
        activityReady: input.activityReady ?? false,
        leisureSupplement: input.leisureSupplement ?? false,
      });
    }
  }
}

/**
 * Validates a registration. `caseContext` is the case named in `case` (the use case reads it); the
 * decision refuses a case on a person fact and a missing or non-needs-based case on `bevilget-beloeb`.
 */
export function decideRegistration(
  input: RegistrationInput,
  caseContext: CaseContext | undefined,
): Result<RegistrationDecision> {
  const kind = registrationKinds.find((candidate) => candidate === input.kind);
  if (kind === undefined) {
    return fail(
      'ugyldigt-input',
      `Ukendt registreringsart ${quoted(input.kind)}; gyldige: ${registrationKinds.join(', ')}`,
      'kind',
    );
  }
  const from = inField(parseDate(input.from), 'from');
  if (!from.ok) return from;
  let to: Temporal.PlainDate | null = null;
  if (given(input.to)) {
    const parsed = inField(parseDate(input.to), 'to');
    if (!parsed.ok) return parsed;
    if (Temporal.PlainDate.compare(parsed.value, from.value) < 0) {
      return fail('ugyldig-periode', 'Registreringen slutter før den begynder', 'to');
    }
    to = parsed.value;
  }
  const foreign = allValueFields.find((field) => given(input[field]) && !fieldsOf[kind].includes(field));
  if (foreign !== undefined) {
    return fail('ugyldigt-input', `Feltet hører ikke til registreringsarten ${kind}`, foreign);
  }
  let reason: string | null = null;
  if (given(input.reason) && input.reason.trim() !== '') {
    const checked = checkText(input.reason, 'text', 'reason');
    if (!checked.ok) return checked;
    reason = input.reason.trim();
  }
  const value = valueOf(kind, input, { from: from.value, to }, reason, caseContext);
  if (!value.ok) return value;
  return ok({
    kind,
    from: from.value,
    to,
    caseId: caseKinds.includes(kind) ? (input.case ?? null) : null,
    value: value.value,
    reason,
  });
}

/**
 * Ending a registration is a correction that sets its last day: not before its first day, not after an
 * end it already has (a longer period is a correction), and never on income from work, which covers one
 * whole month. A reason must be given.
 */
export function decideEndRegistration(
  registration: Registration,
  toText: string,
  reasonText: string,
): Result<{ to: Temporal.PlainDate; reason: string }> {
  const to = inField(parseDate(toText), 'to');
  if (!to.ok) return to;
  if (Temporal.PlainDate.compare(to.value, registration.from) < 0) {
    return fail(
      'ugyldig-periode',
      `Registreringen kan ikke slutte før den begynder (${registration.from.toString()})`,
      'to',
    );
  }
  if (registration.to !== null && Temporal.PlainDate.compare(to.value, registration.to) > 0) {
    return fail(
      'ugyldig-periode',
      `Registreringen slutter allerede ${registration.to.toString()}; ret den for at forlænge`,
      'to',
    );
  }
  if (
    (isMonthlyIncome(registration.value.kind) || registration.value.kind === 'timeregel-timer') &&
    !(registration.to?.equals(to.value) ?? false)
  ) {
    return fail('ugyldig-periode', 'Arbejdsindtægt dækker en hel måned; ret den i stedet', 'to');
  }
  const reason = checkText(reasonText, 'text', 'reason');
  if (!reason.ok) return reason;
  if (reasonText.trim() === '') return fail('ugyldigt-input', 'Angiv en begrundelse', 'reason');
  return ok({ to: to.value, reason: reasonText.trim() });
}

/**
 * The registrations as known at `instant`: those recorded at or before it and not superseded at or before
 * it. `knownAt(all, now)` is what stands now.
 */
export function knownAt<T extends Pick<Registration, 'recordedAt' | 'supersededAt'>>(
  registrations: readonly T[],
  instant: Temporal.Instant,
): T[] {
  return registrations.filter(
    (row) =>
      Temporal.Instant.compare(row.recordedAt, instant) <= 0 &&
      (row.supersededAt === null || Temporal.Instant.compare(row.supersededAt, instant) > 0),
  );
}
