/**
 * The benefit tasks (ydelsesopgaver, domain §3; the KY conversion webinar's "Ydelsesopgave"): one task type
 * per benefit family, started from the person, that gathers the grant, checks the facts, assesses the
 * supplements (HTF) or fixes the amount (needs-based families), shows the computed amount and ends in
 * "Opsummering" ("Godkend"); and "Afslut bevilling". Pure definitions: what the shell adds (the case, the
 * facts, what approval does) is in ../benefit-tasks.ts (docs/decisions/0017-benefit-tasks.md).
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { HtfConditions } from '../../benefits/index.ts';
import {
  fail,
  formatDanishMonth,
  formatDanishAmount,
  inField,
  ok,
  parseDate,
  parseMonthlyAmount,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import type { RaisedQuery, StepContext, StepDefinition, TaskTypeDefinition } from '../../tasks/index.ts';
import { benefitTypes, type BenefitType, type GrantPeriod } from './case.ts';
import { parseGrantInput } from './grant.ts';
import { familyOf, needsBasedFamilies, type BenefitFamily } from './lifecycle.ts';

/** What a task computes before approval: the assessed supplements, or the decided amount it will record. */
export interface Proposal {
  readonly conditions?: HtfConditions | undefined;
  readonly decided?: { readonly monthly: Oere; readonly reason: string } | undefined;
}

/** A month's amount as the rules compute it, a refusal (`sats-mangler`), or undefined: nothing monthly. */
export type MonthAmount = Result<{ readonly gross: Oere; readonly usesExampleRate: boolean }> | undefined;

/** The facts a benefit task's rules read, loaded by the shell (registrations and rates as known now). */
export interface BenefitTaskFacts {
  readonly amountOf: (grant: GrantPeriod, month: Temporal.PlainYearMonth, proposal: Proposal) => MonthAmount;
  /** Whether the person has a tax card registered in force on the day. */
  readonly hasTaxCard: (day: Temporal.PlainDate) => boolean;
}

/** How many months "Beregn ydelse" shows, from the grant's first month. */
export const MONTHS_SHOWN = 3;

const text = z.string().trim();

/** A text entered on a step; anything else counts as empty. */
export const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');
const date = z.string().describe('YYYY-MM-DD');

/** "Oplys bevilling": the grant's period and the reason for it. */
export const grantStepInput = z.strictObject({
  from: date.describe('Første dag i bevillingen'),
  to: date.nullable().optional().describe('Sidste dag (med); tom: løbende'),
  reason: text.min(1, 'Angiv en begrundelse').describe('Begrundelsen for bevillingen'),
});

/** "Vurder tillæg og fradrag" (HTF): the conditions the rule reads, and a note. */
export const supplementStepInput = z.strictObject({
  aktivitetsparat: z.boolean().describe('Visiteret aktivitetsparat'),
  fritidstillaeg: z.boolean().describe('Fritidstillæg bevilget'),
  notat: text.optional().describe('Notat om vurderingen'),
});

/** "Fastsæt beløb" (needs-based): the monthly amount in kroner and the reasons. */
export const amountStepInput = z.strictObject({
  beloeb: z.string().describe('Månedligt beløb i kroner (1234.56)'),
  begrundelse: text.min(1, 'Angiv en begrundelse').describe('Begrundelsen for beløbet'),
});

/** "Afvent faktura/lønseddel" (EY/AY): what was received; skipping it approves with a recalculation to follow. */
export const documentStepInput = z.strictObject({
  dokument: z.enum(['faktura', 'loenseddel']).describe('faktura eller lønseddel'),
  notat: text.optional(),
});

/** "Oplys afslutning": the last day of the grant and the reason. */
export const endStepInput = z.strictObject({
  to: date.describe('Sidste dag i bevillingen'),
  reason: text.min(1, 'Angiv en begrundelse').describe('Begrundelsen for afslutningen'),
});

const grantOf = (context: Pick<StepContext, 'inputs' | 'today'>): Result<GrantPeriod> => {
  const input = context.inputs['oplys-bevilling'] ?? {};
  const parsed = parseGrantInput(
    {
      from: textOf(input['from']),
      to: (input['to'] as string | null | undefined) ?? null,
      reason: textOf(input['reason']),
    },
    context.today,
  );
  return parsed.ok ? ok({ from: parsed.value.from, to: parsed.value.to }) : parsed;
};

