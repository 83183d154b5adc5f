/**
 * The task "Genberegning" (domain §4; "Genberegn HTF" in the KY conversion webinar): started on a case
 * already paid. "Oplys genberegning" takes the months (fra, til; empty: every month paid) and the reason;
 * "Beregn genberegning" computes them again (the difference per month, and a mandatory undring
 * `sats-mangler` for a month whose rate is missing); then "Opsummering" ("Godkend").
 * Pure definitions; what approval does is in ../benefit-tasks.ts (docs/decisions/0018-recalculation.md).
 */
import { z } from 'zod';
import { formatDanishAmount, formatDanishMonth, type Oere, type Result } from '../../kernel/index.ts';
import type { RaisedQuery, StepContext, TaskTypeDefinition } from '../../tasks/index.ts';
import type { Recalculation, RecalculationRange } from './recalculation.ts';

export const RECALCULATION_TASK = 'genberegning';

/** The facts the task's rules read: the recalculation of a range as it would be approved now. */
export interface RecalculationFacts {
  readonly recalculationOf: (range: RecalculationRange) => Result<Recalculation>;
}

const factsOf = (context: StepContext): RecalculationFacts | undefined => {
  const facts = context.facts as Partial<RecalculationFacts>;
  return typeof facts.recalculationOf === 'function' ? (facts as RecalculationFacts) : undefined;
};

/** "Oplys genberegning": the months (empty: every month paid) and the reason. */
export const recalculationStepInput = z.strictObject({
  fra: z.string().trim().optional().describe('Første måned (ÅÅÅÅ-MM); tom: den første udbetalte'),
  til: z.string().trim().optional().describe('Sidste måned (ÅÅÅÅ-MM); tom: den sidste udbetalte'),
  begrundelse: z.string().trim().min(1, 'Angiv en begrundelse').describe('Hvorfor der genberegnes'),
});

/** The months entered on "Oplys genberegning". */
export function rangeOf(inputs: StepContext['inputs']): RecalculationRange {
  const input = inputs['oplys-genberegning'] ?? {};
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return { fra: text(input['fra']), til: text(input['til']), begrundelse: text(input['begrundelse']) };
}

/** The recalculation of the months entered, or why it cannot be made. */
function recalculationIn(context: StepContext): Result<Recalculation> | undefined {
  return factsOf(context)?.recalculationOf(rangeOf(context.inputs));
}

/** The months must be months already paid of the case (checked as approval checks them). */
function checkRange(input: Readonly<Record<string, unknown>>, context: StepContext): Result<unknown> {
  const found = factsOf(context)?.recalculationOf(rangeOf({ 'oplys-genberegning': input }));
  return found ?? { ok: true, value: undefined };
}

/** `+674,00 kr.`, `−1.200,00 kr.` or `0,00 kr.` */
export function signedAmount(oere: Oere): string {
  if (oere > 0) return `+${formatDanishAmount(oere)}`;
  if (oere < 0) return `−${formatDanishAmount(-oere)}`;
  return formatDanishAmount(0);
}

/** What approving the month's difference does, in the caseworker's words. */
function consequence(difference: Oere): string {
  if (difference > 0) return 'efterbetales ved næste kørsel';
  if (difference < 0) return 'forslag til tilbagebetalingskrav (trækkes ikke)';
  return 'ingen ændring';
}

/**
 * "Beregn genberegning": per month in Danish (`marts 2024`), what was paid, what it computes to now and
 * the difference with what approval does about it; and the totals.
 */
export function showDifferences(context: StepContext): Record<string, string> {
  const found = recalculationIn(context);
  if (found === undefined || !found.ok) return {};
  const shown: Record<string, string> = {};
  for (const m of found.value.months) {
    shown[formatDanishMonth(m.month)] =
      m.recomputed === null || m.difference === null
        ? `udbetalt ${formatDanishAmount(m.paid)}; kan ikke genberegnes: ${m.missing?.message ?? ''}`
        : `udbetalt ${formatDanishAmount(m.paid)}, genberegnet ${formatDanishAmount(m.recomputed)}, ` +
          `forskel ${signedAmount(m.difference)}: ${consequence(m.difference)}`;
  }
  const { totals } = found.value;
  shown['I alt'] =
    `udbetalt ${formatDanishAmount(totals.paid)}, genberegnet ${formatDanishAmount(totals.recomputed)}, ` +
    `forskel ${signedAmount(totals.difference)}`;
  return shown;
}

/** A month whose rate is missing is a mandatory undring: the recalculation cannot be approved without it. */
export function missingRates(context: StepContext): RaisedQuery[] {
  const found = recalculationIn(context);
  if (found === undefined || !found.ok) return [];
  return found.value.missing
    .filter((error) => error.code === 'sats-mangler')
    .map((error) => ({ code: 'sats-mangler', text: error.message, mandatory: true }));
}

export const recalculationTaskType: TaskTypeDefinition = {
  key: RECALCULATION_TASK,
  name: 'Genberegning',
  data: z.object({ sag: z.string().describe('Sagen, hvis udbetalte måneder genberegnes') }),
  dueDays: null,
  startableByHand: true,
  steps: [
    {
      key: 'oplys-genberegning',
      name: 'Oplys genberegning',
      mode: 'manuel',
      skippable: false,
      input: recalculationStepInput,
      check: checkRange,
    },
    {
      key: 'beregn-genberegning',
      name: 'Beregn genberegning',
      mode: 'automatisk',
      skippable: false,
      queries: missingRates,
      run: showDifferences,
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};
