/**
 * Sanctions (aktivloven §§ 35-40 a), pure: what a sanction of an HTF month amounts to, and whether it may be
 * decided at all (docs/decisions/0023-sanctions.md).
 *
 * - § 35, stk. 1: no deduction, reduction or termination unless the municipality has given written
 *   guidance on rights and duties (a `sanktionsvejledning` registration from before the omission).
 * - § 35, stk. 3: the sanction runs from the day of the omission, and "Fradrag og nedsættelser i hjælpen
 *   skal ske inden for 3 hele kalendermåneder efter hændelsestidspunktet": the last run that may take it is
 *   the one of the third whole month after the omission's month.
 * - § 35, stk. 4 (sourced rates): a reduction by the sanction rate of the interval the month's help falls in.
 * - A deduction for days missed (§§ 36-37): (our rule) the month's help × days / the days of the month,
 *   half up, as every part month is paid.
 * - Termination (ophør, § 40): the help ends from the day of the omission (§ 35, stk. 3): the grant's last
 *   day is the day before (`decideTermination`); it needs the guidance too, but no amount.
 */
import { Temporal } from 'temporal-polyfill';
import {
  daysInMonth,
  fail,
  formatDanishAmount,
  inField,
  ok,
  parseDate,
  proRata,
  quoted,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import type { Rate, RateLookup } from '../../rates/index.ts';
import type { Registration } from './registration.ts';

export const sanctionKinds = ['fradrag-dage', 'nedsaettelse-sats'] as const;
export type SanctionKind = (typeof sanctionKinds)[number];

/** What a sanction decision may be: a sum to take, or a termination (ophør, § 40) of the grant. */
export const sanctionDecisionKinds = [...sanctionKinds, 'ophoer'] as const;

export const sanctionKindLabels: Readonly<Record<SanctionKind, string>> = {
  'fradrag-dage': 'Fradrag for dage (udeblivelse)',
  'nedsaettelse-sats': 'Nedsættelse med sanktionssats',
};

export interface SanctionInput {
  readonly kind: string;
  /** The day the citizen failed a duty without good reason (hændelsestidspunktet). */
  readonly omissionOn: string;
  /** `fradrag-dage`: the days missed in the omission's month. */
  readonly days?: string | null | undefined;
}

export interface SanctionContext {
  /** The person's registrations; the `sanktionsvejledning` ones count. */
  readonly registrations: readonly Registration[];
  /** The HTF month of the omission as computed now (gross after income set-off). */
  readonly monthHelp: Oere;
  readonly rates: RateLookup;
  readonly decidedOn: Temporal.PlainDate;
}

export interface SanctionDecision {
  readonly kind: SanctionKind;
  readonly omissionOn: Temporal.PlainDate;
  readonly days: number | null;
  /** The month of the omission, whose help the amount is measured on. */
  readonly month: Temporal.PlainYearMonth;
  readonly amount: Oere;
  /** The last run month that may take it (3 whole calendar months after the omission's month). */
  readonly lastRunMonth: Temporal.PlainYearMonth;
  readonly steps: readonly { readonly text: string; readonly amount: Oere }[];
  readonly rates: readonly Rate[];
}

/** The last run month that may take a sanction for an omission on the day. */
export function lastRunMonthFor(omissionOn: Temporal.PlainDate): Temporal.PlainYearMonth {
  return omissionOn.toPlainYearMonth().add({ months: 3 });
}

/** Whether written guidance was on record on or before the omission (aktivloven § 35, stk. 1). */
function guidedBefore(registrations: readonly Registration[], omissionOn: Temporal.PlainDate): Result<void> {
  const guided = registrations.some(
    (registration) =>
      registration.value.kind === 'sanktionsvejledning' &&
      Temporal.PlainDate.compare(registration.from, omissionOn) <= 0,
  );
  return guided
    ? ok(undefined)
    : fail(
        'sanktion-uden-vejledning',
        `Der er ikke registreret skriftlig vejledning om rådighed og sanktioner før ${omissionOn.toString()} (aktivloven § 35, stk. 1)`,
        'omissionOn',
      );
}

function omissionOf(text: string, decidedOn: Temporal.PlainDate): Result<Temporal.PlainDate> {
  const omissionOn = inField(parseDate(text), 'omissionOn');
  if (!omissionOn.ok) return omissionOn;
  if (Temporal.PlainDate.compare(omissionOn.value, decidedOn) > 0) {
    return fail('ugyldig-dato', 'Hændelsen kan ikke ligge efter afgørelsen', 'omissionOn');
  }
  return omissionOn;
}

/**
 * Termination (ophør, aktivloven § 40) from the day of the omission: the grant's last day is the day
 * before; refused without written guidance before the omission.
 */
export function decideTermination(
  omissionText: string,
  context: Pick<SanctionContext, 'registrations' | 'decidedOn'>,
): Result<{ omissionOn: Temporal.PlainDate; lastDay: Temporal.PlainDate }> {
  const omissionOn = omissionOf(omissionText, context.decidedOn);
  if (!omissionOn.ok) return omissionOn;
  const guided = guidedBefore(context.registrations, omissionOn.value);
  if (!guided.ok) return guided;
  return ok({ omissionOn: omissionOn.value, lastDay: omissionOn.value.subtract({ days: 1 }) });
}

function kindOf(text: string): Result<SanctionKind> {
  const kind = sanctionKinds.find((candidate) => candidate === text);
  return kind === undefined
    ? fail('ugyldigt-input', `Sanktionen skal være en af ${sanctionKinds.join(', ')}`, 'kind')
    : ok(kind);
}

function rateOn(rates: RateLookup, key: string, day: Temporal.PlainDate, unit: Rate['unit']): Result<Rate> {
  const found = rates(key, day);
  if (!found.ok || found.value.unit !== unit) {
    const month = day.toPlainYearMonth();
    return fail('sats-mangler', `Satsen ${key} mangler for ${month.toString()}`, 'omissionOn');
  }
  return found;
}

/**
 * The sanction rate of the interval the month's help falls in (the rows' convention, data/satser/README.md):
 * sats1 below grænse1; sats2 from grænse1 to grænse2; sats3 above grænse2 to grænse3; sats4 above grænse3.
 * Only the bounds the help needs are looked up, so a year with only the lowest interval sourced still
 * sanctions the lowest help.
 */
function sanctionRate(
  rates: RateLookup,
  help: Oere,
  day: Temporal.PlainDate,
): Result<{ rate: Rate; used: Rate[]; interval: string }> {
  const used: Rate[] = [];
  const bound = (n: number) => {
    const found = rateOn(rates, `sanktion.interval.graense${String(n)}`, day, 'md');
    if (found.ok) used.push(found.value);
    return found;
  };
  const pick = (n: number, interval: string) => {
    const found = rateOn(rates, `sanktion.sats${String(n)}`, day, 'haendelse');
    return found.ok ? ok({ rate: found.value, used: [...used, found.value], interval }) : found;
  };
  const first = bound(1);
  if (!first.ok) return first;
  if (help < first.value.amount) return pick(1, `under ${formatDanishAmount(first.value.amount)}`);
  const second = bound(2);
  if (!second.ok) return second;
  if (help <= second.value.amount) {
    return pick(2, `${formatDanishAmount(first.value.amount)}-${formatDanishAmount(second.value.amount)}`);
  }
  const third = bound(3);
  if (!third.ok) return third;
  if (help <= third.value.amount) {
    return pick(
      3,
      `over ${formatDanishAmount(second.value.amount)} til ${formatDanishAmount(third.value.amount)}`,
    );
  }
  return pick(4, `over ${formatDanishAmount(third.value.amount)}`);
}

/**
 * The sanction's amount and limit, or the refusal: no written guidance on record before the omission
 * (`sanktion-uden-vejledning`), decided after the 3 whole calendar months (`sanktion-for-sen`), an
 * omission in the future, days outside the month, a month without help, or a missing rate.
 */
export function decideSanction(input: SanctionInput, context: SanctionContext): Result<SanctionDecision> {
  const kind = kindOf(input.kind);
  if (!kind.ok) return kind;
  const omissionOn = omissionOf(input.omissionOn, context.decidedOn);
  if (!omissionOn.ok) return omissionOn;
  const guided = guidedBefore(context.registrations, omissionOn.value);
  if (!guided.ok) return guided;
  const month = omissionOn.value.toPlainYearMonth();
  const lastRunMonth = lastRunMonthFor(omissionOn.value);
  if (Temporal.PlainYearMonth.compare(context.decidedOn.toPlainYearMonth(), lastRunMonth) > 0) {
    return fail(
      'sanktion-for-sen',
      `Sanktionen skulle være gennemført senest i ${lastRunMonth.toString()}: 3 hele kalendermåneder efter hændelsen (aktivloven § 35, stk. 3)`,
      'omissionOn',
    );
  }
  if (context.monthHelp <= 0) {
    return fail('ugyldigt-beloeb', `Der er ingen hjælp i ${month.toString()} at sanktionere`, 'omissionOn');
  }
  const total = daysInMonth(month.year, month.month);
  if (kind.value === 'fradrag-dage') {
    const text = (input.days ?? '').trim();
    const days = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
    if (!(days >= 1 && days <= total)) {
      return fail(
        'ugyldigt-input',
        `Antal dage skal være et helt tal fra 1 til ${String(total)}, ikke ${quoted(input.days ?? '')}`,
        'days',
      );
    }
    const amount = proRata(context.monthHelp, days, total);
    if (amount === 0) return fail('ugyldigt-beloeb', 'Fradraget bliver 0,00 kr.', 'days');
    return ok({
      kind: kind.value,
      omissionOn: omissionOn.value,
      days,
      month,
      amount,
      lastRunMonth,
      rates: [],
      steps: [
        { text: `Hjælpen for ${month.toString()}`, amount: context.monthHelp },
        {
          text: `Fradrag for ${String(days)} af ${String(total)} dage (aktivloven §§ 36-37)`,
          amount: -amount,
        },
      ],
    });
  }
  if ((input.days ?? '') !== '') {
    return fail('ugyldigt-input', 'Dage bruges kun ved fradrag-dage', 'days');
  }
  const rate = sanctionRate(context.rates, context.monthHelp, omissionOn.value);
  if (!rate.ok) return rate;
  const amount = Math.min(rate.value.rate.amount, context.monthHelp);
  return ok({
    kind: kind.value,
    omissionOn: omissionOn.value,
    days: null,
    month,
    amount,
    lastRunMonth,
    rates: rate.value.used,
    steps: [
      { text: `Hjælpen for ${month.toString()}`, amount: context.monthHelp },
      {
        text: `Sanktionssats for hjælp ${rate.value.interval} (${rate.value.rate.key}, ${rate.value.rate.reference})`,
        amount: -amount,
      },
    ],
  });
}