/** The supplement conditions assessed on "Vurder tillæg og fradrag" (none when not assessed). */
export function conditionsOf(inputs: StepContext['inputs']): HtfConditions | undefined {
  const input = inputs['vurder-tillaeg-og-fradrag'];
  if (input === undefined) return undefined;
  return {
    activityReady: input['aktivitetsparat'] === true,
    leisureSupplement: input['fritidstillaeg'] === true,
  };
}

/** The amount fixed on "Fastsæt beløb", when it was. */
export function decidedOf(inputs: StepContext['inputs']): Proposal['decided'] {
  const input = inputs['fastsaet-beloeb'];
  if (input === undefined) return undefined;
  const amount = parseMonthlyAmount(textOf(input['beloeb']));
  return amount.ok ? { monthly: amount.value, reason: textOf(input['begrundelse']) } : undefined;
}

const factsOf = (context: StepContext): BenefitTaskFacts | undefined => {
  const facts = context.facts as Partial<BenefitTaskFacts>;
  return typeof facts.amountOf === 'function' && typeof facts.hasTaxCard === 'function'
    ? (facts as BenefitTaskFacts)
    : undefined;
};

/**
 * "Kontrollér oplysninger": a rate the grant's first month needs that is missing is a mandatory undring
 * (the month cannot be paid until the rate is there); no tax card in force on the first day is not
 * mandatory (tax is then withheld as without a card).
 */
export function checkFacts(context: StepContext): RaisedQuery[] {
  const facts = factsOf(context);
  const grant = grantOf(context);
  if (facts === undefined || !grant.ok) return [];
  const queries: RaisedQuery[] = [];
  const first = facts.amountOf(grant.value, grant.value.from.toPlainYearMonth(), {
    conditions: conditionsOf(context.inputs),
    decided: decidedOf(context.inputs),
  });
  if (first !== undefined && !first.ok && first.error.code === 'sats-mangler') {
    queries.push({ code: 'sats-mangler', text: first.error.message, mandatory: true });
  }
  if (!facts.hasTaxCard(grant.value.from)) {
    queries.push({
      code: 'skattekort-mangler',
      text: `Borgeren har intet skattekort registreret pr. ${grant.value.from.toString()}: uden skattekort trækkes A-skat uden fradrag med satsen for manglende skattekort (KSL § 48, stk. 8)`,
      mandatory: false,
    });
  }
  return queries;
}

/** `august 2023`, as the task shows a month. */
export const danishMonth = formatDanishMonth;

/**
 * "Beregn ydelse": the amounts of the grant's first months as the rules compute them now, by month in
 * Danish (`august 2023`: `8.705,35 kr.`), or what is missing for a month; shown to the caseworker.
 */
export function computeFirstMonths(context: StepContext): Record<string, unknown> {
  const facts = factsOf(context);
  const grant = grantOf(context);
  if (facts === undefined || !grant.ok) return {};
  const proposal = { conditions: conditionsOf(context.inputs), decided: decidedOf(context.inputs) };
  const shown: Record<string, string> = {};
  let month = grant.value.from.toPlainYearMonth();
  for (let i = 0; i < MONTHS_SHOWN; i++, month = month.add({ months: 1 })) {
    const last = grant.value.to?.toPlainYearMonth();
    if (last !== undefined && Temporal.PlainYearMonth.compare(month, last) > 0) break;
    const amount = facts.amountOf(grant.value, month, proposal);
    shown[danishMonth(month)] =
      amount === undefined
        ? 'Ingen månedlig ydelse'
        : amount.ok
          ? formatDanishAmount(amount.value.gross) +
            (amount.value.usesExampleRate ? ' (eksempelsats – ikke officiel)' : '')
          : amount.error.message;
  }
  return shown;
}

function checkGrantInput(input: Readonly<Record<string, unknown>>, context: StepContext): Result<unknown> {
  return grantOf({ inputs: { 'oplys-bevilling': input }, today: context.today });
}

function checkAmount(input: Readonly<Record<string, unknown>>): Result<unknown> {
  return inField(parseMonthlyAmount(textOf(input['beloeb'])), 'beloeb');
}

function checkEnd(input: Readonly<Record<string, unknown>>): Result<unknown> {
  return inField(parseDate(textOf(input['to'])), 'to');
}

const summary: StepDefinition = { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false };

const grantStep: StepDefinition = {
  key: 'oplys-bevilling',
  name: 'Oplys bevilling',
  mode: 'manuel',
  skippable: false,
  input: grantStepInput,
  check: checkGrantInput,
};

const checkStep: StepDefinition = {
  key: 'kontroller-oplysninger',
  name: 'Kontrollér oplysninger',
  mode: 'automatisk',
  skippable: true,
  queries: checkFacts,
  run: () => ({}),
};

