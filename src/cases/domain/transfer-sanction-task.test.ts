import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { decideDecision } from './decision.ts';
import {
  legacyDecisionBasis,
  transferDecisionInput,
  transferOf,
  transferSanctionInput,
  transferSanctionTaskType,
} from './transfer-sanction-task.ts';

const today = Temporal.PlainDate.from('2021-05-03');
const step = transferSanctionTaskType.steps[0];
const context = (on: Temporal.PlainDate = today) => ({ data: {}, facts: {}, inputs: {}, today: on });

const valid = {
  art: 'nedsaettelse-sats',
  haendelse: '2021-04-07',
  afgjort: '2021-04-14',
  reference: 'KMD Aktiv j.nr. 2021-117',
  begrundelse: 'Du udeblev fra samtalen den 7. april 2021 uden rimelig grund',
};

/** The step's input as "Gå videre" hands it to the check: parsed by its schema first. */
function checked(input: Record<string, unknown>, on: Temporal.PlainDate = today) {
  const parsed = step?.input?.safeParse(input);
  if (parsed?.success !== true) {
    const issue = parsed?.error.issues[0];
    return { code: 'ugyldigt-input', field: issue?.path.join('.') };
  }
  const result = step?.check?.(parsed.data, context(on));
  return result?.ok === true ? 'ok' : { code: result?.error.code, field: result?.error.field };
}

describe('the task Overflyt sanktion', () => {
  it('is startable by hand, has "Oplys sanktion" and "Opsummering", neither skippable', () => {
    expect(transferSanctionTaskType).toMatchObject({
      key: 'overflyt-sanktion',
      name: 'Overflyt sanktion',
      startableByHand: true,
    });
    expect(transferSanctionTaskType.steps.map((s) => [s.key, s.name, s.mode, s.skippable])).toEqual([
      ['oplys-sanktion', 'Oplys sanktion', 'manuel', false],
      ['opsummering', 'Opsummering', 'manuel', false],
    ]);
    expect(transferSanctionTaskType.data.safeParse({}).success).toBe(false);
  });

  it.each([
    ['a reduction by the sanction rate', valid, 'ok'],
    ['a deduction for days', { ...valid, art: 'fradrag-dage', dage: '3' }, 'ok'],
    ['30 days of April', { ...valid, art: 'fradrag-dage', dage: '30' }, 'ok'],
    ['decided today', { ...valid, afgjort: '2021-05-03' }, 'ok'],
    [
      'the last month a run may take it (April + 3 = July)',
      { ...valid, haendelse: '2021-02-26', afgjort: '2021-03-01' },
      'ok',
    ],
    ['an unknown kind', { ...valid, art: 'ophoer' }, { code: 'ugyldigt-input', field: 'art' }],
    ['no kind', { ...valid, art: undefined }, { code: 'ugyldigt-input', field: 'art' }],
    ['an unknown key', { ...valid, beloeb: '600.00' }, { code: 'ugyldigt-input', field: '' }],
    ['no reference', { ...valid, reference: '  ' }, { code: 'ugyldigt-input', field: 'reference' }],
    ['no reasons', { ...valid, begrundelse: '' }, { code: 'ugyldigt-input', field: 'begrundelse' }],
    [
      'an omission not a date',
      { ...valid, haendelse: '7/4 2021' },
      { code: 'ugyldig-dato', field: 'haendelse' },
    ],
    [
      'a day that does not exist',
      { ...valid, afgjort: '2021-04-31' },
      { code: 'ugyldig-dato', field: 'afgjort' },
    ],
    [
      'a decision in the future',
      { ...valid, afgjort: '2021-05-04' },
      { code: 'ugyldig-dato', field: 'afgjort' },
    ],
    [
      'a decision on the omission day',
      { ...valid, afgjort: '2021-04-07' },
      { code: 'ugyldig-dato', field: 'afgjort' },
    ],
    [
      'a decision before the omission',
      { ...valid, afgjort: '2021-04-01' },
      { code: 'ugyldig-dato', field: 'afgjort' },
    ],
    ['days missing', { ...valid, art: 'fradrag-dage' }, { code: 'ugyldigt-input', field: 'dage' }],
    ['0 days', { ...valid, art: 'fradrag-dage', dage: '0' }, { code: 'ugyldigt-input', field: 'dage' }],
    [
      '31 days of April',
      { ...valid, art: 'fradrag-dage', dage: '31' },
      { code: 'ugyldigt-input', field: 'dage' },
    ],
    [
      'days not a number',
      { ...valid, art: 'fradrag-dage', dage: '2,5' },
      { code: 'ugyldigt-input', field: 'dage' },
    ],
    ['days for a reduction', { ...valid, dage: '3' }, { code: 'ugyldigt-input', field: 'dage' }],
    [
      'an omission whose 3 whole calendar months have passed (January: April)',
      { ...valid, haendelse: '2021-01-29', afgjort: '2021-02-02' },
      { code: 'sanktion-for-sen', field: 'haendelse' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(checked(input as Record<string, unknown>)).toEqual(expected);
  });

  it('measures the 3 months to the day the step is passed', () => {
    expect(checked(valid, Temporal.PlainDate.from('2021-07-31'))).toBe('ok');
    expect(checked(valid, Temporal.PlainDate.from('2021-08-01'))).toEqual({
      code: 'sanktion-for-sen',
      field: 'haendelse',
    });
  });

  it('records the legacy decision on its own day, resting on the exception that names its reference', () => {
    const transfer = transferOf({ ...valid, art: 'fradrag-dage', dage: '3' }, today);
    if (!transfer.ok) throw new Error(transfer.error.message);
    expect(transferSanctionInput(transfer.value)).toEqual({
      kind: 'fradrag-dage',
      omissionOn: '2021-04-07',
      days: '3',
    });
    const decision = decideDecision(transferDecisionInput(transfer.value), undefined, today);
    expect(decision.ok && decision.value).toMatchObject({
      effect: 'sanktion',
      decidedOn: Temporal.PlainDate.from('2021-04-14'),
      reasons: valid.begrundelse,
      legalBasis: 'lov om aktiv socialpolitik §§ 35-37',
      basis: {
        kind: 'undtagelse',
        legalBasis: legacyDecisionBasis,
        reason:
          'afgørelsen blev truffet i det tidligere system den 14.04.2021 (reference KMD Aktiv j.nr. 2021-117) og er alene overført ved konverteringen',
      },
    });
  });

  it('takes the rules the legacy decision names, else the sanction rules of its kind', () => {
    const named = transferOf({ ...valid, hjemmel: 'aktivloven § 36' }, today);
    expect(named.ok && named.value.legalBasis).toBe('aktivloven § 36');
    const empty = transferOf({ ...valid, hjemmel: ' ' }, today);
    expect(empty.ok && empty.value.legalBasis).toBe('lov om aktiv socialpolitik § 35');
  });
});
