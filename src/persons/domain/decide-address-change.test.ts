import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  decideAddressChange,
  MAX_DAYS_AHEAD,
  messageContent,
  type AddressChangeInput,
} from './decide-address-change.ts';

const today = Temporal.PlainDate.from('2025-05-05');
const valid: AddressChangeInput = {
  sequence: 7,
  cpr: '070362-1007',
  municipality: '0147',
  date: '2025-05-20',
};

describe('an inbound CPR address change', () => {
  it('accepts a move to a municipality, storing the code as three digits and the CPR without dash', () => {
    const result = decideAddressChange(valid, today);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      sequence: 7,
      cpr: '0703621007',
      residence: { kind: 'municipality', municipality: '147' },
    });
    expect(result.value.date.toString()).toBe('2025-05-20');
    expect(messageContent(result.value)).toEqual({
      cpr: '0703621007',
      date: '2025-05-20',
      municipality: '147',
    });
  });

  it('accepts a move abroad with the country in capitals', () => {
    const result = decideAddressChange(
      { sequence: 8, cpr: '0703621007', abroad: 'se', date: '2025-05-20' },
      today,
    );
    expect(result.ok && result.value.residence).toEqual({ kind: 'abroad', country: 'SE' });
    expect(result.ok && messageContent(result.value)).toEqual({
      cpr: '0703621007',
      date: '2025-05-20',
      abroad: 'SE',
    });
  });

  it.each([
    ['exactly 28 days ahead', '2025-06-02'],
    ['today', '2025-05-05'],
    ['a late move in the past (effectuated by the next run)', '2025-04-01'],
    ['years back', '2019-01-01'],
  ])('accepts a move date %s', (_name, date) => {
    expect(decideAddressChange({ ...valid, date }, today).ok).toBe(true);
  });

  it('CPR accepts at most 28 days ahead', () => {
    expect(MAX_DAYS_AHEAD).toBe(28);
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (days) => {
        const date = today.add({ days }).toString();
        const result = decideAddressChange({ ...valid, date }, today);
        expect(result.ok).toBe(days <= 28);
        if (!result.ok) expect(result.error).toMatchObject({ code: 'ugyldig-dato', field: 'date' });
      }),
    );
  });

  it.each([0, 1, 123456789, Number.MAX_SAFE_INTEGER])('accepts the sequence number %d', (sequence) => {
    expect(decideAddressChange({ ...valid, sequence }, today).ok).toBe(true);
  });

  it('accepts every non-negative safe integer as sequence number and refuses every negative one', () => {
    fc.assert(
      fc.property(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (sequence) => {
        const result = decideAddressChange({ ...valid, sequence }, today);
        expect(result.ok).toBe(sequence >= 0);
      }),
    );
  });

  it.each<[string, Partial<AddressChangeInput>, string, string]>([
    ['a 29-day-ahead move', { date: '2025-06-03' }, 'ugyldig-dato', 'date'],
    ['a date that does not exist', { date: '2025-02-29' }, 'ugyldig-dato', 'date'],
    ['a date in another spelling', { date: '20.05.2025' }, 'ugyldig-dato', 'date'],
    ['a negative sequence number', { sequence: -1 }, 'ugyldigt-input', 'sequence'],
    ['a fractional sequence number', { sequence: 1.5 }, 'ugyldigt-input', 'sequence'],
    ['NaN as sequence number', { sequence: Number.NaN }, 'ugyldigt-input', 'sequence'],
    ['an infinite sequence number', { sequence: Number.POSITIVE_INFINITY }, 'ugyldigt-input', 'sequence'],
    [
      'a sequence number beyond the safe integers',
      { sequence: Number.MAX_SAFE_INTEGER + 1 },
      'ugyldigt-input',
      'sequence',
    ],
    ['both a municipality and abroad', { abroad: 'SE' }, 'ugyldigt-input', 'municipality'],
    ['neither a municipality nor abroad', { municipality: undefined }, 'ugyldigt-input', 'municipality'],
    [
      'empty municipality and empty abroad',
      { municipality: '', abroad: '' },
      'ugyldigt-input',
      'municipality',
    ],
    ['an unknown municipality', { municipality: '999' }, 'ukendt-kommune', 'municipality'],
    ['Christiansø', { municipality: '0411' }, 'ukendt-kommune', 'municipality'],
    ['Denmark as abroad', { municipality: undefined, abroad: 'DK' }, 'ukendt-land', 'abroad'],
    ['an unknown country', { municipality: '', abroad: 'XX' }, 'ukendt-land', 'abroad'],
    ['an impossible CPR number', { cpr: '320162-1234' }, 'ugyldigt-cpr', 'cpr'],
  ])('refuses %s', (_name, change, errorCode, field) => {
    const result = decideAddressChange({ ...valid, ...change }, today);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(errorCode);
    expect(result.error.field).toBe(field);
  });

  it('accepts the municipality or abroad exactly when one of them is given', () => {
    const part = fc.option(fc.constant('x'), { nil: undefined });
    fc.assert(
      fc.property(part, part, (hasMunicipality, hasAbroad) => {
        const result = decideAddressChange(
          {
            ...valid,
            municipality: hasMunicipality === undefined ? undefined : '101',
            abroad: hasAbroad === undefined ? undefined : 'SE',
          },
          today,
        );
        expect(result.ok).toBe((hasMunicipality === undefined) !== (hasAbroad === undefined));
      }),
    );
  });
});
