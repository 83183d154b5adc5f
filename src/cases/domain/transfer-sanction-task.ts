/**
 * The task "Overflyt sanktion", pure (domain §6; the KY conversion webinar; docs/decisions/0023-sanctions.md):
 * a sanction the legacy system decided, not yet taken and not yet out of time, is created on the converted
 * HTF case so the next monthly run takes it. The conversion task makes one when its grant is flagged "Skal
 * der overflyttes sanktioner"; a caseworker starts more by hand from the person's sanctions.
 *
 * 1. "Oplys sanktion": the kind (`fradrag-dage` with `dage`, or `nedsaettelse-sats`), the omission's day
 *    (`haendelse`), the day the legacy decision was made (`afgjort`), its reference (journal number) in the
 *    legacy system, its reasons (`begrundelse`) and optionally the rules it rests on (`hjemmel`).
 * 2. "Opsummering": Godkend records the legacy decision as a decision with effect `sanktion` resting on a
 *    recorded legal exception (the hearing, if any, belongs to the legacy decision), computes the sanction
 *    as a sanction decided in the new system is computed (`decideSanction`), and opens "Genberegning" on the
 *    case when it has months paid (ADR 0023, "Transfer from the legacy system").
 *
 * The step's check refuses what the input alone shows to be wrong: its shape, the dates (the decision after
 * the omission, not after today), the days for the kind, and an omission whose 3 whole calendar months have
 * already passed. The guidance on record, the month's help and the rates are checked at Godkend.
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import {
  daysInMonth,
  fail,
  formatDanishDate,
  inField,
  ok,
  parseDate,
  quoted,
  type Result,
} from '../../kernel/index.ts';
import type { TaskTypeDefinition } from '../../tasks/index.ts';
import type { DecisionInput } from './decision.ts';
import { lastRunMonthFor, sanctionKinds, type SanctionInput, type SanctionKind } from './sanction.ts';

export const TRANSFER_SANCTION_TASK = 'overflyt-sanktion';
export const TRANSFER_SANCTION_STEP = 'oplys-sanktion';

/** The legal exception a transferred decision rests on instead of a hearing in this system. */
export const legacyDecisionBasis = 'Afgørelse truffet i det tidligere system (konverteret)';

/** The rules a transferred decision rests on when the caseworker names none (ADR 0023's reading). */
export const defaultTransferLegalBasis: Readonly<Record<SanctionKind, string>> = {
  'fradrag-dage': 'lov om aktiv socialpolitik §§ 35-37',
  'nedsaettelse-sats': 'lov om aktiv socialpolitik § 35',
};

/** "Oplys sanktion": the legacy decision as the caseworker reads it in the legacy system. */
export const transferStepInput = z.strictObject({
  art: z
    .enum(sanctionKinds)
    .describe('Sanktionen: fradrag-dage (fradrag for dage) eller nedsaettelse-sats (sanktionssatsen)'),
  haendelse: z.string().trim().describe('Hændelsestidspunktet: dagen for udeblivelsen (ÅÅÅÅ-MM-DD)'),
  dage: z.string().trim().optional().describe('Ved fradrag-dage: antal dage i hændelsens måned'),
  afgjort: z.string().trim().describe('Dagen afgørelsen blev truffet i det tidligere system (ÅÅÅÅ-MM-DD)'),
  reference: z
    .string()
    .trim()
    .min(1, 'Angiv afgørelsens reference (journalnummer) i det tidligere system')
    .describe('Afgørelsens reference (journalnummer) i det tidligere system'),
  begrundelse: z
    .string()
    .trim()
    .min(1, 'Angiv afgørelsens begrundelse')
    .describe('Begrundelsen i afgørelsen fra det tidligere system'),
  hjemmel: z
    .string()
    .trim()
    .optional()
    .describe('De regler, afgørelsen bygger på; tomt felt: lov om aktiv socialpolitik §§ 35-37 / § 35'),
});

/** The legacy decision as entered on "Oplys sanktion", checked. */
export interface TransferredSanction {
  readonly kind: SanctionKind;
  readonly omissionOn: Temporal.PlainDate;
  /** `fradrag-dage`: the days missed in the omission's month. */
  readonly days: number | null;
  /** The day the legacy system decided it. */
  readonly decidedOn: Temporal.PlainDate;
  readonly reference: string;
  readonly reasons: string;
  readonly legalBasis: string;
}

/**
 * The input of "Oplys sanktion" checked against `today`: its shape, a decision day after the omission and
 * not after today, the days for `fradrag-dage` (a whole number within the omission's month) and none for
 * `nedsaettelse-sats`, and an omission whose 3 whole calendar months have not passed
 * (`sanktion-for-sen`: such a sanction is out of time and is not transferred). Refusals name the field.
 */
