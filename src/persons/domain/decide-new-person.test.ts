import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { decideNewPerson, type NewPersonInput } from './decide-new-person.ts';

const today = Temporal.PlainDate.from('2025-05-05');
const valid: NewPersonInput = {
  cpr: '070362-1007',
  name: 'Karen Testesen',
  residence: [{ municipality: '0101', from: '2015-01-01' }],
};

describe('registering a citizen', () => {
  it('accepts a citizen with defaults: ugift, CPR subscription, no health card, 4-digit code stored as 3', () => {
    const result = decideNewPerson(valid, today);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      cpr: '0703621007',
      civilStatus: 'ugift',
      spouse: null,
      cprSubscription: true,
      healthCard: false,
      residence: [{ residence: { kind: 'municipality', municipality: '101' } }],
    });
  });

  it('keeps a residence abroad as a country, not a municipality', () => {
    const result = decideNewPerson(
      {
        ...valid,
        residence: [
          { municipality: '101', from: '2010-01-01' },
          { abroad: 'se', from: '2020-01-01' },
        ],
      },
      today,
    );
    expect(result.ok && result.value.residence[1]?.residence).toEqual({ kind: 'abroad', country: 'SE' });
  });

  it.each<[string, Partial<NewPersonInput>, string, string]>([
    ['an impossible CPR date', { cpr: '320162-1234' }, 'ugyldigt-cpr', 'cpr'],
    ['an empty name', { name: '  ' }, 'ugyldigt-input', 'name'],
    ['no residence', { residence: [] }, 'ugyldigt-input', 'residence'],
    [
      'an unknown municipality',
      { residence: [{ municipality: '999', from: '2015-01-01' }] },
      'ukendt-kommune',
      'residence.0.municipality',
    ],
    [
      'Christiansø',
      { residence: [{ municipality: '411', from: '2015-01-01' }] },
      'ukendt-kommune',
      'residence.0.municipality',
    ],
    [
      'Denmark as abroad',
      { residence: [{ abroad: 'DK', from: '2015-01-01' }] },
      'ukendt-land',
      'residence.0.abroad',
    ],
    [
      'both municipality and abroad',
      { residence: [{ municipality: '101', abroad: 'SE', from: '2015-01-01' }] },
      'ugyldigt-input',
      'residence.0',
    ],
    [
      'a malformed date',
      { residence: [{ municipality: '101', from: '2015-13-01' }] },
      'ugyldig-dato',
      'residence.0.from',
    ],
    [
      'a residence starting in the future',
      { residence: [{ municipality: '101', from: '2025-06-01' }] },
      'ugyldig-dato',
      'residence.0.from',
    ],
    [
      'residences out of order',
      {
        residence: [
          { municipality: '101', from: '2015-01-01' },
          { municipality: '147', from: '2014-01-01' },
        ],
      },
      'ugyldig-periode',
      'residence.1.from',
    ],
    ['an unknown civil status', { civilStatus: 'forlovet' }, 'ugyldigt-input', 'civilStatus'],
    ['a spouse while unmarried', { spouse: '230860-1010' }, 'ugyldig-aegtefaelle', 'spouse'],
    ['married to oneself', { civilStatus: 'gift', spouse: '0703621007' }, 'ugyldig-aegtefaelle', 'spouse'],
    [
      'an institution stay ending before it starts',
      { institutionStays: [{ from: '2020-02-01', to: '2020-01-01' }] },
      'ugyldig-periode',
      'institutionStays.0.to',
    ],
    [
      'overlapping institution stays',
      {
        institutionStays: [
          { from: '2020-01-01', to: null },
          { from: '2021-01-01', to: '2021-02-01' },
        ],
      },
      'ugyldig-periode',
      'institutionStays.1',
    ],
    [
      'administration by an unknown municipality',
      { administration: [{ municipality: '1000', from: '2020-01-01' }] },
      'ukendt-kommune',
      'administration.0.municipality',
    ],
  ])('refuses %s', (_name, change, code, field) => {
    const result = decideNewPerson({ ...valid, ...change }, today);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.field).toBe(field);
    expect(result.error.message.length).toBeGreaterThan(5);
  });
});
