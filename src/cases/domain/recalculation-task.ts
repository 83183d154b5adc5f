/**
 * The task "Genberegning" (domain §4; "Genberegn HTF" in the KY conversion webinar): started on a case
 * already paid, it computes the months again ("Beregn genberegning": the difference per month, and a
 * mandatory undring `sats-mangler` for a month whose rate is missing), then "Opsummering" ("Godkend").
 * Pure definitions; what approval does is in ../benefit-tasks.ts (docs/decisions/0018-recalculation.md).
 */
import { z } from 'zod';
import { formatDanishAmount, formatDanishMonth, type Oere } from '../../kernel/index.ts';
import type { RaisedQuery, StepContext, TaskTypeDefinition } from '../../tasks/index.ts';
import type { Recalculation } from './recalculation.ts';

export const RECALCULATION_TASK = 'genberegning';

/** The facts the task's rules read: the recalculation as it would be approved now. */
export interface RecalculationFacts {
  readonly recalculation: Recalculation;
}

const factsOf = (context: StepContext): RecalculationFacts | undefined => {
  const facts = context.facts as Partial<RecalculationFacts>;
  return facts.recalculation === undefined ? undefined : (facts as RecalculationFacts);
};

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
  const facts = factsOf(context);
  if (facts === undefined) return {};
  const shown: Record<string, string> = {};
  for (const m of facts.recalculation.months) {
    shown[formatDanishMonth(m.month)] =
      m.recomputed === null || m.difference === null
        ? `udbetalt ${formatDanishAmount(m.paid)}; kan ikke genberegnes: ${m.missing?.message ?? ''}`
        : `udbetalt ${formatDanishAmount(m.paid)}, genberegnet ${formatDanishAmount(m.recomputed)}, ` +
          `forskel ${signedAmount(m.difference)}: ${consequence(m.difference)}`;
  }
  const { totals } = facts.recalculation;
  shown['I alt'] =
    `udbetalt ${formatDanishAmount(totals.paid)}, genberegnet ${formatDanishAmount(totals.recomputed)}, ` +
    `forskel ${signedAmount(totals.difference)}`;
  return shown;
}

/** A month whose rate is missing is a mandatory undring: the recalculation cannot be approved without it. */
export function missingRates(context: StepContext): RaisedQuery[] {
  const facts = factsOf(context);
  if (facts === undefined) return [];
  return facts.recalculation.missing
    .filter((error) => error.code === 'sats-mangler')
    .map((error) => ({ code: 'sats-mangler', text: error.message, mandatory: true }));
}

export const recalculationTaskType: TaskTypeDefinition = {
  key: RECALCULATION_TASK,
  name: 'Genberegning',
  data: z.object({
    sag: z.string().describe('Sagen, hvis udbetalte måneder genberegnes'),
    fra: z.string().optional().describe('Første måned (ÅÅÅÅ-MM); udeladt: den første udbetalte'),
    til: z.string().optional().describe('Sidste måned (ÅÅÅÅ-MM); udeladt: den sidste udbetalte'),
  }),
  dueDays: null,
  startableByHand: true,
  steps: [
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
