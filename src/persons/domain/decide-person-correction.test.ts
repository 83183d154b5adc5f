import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Cpr } from '../../kernel/index.ts';
import { civilStatuses, type Person } from './person.ts';
import { decidePersonCorrection, personCorrectionErrors } from './decide-person-correction.ts';

const current: Person = {
  id: 'p1',
  version: 3,
  cpr: '0101801234' as Cpr,
  name: 'Anna Andersen',
  civilStatus: 'ugift',
  spouse: null,
  cprSubscription: true,
  healthCard: false,
  residence: [],
  institutionStays: [],
  administration: [],
};
const same = {
  name: 'Anna Andersen',
  civilStatus: 'ugift',
  spouse: null,
  cprSubscription: true,
  healthCard: false,
};

describe('correcting a citizen', () => {
  it.each([
    { change: { name: '' }, fields: ['name'] },
    { change: { name: 'x'.repeat(201) }, fields: ['name'] },
    { change: { civilStatus: 'single' }, fields: ['civilStatus'] },
    { change: { spouse: '1505701234' }, fields: ['spouse'] },
    { change: { civilStatus: 'gift', spouse: '0101801234' }, fields: ['spouse'] },
    { change: { civilStatus: 'gift', spouse: '32' }, fields: ['spouse'] },
    { change: { name: ' ', spouse: '1505701234' }, fields: ['name', 'spouse'] },
    { change: { name: '\u0000', civilStatus: 'x' }, fields: ['name', 'civilStatus'] },
  ])('refuses $change in $fields', ({ change, fields }) => {
    const input = { ...same, ...change };
    expect(personCorrectionErrors(current, input).map((e) => e.field)).toEqual(fields);
    const decided = decidePersonCorrection(current, input);
    expect(decided.ok ? undefined : decided.error.field).toBe(fields[0]);
  });

  it('changes nothing when nothing differs', () => {
    const decided = decidePersonCorrection(current, { ...same, name: '  Anna Andersen ' });
    expect(decided.ok && decided.value.changes).toEqual({});
  });

  it('records exactly the fields that differ, with before and after', () => {
    fc.assert(
      fc.property(
        fc.record({
          name: fc.constantFrom('Anna Andersen', 'Anna Bentsen'),
          civilStatus: fc.constantFrom(...civilStatuses),
          married: fc.boolean(),
          cprSubscription: fc.boolean(),
          healthCard: fc.boolean(),
        }),
        (input) => {
          const withSpouse = ['gift', 'separeret', 'registreret-partner'].includes(input.civilStatus);
          const spouse = withSpouse && input.married ? '1505701234' : null;
          const decided = decidePersonCorrection(current, { ...input, spouse });
          expect(decided.ok).toBe(true);
          if (!decided.ok) return;
          const expected = Object.entries({ ...input, spouse })
            .filter(([key]) => key !== 'married')
            .filter(([key, value]) => (current as unknown as Record<string, unknown>)[key] !== value)
            .map(([key]) => key)
            .sort();
          expect(Object.keys(decided.value.changes).sort()).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