export function transferOf(
  input: Readonly<Record<string, unknown>>,
  today: Temporal.PlainDate,
): Result<TransferredSanction> {
  const parsed = transferStepInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    return fail('ugyldigt-input', issue?.message ?? 'Ugyldigt input', path === '' ? undefined : path);
  }
  const { art, haendelse, dage, afgjort, reference, begrundelse, hjemmel } = parsed.data;
  const omissionOn = inField(parseDate(haendelse), 'haendelse');
  if (!omissionOn.ok) return omissionOn;
  const decidedOn = inField(parseDate(afgjort), 'afgjort');
  if (!decidedOn.ok) return decidedOn;
  if (Temporal.PlainDate.compare(decidedOn.value, today) > 0) {
    return fail('ugyldig-dato', 'Afgørelsen kan ikke være truffet i fremtiden', 'afgjort');
  }
  if (Temporal.PlainDate.compare(decidedOn.value, omissionOn.value) <= 0) {
    return fail(
      'ugyldig-dato',
      `Afgørelsen skal være truffet efter hændelsen den ${formatDanishDate(omissionOn.value)}`,
      'afgjort',
    );
  }
  let days: number | null = null;
  const month = omissionOn.value.toPlainYearMonth();
  if (art === 'fradrag-dage') {
    const total = daysInMonth(month.year, month.month);
    const text = dage ?? '';
    days = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
    if (!(days >= 1 && days <= total)) {
      return fail(
        'ugyldigt-input',
        `Antal dage skal være et helt tal fra 1 til ${String(total)}, ikke ${quoted(text)}`,
        'dage',
      );
    }
  } else if ((dage ?? '') !== '') {
    return fail('ugyldigt-input', 'Dage bruges kun ved fradrag-dage', 'dage');
  }
  const lastRunMonth = lastRunMonthFor(omissionOn.value);
  if (Temporal.PlainYearMonth.compare(today.toPlainYearMonth(), lastRunMonth) > 0) {
    return fail(
      'sanktion-for-sen',
      `Sanktionen skulle være gennemført senest i ${lastRunMonth.toString()}: 3 hele kalendermåneder efter hændelsen (aktivloven § 35, stk. 3); en forældet sanktion overflyttes ikke`,
      'haendelse',
    );
  }
  return ok({
    kind: art,
    omissionOn: omissionOn.value,
    days,
    decidedOn: decidedOn.value,
    reference,
    reasons: begrundelse,
    legalBasis: hjemmel === undefined || hjemmel === '' ? defaultTransferLegalBasis[art] : hjemmel,
  });
}

/** Why the transferred decision needs no hearing here, in the decision letter's words. */
export function legacyDecisionReason(transfer: TransferredSanction): string {
  return (
    `afgørelsen blev truffet i det tidligere system den ${formatDanishDate(transfer.decidedOn)} ` +
    `(reference ${transfer.reference}) og er alene overført ved konverteringen`
  );
}

/** The decision the transfer records: effect `sanktion`, on the legacy day, resting on the exception. */
export function transferDecisionInput(transfer: TransferredSanction): DecisionInput {
  return {
    effect: 'sanktion',
    reasons: transfer.reasons,
    legalBasis: transfer.legalBasis,
    decidedOn: transfer.decidedOn.toString(),
    exceptionBasis: legacyDecisionBasis,
    exceptionReason: legacyDecisionReason(transfer),
  };
}

/** The sanction the transfer asks `decideSanction` for. */
export function transferSanctionInput(transfer: TransferredSanction): SanctionInput {
  return {
    kind: transfer.kind,
    omissionOn: transfer.omissionOn.toString(),
    days: transfer.days === null ? null : String(transfer.days),
  };
}

/** `decideSanction`'s fields as the step's input names them. */
export function transferField(field: string): string {
  const fields: Readonly<Record<string, string>> = {
    omissionOn: 'haendelse',
    days: 'dage',
    kind: 'art',
    decidedOn: 'afgjort',
    reasons: 'begrundelse',
    legalBasis: 'hjemmel',
  };
  return fields[field] ?? field;
}

export const transferSanctionTaskType: TaskTypeDefinition = {
  key: TRANSFER_SANCTION_TASK,
  name: 'Overflyt sanktion',
  data: z.object({ sag: z.string().describe('Den konverterede sag om hjælp til forsørgelse') }),
  dueDays: 14,
  startableByHand: true,
  steps: [
    {
      key: TRANSFER_SANCTION_STEP,
      name: 'Oplys sanktion',
      mode: 'manuel',
      skippable: false,
      input: transferStepInput,
      check: (input, context) => transferOf(input, context.today),
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};
