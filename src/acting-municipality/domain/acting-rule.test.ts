import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  municipalities,
  type CountryCode,
  type MunicipalityCode,
  type Residence,
} from '../../kernel/index.ts';
import { decideActingMunicipality, manualPeriodHolds, type ManualPeriod } from './acting-rule.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const code = (text: string) => text as MunicipalityCode;
const living = (municipality: string): Residence => ({
  kind: 'municipality',
  municipality: code(municipality),
});
const abroad = (country: string): Residence => ({ kind: 'abroad', country: country as CountryCode });

const period = (change: Partial<ManualPeriod> = {}): ManualPeriod => ({
  id: 'm1',
  municipality: code('147'),
  from: d('2025-03-01'),
  to: d('2025-03-31'),
  reason: 'ophold-institution',
  registeredBy: code('101'),
  started: false,
  ended: false,
  ...change,
});

const anyMunicipality = fc.constantFrom(...municipalities.map((m) => m.code));
const anyResidence: fc.Arbitrary<Residence> = fc.oneof(
  anyMunicipality.map((municipality): Residence => ({ kind: 'municipality', municipality })),
  fc.constantFrom('SE', 'DE', 'NO', 'GL', 'US').map(abroad),
);
const anyDate = fc
  .integer({ min: 0, max: 3 * 366 })
  .map((days) => Temporal.PlainDate.from('2024-01-01').add({ days }));
const anyPeriod: fc.Arbitrary<ManualPeriod> = fc
  .record({
    municipality: anyMunicipality,
    registeredBy: anyMunicipality,
    from: anyDate,
    length: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    started: fc.boolean(),
    ended: fc.boolean(),
  })
  .map(({ length, ...fields }) =>
    period({ ...fields, to: length === null ? null : fields.from.add({ days: length }) }),
  );

describe('whether a manual acting municipality holds on a date', () => {
  it.each<[string, Partial<ManualPeriod>, string, boolean]>([
    ['not the day before it begins', {}, '2025-02-28', false],
    ['on the first day', {}, '2025-03-01', true],
    ['on the last day (the end is inclusive)', {}, '2025-03-31', true],
    ['not the day after its end', {}, '2025-04-01', false],
    ['an open-ended period years later', { to: null }, '2030-01-01', true],
    [
      'a period that has not been started by the run yet, inside its dates',
      { started: false },
      '2025-03-15',
      true,
    ],
    ['not a period the run has ended, even inside its dates', { ended: true }, '2025-03-15', false],
    ['not an ended open-ended period', { ended: true, to: null, started: true }, '2025-03-15', false],
  ])('holds %s', (_name, change, date, holds) => {
    expect(manualPeriodHolds(period(change), d(date))).toBe(holds);
  });

  it('holds exactly on the days from its start to its end when not ended', () => {
    fc.assert(
      fc.property(anyPeriod, anyDate, (manual, date) => {
        const inside =
          Temporal.PlainDate.compare(manual.from, date) <= 0 &&
          (manual.to === null || Temporal.PlainDate.compare(date, manual.to) <= 0);
        expect(manualPeriodHolds(manual, date)).toBe(!manual.ended && inside);
      }),
    );
  });
});

describe('the acting municipality (rsl §9 stk. 1 and the exceptions)', () => {
  it.each<[string, Residence, ManualPeriod | undefined, string | null]>([
    ['the residence municipality acts when no manual period holds', living('101'), undefined, '101'],
    ['a manual period overrides the residence', living('101'), period(), '147'],
    [
      'a manual period keeping the duty with the registering municipality',
      living('147'),
      period({ municipality: code('101') }),
      '101',
    ],
    ['nobody acts for a citizen abroad', abroad('SE'), undefined, null],
    ['a move abroad ends the duty even during a manual period', abroad('SE'), period(), null],
  ])('%s', (_name, residence, manual, expected) => {
    expect(decideActingMunicipality(residence, manual)).toBe(expected);
  });

  it('a residence abroad gives no acting municipality, manual period or not', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('SE', 'DE', 'US'),
        fc.option(anyPeriod, { nil: undefined }),
        (country, manual) => {
          expect(decideActingMunicipality(abroad(country), manual)).toBeNull();
        },
      ),
    );
  });

  it('with no manual period the residence municipality acts', () => {
    fc.assert(
      fc.property(anyMunicipality, (municipality) => {
        expect(decideActingMunicipality(living(municipality), undefined)).toBe(municipality);
      }),
    );
  });

  it('with a manual period in Denmark the chosen municipality acts, whatever the residence', () => {
    fc.assert(
      fc.property(anyMunicipality, anyPeriod, (municipality, manual) => {
        expect(decideActingMunicipality(living(municipality), manual)).toBe(manual.municipality);
      }),
    );
  });

  it('the answer is always one municipality or none: the residence, the manual choice, or null abroad', () => {
    fc.assert(
      fc.property(anyResidence, fc.option(anyPeriod, { nil: undefined }), (residence, manual) => {
        const acting = decideActingMunicipality(residence, manual);
        const candidates =
          residence.kind === 'abroad' ? [null] : [manual?.municipality ?? residence.municipality];
        expect(candidates).toContain(acting);
      }),
    );
  });
});
