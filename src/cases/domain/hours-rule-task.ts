/**
 * The task "225-timersreglen", pure (docs/decisions/0025-hours-rule.md): the process release 6.1 rebuilt, so
 * that nothing is reduced without varsling → partshøring → afgørelse.
 *
 * 1. "Beregn 225-timersreglen" (automatic): the rule's finding, and the date it would first lower the help.
 *    No consequence: a mandatory undring (the task is closed instead).
 * 2. "Send varsling": the notice, at least 6 months before the date it announces.
 * 3. "Send partshøring": the hearing on the reduction or lapse, at least 1 month before the date.
 *    Both may be skipped when the letter is already on record (converted from the legacy system): the
 *    decision still requires a notice and a hearing after it.
 * 4. "Træf afgørelse": the decision's day and reasons (a married person: whether the spouse falls short too,
 *    and then why this spouse's help lapses); checked against the hearing and the rule at the date.
 * 5. "Opsummering": Godkend records the decision and its effect from the date.
 *
 * Notice periods (our reading of BEK nr. 310/2016 § 4 and the borger.dk text; BEK nr. 474/2020 not read):
 * a notice at least 6 months before the date, a hearing at least 1 month before, a decision before it.
 * Whatever comes late postpones the date (udskydelse) to the first 1st that keeps every period; nothing is
 * ever lowered back in time.
 */
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { HoursAssessment } from '../../benefits/index.ts';
import { fail, formatDanishDate, inField, ok, parseDate, type Result } from '../../kernel/index.ts';
import type { StepContext, TaskTypeDefinition } from '../../tasks/index.ts';
import { adverseEffectLabels, decideDecision, type DecisionDecision, type Hearing } from './decision.ts';
import { decideRegistration } from './decide-registration.ts';
import { hoursRuleExemptions } from './registration.ts';

export const HOURS_RULE_TASK = 'timeregel';

export const noticeMonths = 6;
export const hearingMonths = 1;
/** How far ahead "Beregn" looks for the first month the rule lowers the help. */
export const lookAheadMonths = 24;

export type DecidedConsequence = 'nedsaettelse' | 'bortfald';

/**
 * The rule over the person's history as known now, help projected as granted (the shell binds
 * src/benefits/'s `assessMonth` and `firstConsequence` to it).
 */
export interface HoursRule {
  readonly assess: (month: Temporal.PlainYearMonth) => HoursAssessment;
  /** The first month from `from` to `to` with a consequence. */
  readonly first: (from: Temporal.PlainYearMonth, to: Temporal.PlainYearMonth) => HoursAssessment | undefined;
  /** The rule's last day (30 Jun 2025). */
  readonly end: Temporal.PlainDate;
}

/** What the task's rules read. */
export interface HoursRuleFacts {
  readonly rule: HoursRule;
  /** The notice this case was sent (the newest), if any. */
  readonly notice: {
    readonly id: string;
    readonly sentOn: Temporal.PlainDate;
    readonly ruleDate: Temporal.PlainDate;
    readonly consequence: DecidedConsequence;
  } | null;
  /** The hearing on the reduction or lapse sent after the notice, if any. */
  readonly hearing: Hearing | null;
}

const factsOf = (context: StepContext): HoursRuleFacts | undefined => {
  const facts = context.facts as Partial<HoursRuleFacts>;
  return facts.rule === undefined ? undefined : (facts as HoursRuleFacts);
};

/** The 1st of the month the date lies in when it is a 1st, else of the month after. */
export function firstOnOrAfter(date: Temporal.PlainDate): Temporal.PlainDate {
  return date.day === 1 ? date : date.toPlainYearMonth().add({ months: 1 }).toPlainDate({ day: 1 });
}

const latest = (...dates: Temporal.PlainDate[]) =>
  dates.reduce((a, b) => (Temporal.PlainDate.compare(a, b) >= 0 ? a : b));

