import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  complaintGuidance,
  decideAnswer,
  decideDecision,
  decideHearing,
  minimumHearingDays,
  type DecisionInput,
  type Hearing,
  type HearingInput,
} from './decision.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const today = d('2025-09-15');
const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error?.code ?? ''}@${result.error?.field ?? ''}`;

const hearingInput: HearingInput = {
  effect: 'tilbagebetalingskrav',
  intended: 'Kommunen påtænker at kræve 1.200,00 kr. tilbage for maj 2025',
  sentOn: '2025-09-01',
  deadline: '2025-09-08',
};

function hearing(extra: Partial<Hearing> = {}): Hearing {
  return {
    id: 'h1',
    caseId: 'c1',
    effect: 'tilbagebetalingskrav',
    intended: 'krav',
    sentOn: d('2025-09-01'),
    deadline: d('2025-09-08'),
    answeredOn: null,
    answer: null,
    ...extra,
  };
}

const decision: DecisionInput = {
  effect: 'tilbagebetalingskrav',
  reasons: 'Du har fået udbetalt for meget i maj 2025, fordi din løn blev registreret for sent',
  legalBasis: 'aktivloven § 91, stk. 1, nr. 2',
  decidedOn: '2025-09-09',
  hearing: 'h1',
};

describe('a hearing (partshøring)', () => {
  it.each<[string, Partial<HearingInput>, string]>([
    ['a deadline 7 days after it is sent', {}, 'ok'],
    ['a deadline 6 days after', { deadline: '2025-09-07' }, 'for-kort-hoeringsfrist@deadline'],
    ['sent in the future', { sentOn: '2025-09-16', deadline: '2025-09-30' }, 'ugyldig-dato@sentOn'],
    ['an effect that is not adverse', { effect: 'bevilling' }, 'ugyldigt-input@effect'],
    ['nothing said of what is intended', { intended: '  ' }, 'ugyldigt-input@intended'],
    ['a date that does not exist', { deadline: '2025-09-31' }, 'ugyldig-dato@deadline'],
  ])('%s: %s', (_name, change, expected) => {
    expect(codeOf(decideHearing({ ...hearingInput, ...change }, today))).toBe(expected);
  });

  it(`the least deadline is ${String(minimumHearingDays)} days`, () => {
    expect(minimumHearingDays).toBe(7);
  });
});

describe('an answer to a hearing', () => {
  it.each<[string, Hearing, string, string, string]>([
    ['within the deadline', hearing(), '2025-09-05', 'Jeg var syg', 'ok'],
    ['after the deadline (still recorded)', hearing(), '2025-09-12', 'Jeg var syg', 'ok'],
    ['before it was sent', hearing(), '2025-08-31', 'Jeg var syg', 'ugyldig-dato@answeredOn'],
    ['in the future', hearing(), '2025-09-16', 'Jeg var syg', 'ugyldig-dato@answeredOn'],
    ['empty', hearing(), '2025-09-05', '', 'ugyldigt-input@answer'],
    [
      'twice',
      hearing({ answeredOn: d('2025-09-03'), answer: 'x' }),
      '2025-09-05',
      'igen',
      'allerede-besvaret@',
    ],
  ])('%s', (_name, given, on, text, expected) => {
    expect(codeOf(decideAnswer(given, on, text, today))).toBe(expected);
  });
});

describe('a decision (afgørelse)', () => {
  it.each<[string, Partial<DecisionInput>, Hearing | undefined, string]>([
    ['the day after the deadline, unanswered', {}, hearing(), 'ok'],
    [
      'on the deadline, unanswered',
      { decidedOn: '2025-09-08' },
      hearing(),
      'hoeringsfrist-ikke-udloebet@decidedOn',
    ],
    [
      'before the deadline, answered that day',
      { decidedOn: '2025-09-04' },
      hearing({ answeredOn: d('2025-09-04'), answer: 'x' }),
      'ok',
    ],
    [
      'before the deadline, answered later',
      { decidedOn: '2025-09-04' },
      hearing({ answeredOn: d('2025-09-05'), answer: 'x' }),
      'hoeringsfrist-ikke-udloebet@decidedOn',
    ],
    ['without a hearing', { hearing: null }, undefined, 'afgoerelse-uden-partshoering@hearing'],
    [
      'a hearing on another effect',
      {},
      hearing({ effect: 'sanktion' }),
      'afgoerelse-uden-partshoering@hearing',
    ],
    [
      'a legal exception instead',
      {
        hearing: null,
        exceptionBasis: 'forvaltningslovens § 19, stk. 2, nr. 1',
        exceptionReason: 'Afgørelsen kan ikke udsættes',
      },
      undefined,
      'ok',
    ],
    [
      'an exception without its reason',
      { hearing: null, exceptionBasis: 'forvaltningslovens § 19, stk. 2, nr. 1' },
      undefined,
      'ugyldigt-input@exceptionReason',
    ],
    [
      'both a hearing and an exception',
      { exceptionBasis: 'forvaltningslovens § 19, stk. 2, nr. 1', exceptionReason: 'x' },
      hearing(),
      'ugyldigt-input@exceptionBasis',
    ],
    ['no reasons', { reasons: '' }, hearing(), 'ugyldigt-input@reasons'],
    ['no legal basis', { legalBasis: ' ' }, hearing(), 'ugyldigt-input@legalBasis'],
    ['decided in the future', { decidedOn: '2025-09-16' }, hearing(), 'ugyldig-dato@decidedOn'],
  ])('%s: %s', (_name, change, given, expected) => {
    expect(codeOf(decideDecision({ ...decision, ...change }, given, today))).toBe(expected);
  });

  it('carries the complaint guidance: 4 weeks, to the municipality, then Ankestyrelsen', () => {
    const result = decideDecision(decision, hearing(), today);
    expect(result.ok && result.value.complaintGuidance).toBe(complaintGuidance);
    expect(complaintGuidance).toContain('4 uger');
    expect(complaintGuidance).toContain('Ankestyrelsen');
  });

  it('property: a decision is accepted only after a hearing of its effect was answered or ran out, or with an exception', () => {
    const day = fc.integer({ min: 0, max: 40 }).map((n) => d('2025-08-20').add({ days: n }));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 20 }),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: null }),
        day,
        fc.constantFrom('tilbagebetalingskrav' as const, 'sanktion' as const),
        fc.boolean(),
        fc.boolean(),
        (sentOn, extra, answerAfter, decidedOn, effect, withHearing, withException) => {
          const given = hearing({
            sentOn,
            deadline: sentOn.add({ days: minimumHearingDays + extra }),
            answeredOn: answerAfter === null ? null : sentOn.add({ days: answerAfter }),
            answer: answerAfter === null ? null : 'svar',
            effect,
          });
          const result = decideDecision(
            {
              ...decision,
              decidedOn: decidedOn.toString(),
              hearing: withHearing ? 'h1' : null,
              ...(withException
                ? { exceptionBasis: 'fvl § 19, stk. 2', exceptionReason: 'uopsætteligt' }
                : {}),
            },
            withHearing ? given : undefined,
            d('2025-12-31'),
          );
          if (!result.ok) return;
          if (result.value.basis.kind === 'undtagelse') {
            expect(withException && !withHearing).toBe(true);
            return;
          }
          expect(withHearing && !withException).toBe(true);
          expect(given.effect).toBe('tilbagebetalingskrav');
          const answered =
            given.answeredOn !== null && Temporal.PlainDate.compare(given.answeredOn, decidedOn) <= 0;
          expect(answered || Temporal.PlainDate.compare(decidedOn, given.deadline) > 0).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});