const supplementStep: StepDefinition = {
  key: 'vurder-tillaeg-og-fradrag',
  name: 'Vurder tillæg og fradrag',
  mode: 'manuel',
  skippable: false,
  input: supplementStepInput,
};

const amountStep: StepDefinition = {
  key: 'fastsaet-beloeb',
  name: 'Fastsæt beløb',
  mode: 'manuel',
  skippable: false,
  input: amountStepInput,
  check: checkAmount,
};

const documentStep: StepDefinition = {
  key: 'afvent-dokumentation',
  name: 'Afvent faktura/lønseddel',
  mode: 'manuel',
  skippable: true,
  input: documentStepInput,
};

const computeStep: StepDefinition = {
  key: 'beregn-ydelse',
  name: 'Beregn ydelse',
  mode: 'automatisk',
  skippable: true,
  run: computeFirstMonths,
};

const familyNames: Readonly<Record<BenefitFamily, string>> = {
  htf: 'hjælp til forsørgelse',
  'saerlig-stoette': 'særlig støtte',
  administration: 'administration af økonomi',
  enkeltydelse: 'enkeltydelse',
  'anden-ydelse': 'anden ydelse',
  'personligt-tillaeg': 'personligt tillæg',
  helbredstillaeg: 'helbredstillæg',
};

/** The families that may wait for an invoice or a payslip (EY and AY). */
const documentFamilies: readonly BenefitFamily[] = ['enkeltydelse', 'anden-ydelse'];

/** The key of a family's benefit task. */
export const benefitTaskKey = (family: BenefitFamily): string => `ydelsesopgave-${family}`;

/** The benefits a family's task may be about (HTF: kontanthjælp and the benefits before the reform). */
export function benefitsOf(family: BenefitFamily): BenefitType[] {
  return benefitTypes.filter((benefit) => familyOf(benefit) === family);
}

/** The steps of a family's task, in order. */
export function benefitTaskSteps(family: BenefitFamily): StepDefinition[] {
  const middle: StepDefinition[] =
    family === 'htf'
      ? [supplementStep]
      : needsBasedFamilies.includes(family)
        ? [amountStep, ...(documentFamilies.includes(family) ? [documentStep] : [])]
        : [];
  return [grantStep, checkStep, ...middle, computeStep, summary];
}

/** A family's benefit task type. */
export function benefitTaskType(family: BenefitFamily): TaskTypeDefinition {
  const benefits = benefitsOf(family) as [BenefitType, ...BenefitType[]];
  return {
    key: benefitTaskKey(family),
    name: `Ydelsesopgave: ${familyNames[family]}`,
    data: z.object({
      sag: z.string().describe('Sagen, opgaven bevilger'),
      ydelse: z.enum(benefits).describe('Ydelsen'),
    }),
    dueDays: null,
    startableByHand: true,
    steps: benefitTaskSteps(family),
  };
}

/** "Afslut bevilling": the end of a grant and the reason (→ endGrant). */
export const endGrantTaskType: TaskTypeDefinition = {
  key: 'afslut-bevilling',
  name: 'Afslut bevilling',
  data: z.object({ sag: z.string().describe('Sagen, hvis bevilling afsluttes') }),
  dueDays: null,
  startableByHand: true,
  steps: [
    {
      key: 'oplys-afslutning',
      name: 'Oplys afslutning',
      mode: 'manuel',
      skippable: false,
      input: endStepInput,
      check: checkEnd,
    },
    summary,
  ],
};

/** Where a task's data asks for a benefit the family has no case for. */
export function benefitFor(family: BenefitFamily, requested: unknown): Result<BenefitType> {
  const benefits = benefitsOf(family);
  if (requested === undefined || requested === null) return ok(benefits[0] as BenefitType);
  const found = benefits.find((benefit) => benefit === requested);
  return found === undefined
    ? fail('ugyldigt-input', `Ydelsen skal være en af: ${benefits.join(', ')}`, 'data.ydelse')
    : ok(found);
}

/** The grant as entered on "Oplys bevilling" (for approval). */
export function grantInputOf(inputs: StepContext['inputs']): {
  from: string;
  to: string | null;
  reason: string;
} {
  const input = inputs['oplys-bevilling'] ?? {};
  return {
    from: textOf(input['from']),
    to: (input['to'] as string | null | undefined) ?? null,
    reason: textOf(input['reason']),
  };
}

/** Whether an EY/AY task was approved without its invoice or payslip: a recalculation is to follow. */
export function recalculationFollows(skipped: readonly string[]): boolean {
  return skipped.includes('afvent-dokumentation');
}
