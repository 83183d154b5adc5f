/**
 * Administration af personens økonomi (APØ): what the monthly run holds back of a person's payments, pure.
 * An administration case's plan is its `apoe-tilbageholdelse` registrations (an amount a month and what
 * for); they hold back only while the case is granted. The composition takes at most what is left after
 * tax, ATP and deductions (docs/decisions/0015-payment-composition.md), so a holdback never makes the net
 * negative; the held-back amount is stored with the lines.
 */
import { Temporal } from 'temporal-polyfill';
import type { Oere } from '../../kernel/index.ts';
import type { Registration } from './registration.ts';

/** A granted administration case's grant. */
export interface GrantedAdministration {
  readonly caseId: string;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
}

/** What the run asks to hold back on a payout day, and what for. */
export interface Holdback {
  readonly amount: Oere;
  /** `husleje til Boligselskabet (1.500,00 kr.)`, in the order registered. */
  readonly purposes: readonly { readonly purpose: string; readonly monthly: Oere }[];
}

const covers = (from: Temporal.PlainDate, to: Temporal.PlainDate | null, day: Temporal.PlainDate) =>
  Temporal.PlainDate.compare(from, day) <= 0 && (to === null || Temporal.PlainDate.compare(day, to) <= 0);

/**
 * The holdback on the payout day: every `apoe-tilbageholdelse` registration in force that day on an
 * administration case whose grant covers it, summed.
 */
export function holdbackOn(
  registrations: readonly Registration[],
  administrations: readonly GrantedAdministration[],
  day: Temporal.PlainDate,
): Holdback {
  const purposes: { purpose: string; monthly: Oere }[] = [];
  for (const registration of registrations) {
    const value = registration.value;
    if (value.kind !== 'apoe-tilbageholdelse' || !covers(registration.from, registration.to, day)) continue;
    const granted = administrations.some(
      (administration) =>
        administration.caseId === registration.caseId && covers(administration.from, administration.to, day),
    );
    if (granted) purposes.push({ purpose: value.purpose, monthly: value.monthly });
  }
  return { amount: purposes.reduce((sum, part) => sum + part.monthly, 0), purposes };
}