/**
 * The first month the rule lowers the help, looking from the month after `today` (a notice cannot reach
 * back) up to `lookAheadMonths` ahead and no later than the rule's last month.
 */
export function findRuleDate(rule: HoursRule, today: Temporal.PlainDate): HoursAssessment | undefined {
  const from = today.toPlainYearMonth().add({ months: 1 });
  const horizon = from.add({ months: lookAheadMonths });
  const last = rule.end.toPlainYearMonth();
  return rule.first(from, Temporal.PlainYearMonth.compare(horizon, last) < 0 ? horizon : last);
}

/**
 * The date a notice sent on `sentOn` announces: the rule's date, at the earliest the first 1st at least
 * 6 months after the notice; refused when the rule finds no consequence.
 */
export function decideNotice(
  rule: HoursRule,
  sentOnText: unknown,
  today: Temporal.PlainDate,
): Result<{ sentOn: Temporal.PlainDate; ruleDate: Temporal.PlainDate; assessment: HoursAssessment }> {
  const sentOn = inField(parseDate(typeof sentOnText === 'string' ? sentOnText : ''), 'sendt');
  if (!sentOn.ok) return sentOn;
  if (Temporal.PlainDate.compare(sentOn.value, today) > 0) {
    return fail('ugyldig-dato', 'Varslingen kan ikke være sendt i fremtiden', 'sendt');
  }
  const found = findRuleDate(rule, sentOn.value);
  if (found === undefined) return noConsequence(rule, sentOn.value);
  const earliest = firstOnOrAfter(sentOn.value.add({ months: noticeMonths }));
  const ruleDate = latest(found.month.toPlainDate({ day: 1 }), earliest);
  const assessment = rule.assess(ruleDate.toPlainYearMonth());
  if (assessment.consequence === 'ingen') return noConsequence(rule, sentOn.value, assessment);
  return ok({ sentOn: sentOn.value, ruleDate, assessment });
}

function noConsequence(
  rule: HoursRule,
  from: Temporal.PlainDate,
  assessment: HoursAssessment = rule.assess(from.toPlainYearMonth().add({ months: 1 })),
): Result<never> {
  return fail(
    'timeregel-ingen-konsekvens',
    `225-timersreglen nedsætter ikke hjælpen: ${assessment.reasons.join('. ')}`,
  );
}

/**
 * The date a decision takes effect from (udskydelse): the first 1st on or after the notice's date, 6 months
 * after the notice, 1 month after the hearing and after the decision's day, moved past a COVID period; and
 * the rule's finding for that month, which must still lower the help, within the rule's period.
 */
export function effectDate(
  rule: HoursRule,
  notice: NonNullable<HoursRuleFacts['notice']>,
  hearing: Hearing,
  decidedOn: Temporal.PlainDate,
): Result<{ from: Temporal.PlainDate; postponed: boolean; assessment: HoursAssessment }> {
  let from = latest(
    notice.ruleDate,
    firstOnOrAfter(notice.sentOn.add({ months: noticeMonths })),
    firstOnOrAfter(hearing.sentOn.add({ months: hearingMonths })),
    firstOnOrAfter(decidedOn.add({ days: 1 })),
  );
  let assessment = rule.assess(from.toPlainYearMonth());
  while (assessment.suspended !== null) {
    from = firstOnOrAfter(assessment.suspended.to.add({ days: 1 }));
    assessment = rule.assess(from.toPlainYearMonth());
  }
  if (Temporal.PlainDate.compare(from, rule.end) > 0) {
    return fail(
      'uden-for-reglens-periode',
      `Hjælpen kunne tidligst nedsættes fra ${formatDanishDate(from)}, men 225-timersreglen er ophævet fra 1. juli 2025`,
      'truffet',
    );
  }
  if (assessment.consequence === 'ingen') {
    return fail(
      'timeregel-ingen-konsekvens',
      `Fra ${formatDanishDate(from)} nedsætter 225-timersreglen ikke hjælpen: ${assessment.reasons.join('. ')}`,
      'truffet',
    );
  }
  return ok({ from, postponed: !from.equals(notice.ruleDate), assessment });
}

