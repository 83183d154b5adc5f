/**
 * Rates for the benefit tests: the sourced rows (test/fixtures/satser-kildebelagt.csv, a copy of
 * ../shared/data/satser/satser.csv) and the demo's example rows (data/satser/eksempel.csv), read into
 * `Rate`s and looked up like the rates context does: the row covering the day, else `sats-mangler`.
 */
import { readFileSync } from 'node:fs';
import { Temporal } from 'temporal-polyfill';
import { fail, ok, parseAmount } from '../../src/kernel/index.ts';
import type { Rate, RateLookup, RateSourceKind, RateUnit } from '../../src/rates/index.ts';

export const rateCsvHeader = 'noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype';

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes) into records of fields. */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[index + 1] === '\n') index++;
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push(fields);
  }
  return records;
}

/** The rows of a rate file; throws on a row the tests' files should never have. */
export function parseRateCsv(text: string): Rate[] {
  const [header, ...rows] = csvRecords(text);
  if (header?.join(',') !== rateCsvHeader) throw new Error(`Unexpected header: ${header?.join(',')}`);
  return rows.map((row) => {
    const [key, description, from, to, amount, unit, reference, source, sourceKind] = row;
    if (sourceKind === undefined || row.length !== 9) throw new Error(`Bad row: ${row.join(',')}`);
    const oere = parseAmount(amount ?? '');
    if (!oere.ok) throw new Error(`Bad amount: ${amount}`);
    return {
      key: key ?? '',
      description: description ?? '',
      from: Temporal.PlainDate.from(from ?? ''),
      to: Temporal.PlainDate.from(to ?? ''),
      amount: oere.value,
      unit: unit as RateUnit,
      reference: reference ?? '',
      source: source ?? '',
      sourceKind: sourceKind as RateSourceKind,
    };
  });
}

const root = new URL('../../', import.meta.url);

export const sourcedRates: readonly Rate[] = parseRateCsv(
  readFileSync(new URL('test/fixtures/satser-kildebelagt.csv', root), 'utf8'),
);
export const exampleRates: readonly Rate[] = parseRateCsv(
  readFileSync(new URL('data/satser/eksempel.csv', root), 'utf8'),
);

/** A lookup over the rows: the one covering the day, else `sats-mangler` naming the key and the day. */
export function lookupFrom(rates: readonly Rate[]): RateLookup {
  return (key, on) => {
    const found = rates.find(
      (rate) =>
        rate.key === key &&
        Temporal.PlainDate.compare(rate.from, on) <= 0 &&
        Temporal.PlainDate.compare(rate.to, on) >= 0,
    );
    return found === undefined
      ? fail('sats-mangler', `Satsen ${key} mangler for ${on.toString()}`)
      : ok(found);
  };
}

/** A row made up for a test (`officiel` unless told), for the lookup's edge cases. */
export function testRate(
  key: string,
  from: string,
  to: string,
  amount: number,
  unit: RateUnit = 'md',
  sourceKind: RateSourceKind = 'officiel',
): Rate {
  return {
    key,
    description: key,
    from: Temporal.PlainDate.from(from),
    to: Temporal.PlainDate.from(to),
    amount,
    unit,
    reference: 'test',
    source: 'test',
    sourceKind,
  };
}
