/**
 * Where a citizen lives: one of the 98 municipalities (kommunekode, CPR's three-digit code) or a
 * country abroad (ISO 3166-1 alpha-2). Christiansø (411) has a code but is administered by the state
 * and belongs to no municipality, so it is not accepted as one.
 */
import { quoted } from './bounds.ts';
import { countryCodes } from './data/countries.ts';
import { kommuner } from './data/kommuner.ts';
import { fail, ok, type Result } from './result.ts';

/** A municipality code of three digits, e.g. `101` for København. */
export type MunicipalityCode = string & { readonly __brand: 'MunicipalityCode' };

/** Danmarks Statistik's region codes. */
export type RegionCode = '1081' | '1082' | '1083' | '1084' | '1085';

/** A Danish municipality with its region. */
export interface Municipality {
  readonly code: MunicipalityCode;
  readonly name: string;
  readonly region: string;
  readonly regionCode: RegionCode;
}

const regionCodes: Readonly<Record<string, RegionCode>> = {
  'Region Nordjylland': '1081',
  'Region Midtjylland': '1082',
  'Region Syddanmark': '1083',
  'Region Hovedstaden': '1084',
  'Region Sjælland': '1085',
};

function toMunicipality(row: { code: string; name: string; region: string }): Municipality {
  const regionCode = regionCodes[row.region];
  if (regionCode === undefined) throw new Error(`Unknown region in kommuner data: ${row.region}`);
  return { code: row.code as MunicipalityCode, name: row.name, region: row.region, regionCode };
}

/** All 98 municipalities, sorted by code. */
export const municipalities: readonly Municipality[] = kommuner
  .map(toMunicipality)
  .sort((a, b) => Number(a.code) - Number(b.code));

const byCode: ReadonlyMap<string, Municipality> = new Map(municipalities.map((m) => [m.code, m]));

const christiansoe = '411';

/** Parses a municipality code, `101` or `0101` (CPR writes four digits with a leading zero); returns 3 digits. */
export function parseMunicipalityCode(input: string): Result<MunicipalityCode> {
  const match = /^0?(\d{3})$/.exec(input);
  const code = match?.[1];
  if (code === undefined) {
    return fail(
      'ukendt-kommune',
      `Kommunekoden skal være tre cifre (fx 101 eller 0101), ikke ${quoted(input)}`,
    );
  }
  if (code === christiansoe) {
    return fail('ukendt-kommune', 'Kommunekode 411 er Christiansø, som ikke hører til en kommune');
  }
  if (!byCode.has(code)) return fail('ukendt-kommune', `Kommunekode ${code} findes ikke`);
  return ok(code as MunicipalityCode);
}

/** The municipality for a parsed code; throws only if the brand was forged, which is a bug. */
export function getMunicipality(code: MunicipalityCode): Municipality {
  const municipality = byCode.get(code);
  if (municipality === undefined) throw new Error(`Not a municipality code: ${code}`);
  return municipality;
}

/** Looks up an unparsed three-digit code, e.g. from a database row; undefined if there is none. */
export function findMunicipality(code: string): Municipality | undefined {
  return byCode.get(code);
}

/** An ISO 3166-1 alpha-2 code for a country other than Denmark. */
export type CountryCode = string & { readonly __brand: 'CountryCode' };

const countries: ReadonlySet<string> = new Set(countryCodes);

/** Every country code of ISO 3166-1 alpha-2. */
export { countryCodes };

/** Parses a country abroad (ISO 3166-1 alpha-2, any case); DK is refused since Denmark is not abroad. */
export function parseCountryCode(input: string): Result<CountryCode> {
  // Test before upper-casing: 'ß'.toUpperCase() is 'SS' (South Sudan).
  if (!/^[A-Za-z]{2}$/.test(input)) {
    return fail(
      'ukendt-land',
      `Landekoden skal være to bogstaver efter ISO 3166-1 (fx SE), ikke ${quoted(input)}`,
    );
  }
  const code = input.toUpperCase();
  if (code === 'DK') {
    return fail('ukendt-land', 'DK er Danmark, som ikke er udlandet; angiv i stedet en kommune');
  }
  if (!countries.has(code)) return fail('ukendt-land', `Landekoden ${code} findes ikke i ISO 3166-1`);
  return ok(code as CountryCode);
}

/** Where a citizen lives: a Danish municipality or a country abroad. */
export type Residence =
  | { readonly kind: 'municipality'; readonly municipality: MunicipalityCode }
  | { readonly kind: 'abroad'; readonly country: CountryCode };