/** "Send partshøring": the day it was sent (not before the notice) and the citizen's deadline. */
export const hearingStepInput = z.strictObject({
  sendt: z.string().trim().describe('Dato for partshøringen (ÅÅÅÅ-MM-DD)'),
  frist: z.string().trim().describe('Borgerens frist (ÅÅÅÅ-MM-DD), mindst 7 dage efter'),
});

/** "Træf afgørelse". */
export const decisionStepInput = z.strictObject({
  truffet: z.string().trim().describe('Afgørelsens dato (ÅÅÅÅ-MM-DD)'),
  begrundelse: z.string().trim().min(1, 'Angiv begrundelsen').describe('Begrundelsen til borgeren'),
  aegtefaelleOpfylderHellerIkke: z
    .boolean()
    .optional()
    .describe('Gift: ægtefællen opfylder heller ikke kravet'),
  valgBegrundelse: z
    .string()
    .trim()
    .optional()
    .describe('Gift, begge uden timer: hvorfor hjælpen bortfalder for netop denne ægtefælle'),
});

export const hoursRuleLegalBasis = 'lov om aktiv socialpolitik §§ 13 f og 13 g og § 26, stk. 4-11';

/** What the hearing intends, in the letter's words. */
export function intendedText(notice: NonNullable<HoursRuleFacts['notice']>): string {
  return notice.consequence === 'bortfald'
    ? `Kommunen påtænker, at hjælpen til dig bortfalder fra den ${formatDanishDate(notice.ruleDate)}, fordi du er gift og ikke har haft 225 timers ordinært og ustøttet arbejde inden for de seneste 12 kalendermåneder. Oplys os, hvis der er grunde til at udskyde datoen.`
    : `Kommunen påtænker at nedsætte din hjælp fra den ${formatDanishDate(notice.ruleDate)}, fordi du ikke har haft 225 timers ordinært og ustøttet arbejde inden for de seneste 12 kalendermåneder. Oplys os, hvis der er grunde til at udskyde datoen.`;
}

/**
 * The decision the step's input makes, with its date (the postponement included): a notice and a hearing
 * must be on record; the hearing answered or run out (decideDecision); for a married person who falls short
 * with a spouse who does too, the caseworker's reason for this spouse.
 */
export function decideHoursRuleDecision(
  input: Readonly<Record<string, unknown>>,
  facts: HoursRuleFacts,
  today: Temporal.PlainDate,
): Result<{
  decision: DecisionDecision;
  from: Temporal.PlainDate;
  postponed: boolean;
  assessment: HoursAssessment;
}> {
  const parsed = decisionStepInput.safeParse(input);
  if (!parsed.success) return fail('ugyldigt-input', parsed.error.issues[0]?.message ?? 'Ugyldigt input');
  const { notice, hearing } = facts;
  if (notice === null) return fail('trin-mangler', 'Der er ikke sendt en varsling', 'truffet');
  if (hearing === null)
    return fail(
      'afgoerelse-uden-partshoering',
      'Der er ikke sendt en partshøring efter varslingen',
      'truffet',
    );
  const decidedOn = inField(parseDate(parsed.data.truffet), 'truffet');
  if (!decidedOn.ok) return decidedOn;
  const date = effectDate(facts.rule, notice, hearing, decidedOn.value);
  if (!date.ok) return date;
  const consequence = date.value.assessment.consequence as DecidedConsequence;
  let reasons = parsed.data.begrundelse;
  if (consequence === 'bortfald' && parsed.data.aegtefaelleOpfylderHellerIkke === true) {
    const choice = parsed.data.valgBegrundelse ?? '';
    if (choice === '') {
      return fail(
        'ugyldigt-input',
        'Opfylder ingen af ægtefællerne kravet, skal det begrundes, hvorfor hjælpen bortfalder for netop denne ægtefælle',
        'valgBegrundelse',
      );
    }
    reasons = `${reasons} Ingen af ægtefællerne opfylder kravet; hjælpen bortfalder for denne ægtefælle, fordi: ${choice}`;
  }
  const decision = decideDecision(
    {
      effect: consequence,
      reasons: `${reasons} (${adverseEffectLabels[consequence].toLowerCase()} fra ${formatDanishDate(date.value.from)}${date.value.postponed ? `, udskudt fra ${formatDanishDate(notice.ruleDate)}` : ''})`,
      legalBasis: hoursRuleLegalBasis,
      decidedOn: parsed.data.truffet,
      hearing: hearing.id,
    },
    hearing,
    today,
  );
  if (!decision.ok) return decision;
  return ok({ decision: decision.value, ...date.value });
}

/** "Beregn 225-timersreglen": the rule's finding from the month after today, in Danish. */
function showFinding(context: StepContext): Record<string, string> {
  const facts = factsOf(context);
  if (facts === undefined) return {};
  const found = findRuleDate(facts.rule, context.today);
  const assessment = found ?? facts.rule.assess(context.today.toPlainYearMonth().add({ months: 1 }));
  return {
    Konsekvens:
      found === undefined
        ? 'ingen inden for de næste 24 måneder'
        : `${adverseEffectLabels[found.consequence as DecidedConsequence]} fra ${formatDanishDate(found.month.toPlainDate({ day: 1 }))}`,
    Overgangsdato:
      assessment.overgangsdato === null ? 'ikke omfattet' : formatDanishDate(assessment.overgangsdato),
    Begrundelse: assessment.reasons.join('. '),
  };
}

export const hoursRuleTaskType: TaskTypeDefinition = {
  key: HOURS_RULE_TASK,
  name: '225-timersreglen',
  data: z.object({ sag: z.string().describe('Sagen om hjælp til forsørgelse, som reglen vurderes for') }),
  dueDays: 14,
  startableByHand: true,
  steps: [
    {
      key: 'beregn-timeregel',
      name: 'Beregn 225-timersreglen',
      mode: 'automatisk',
      skippable: false,
      run: showFinding,
      queries: (context) => {
        const facts = factsOf(context);
        if (facts === undefined || findRuleDate(facts.rule, context.today) !== undefined) return [];
        return [
          {
            code: 'timeregel-ingen-konsekvens',
            text: 'Reglen nedsætter ikke hjælpen inden for de næste 24 måneder (kravet er opfyldt, borgeren er undtaget eller ikke omfattet): afslut opgaven',
            mandatory: true,
          },
        ];
      },
    },
    {
      key: 'send-varsling',
      name: 'Send varsling',
      mode: 'manuel',
      skippable: true,
      final: true,
      input: z.strictObject({ sendt: z.string().trim().describe('Dato for varslingen (ÅÅÅÅ-MM-DD)') }),
      check: (input, context) => {
        const facts = factsOf(context);
        return facts === undefined ? ok(undefined) : decideNotice(facts.rule, input['sendt'], context.today);
      },
    },
    {
      key: 'send-partshoering',
      name: 'Send partshøring',
      mode: 'manuel',
      skippable: true,
      final: true,
      input: hearingStepInput,
    },
    {
      key: 'traef-afgoerelse',
      name: 'Træf afgørelse',
      mode: 'manuel',
      skippable: false,
      input: decisionStepInput,
      check: (input, context) => {
        const facts = factsOf(context);
        return facts === undefined ? ok(undefined) : decideHoursRuleDecision(input, facts, context.today);
      },
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};

export const EXEMPTIONS_TASK = 'forlaengelse-og-undtagelsesperioder';

/** "Oplys periode": an exemption (why) or an extension of the 12-month window (its ground), and the period. */
export const periodStepInput = z.strictObject({
  art: z
    .enum(['undtagelse', 'forlaengelse'])
    .describe('Undtagelse fra reglen, eller forlængelse af de 12 måneder'),
  fra: z.string().trim().describe('Første dag (ÅÅÅÅ-MM-DD)'),
  til: z.string().trim().optional().describe('Sidste dag (ÅÅÅÅ-MM-DD); kræves ved forlængelse'),
  undtagelse: z.enum(hoursRuleExemptions).optional().describe('Ved undtagelse: hvorfor reglen ikke gælder'),
  begrundelse: z.string().trim().min(1, 'Angiv begrundelsen').describe('Grunden, fx dokumenteret sygdom'),
});

/** The registration "Oplys periode" makes: `timeregel-undtagelse` or `timeregel-forlaengelse`. */
export function periodRegistration(input: Readonly<Record<string, unknown>>) {
  const parsed = periodStepInput.safeParse(input);
  if (!parsed.success) return fail('ugyldigt-input', parsed.error.issues[0]?.message ?? 'Ugyldigt input');
  const { art, fra, til, undtagelse, begrundelse } = parsed.data;
  if (art === 'undtagelse' && undtagelse === undefined) {
    return fail('ugyldigt-input', 'Angiv, hvorfor borgeren er undtaget', 'undtagelse');
  }
  const registration = {
    kind: art === 'undtagelse' ? 'timeregel-undtagelse' : 'timeregel-forlaengelse',
    from: fra,
    to: til ?? null,
    reason: begrundelse,
    ...(art === 'undtagelse' ? { exemption: undtagelse } : {}),
  };
  const decided = decideRegistration(registration, undefined);
  return decided.ok ? ok(registration) : decided;
}

/**
 * "Forlængelse og undtagelsesperioder" (KY's task for HTF cases): the caseworker records a period the
 * 225-hour rule does not apply, or one its 12-month window is extended by; Godkend registers it.
 */
export const exemptionsTaskType: TaskTypeDefinition = {
  key: EXEMPTIONS_TASK,
  name: 'Forlængelse og undtagelsesperioder',
  data: z.object({ sag: z.string().describe('Sagen om hjælp til forsørgelse') }),
  dueDays: 14,
  startableByHand: true,
  steps: [
    {
      key: 'oplys-periode',
      name: 'Oplys periode',
      mode: 'manuel',
      skippable: false,
      input: periodStepInput,
      check: (input) => periodRegistration(input),
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};

export const SEND_LETTER_TASK = 'send-brev';

/**
 * "Send brev" for the 225-hour rule's notice or hearing, as the process before release 6.1 sent them: made
 * by the conversion of legacy data (not started by hand). Passing "Send brev" sends the letter as the task
 * "225-timersreglen" does; release 6.1 closes the open ones (`ydelse tasks close --typer send-brev`), since
 * the new process sends those letters.
 */
export const sendLetterTaskType: TaskTypeDefinition = {
  key: SEND_LETTER_TASK,
  name: 'Send brev',
  data: z.object({
    sag: z.string().describe('Sagen om hjælp til forsørgelse'),
    brev: z
      .enum(['varsling', 'partshoering'])
      .describe('Brevet: varsling eller partshøring efter 225-timersreglen'),
  }),
  dueDays: 14,
  startableByHand: false,
  steps: [
    {
      key: 'send-brev',
      name: 'Send brev',
      mode: 'manuel',
      skippable: false,
      final: true,
      input: z.strictObject({
        sendt: z.string().trim().describe('Dato for brevet (ÅÅÅÅ-MM-DD)'),
        frist: z.string().trim().optional().describe('Ved partshøring: borgerens frist (ÅÅÅÅ-MM-DD)'),
      }),
    },
    { key: 'opsummering', name: 'Opsummering', mode: 'manuel', skippable: false },
  ],
};
