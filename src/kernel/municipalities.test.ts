import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countryCodes } from './data/countries.ts';
import { kommuner } from './data/kommuner.ts';
import {
  findMunicipality,
  getMunicipality,
  municipalities,
  parseCountryCode,
  parseMunicipalityCode,
  type MunicipalityCode,
} from './municipalities.ts';

describe('municipality data', () => {
  it('the TS module holds exactly the rows of kommuner.csv', () => {
    const csv = readFileSync(new URL('./data/kommuner.csv', import.meta.url), 'utf8');
    const [header, ...lines] = csv.trim().split('\n');
    expect(header).toBe('code,name,region');
    const rows = lines.map((line) => {
      const [code, name, region] = line.split(',');
      return { code, name, region };
    });
    expect(kommuner).toEqual(rows);
  });

  it('there are 98 municipalities with unique three-digit codes, sorted by code', () => {
    expect(municipalities).toHaveLength(98);
    const codes = municipalities.map((m) => m.code);
    expect(new Set(codes).size).toBe(98);
    expect(codes.every((c) => /^\d{3}$/.test(c))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
  });

  it.each([
    ['Region Nordjylland', '1081', 11],
    ['Region Midtjylland', '1082', 19],
    ['Region Syddanmark', '1083', 22],
    ['Region Hovedstaden', '1084', 29],
    ['Region Sjælland', '1085', 17],
  ])('%s has region code %s and %i municipalities', (region, regionCode, count) => {
    const inRegion = municipalities.filter((m) => m.region === region);
    expect(inRegion).toHaveLength(count);
    expect(inRegion.every((m) => m.regionCode === regionCode)).toBe(true);
  });

  it('Christiansø (411) is not among the municipalities', () => {
    expect(findMunicipality('411')).toBeUndefined();
  });
});

describe('parseMunicipalityCode', () => {
  it.each([
    ['101', '101', 'København'],
    ['0101', '101', 'København'],
    ['400', '400', 'Bornholm'],
    ['0860', '860', 'Hjørring'],
    ['751', '751', 'Aarhus'],
  ])('%j is municipality %s (%s)', (input, code, name) => {
    const result = parseMunicipalityCode(input);
    expect(result).toEqual({ ok: true, value: code });
    expect(result.ok && getMunicipality(result.value).name).toBe(name);
  });

  it.each([
    ['999', 'Kommunekode 999 findes ikke'],
    ['0999', 'Kommunekode 999 findes ikke'],
    ['000', 'Kommunekode 000 findes ikke'],
    ['411', 'Kommunekode 411 er Christiansø, som ikke hører til en kommune'],
    ['0411', 'Kommunekode 411 er Christiansø, som ikke hører til en kommune'],
  ])('refuses %j: %s', (input, message) => {
    expect(parseMunicipalityCode(input)).toEqual({ ok: false, error: { code: 'ukendt-kommune', message } });
  });

  it.each([['1101'], ['10'], ['00101'], ['abc'], [''], [' 101'], ['101a'], ['København']])(
    'refuses %j as not a three-digit code',
    (input) => {
      const result = parseMunicipalityCode(input);
      expect(!result.ok && result.error.code).toBe('ukendt-kommune');
      expect(!result.ok && result.error.message).toMatch(/skal være tre cifre/);
    },
  );

  it('every municipality parses from its code with or without a leading zero', () => {
    fc.assert(
      fc.property(fc.constantFrom(...municipalities), (m) => {
        expect(parseMunicipalityCode(m.code)).toEqual({ ok: true, value: m.code });
        expect(parseMunicipalityCode(`0${m.code}`)).toEqual({ ok: true, value: m.code });
      }),
    );
  });

  it('a three-digit code parses exactly when it is a municipality', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999 }), (n) => {
        const code = String(n).padStart(3, '0');
        expect(parseMunicipalityCode(code).ok).toBe(findMunicipality(code) !== undefined);
      }),
    );
  });
});

describe('getMunicipality and findMunicipality', () => {
  it('getMunicipality throws for a forged code, since that is a bug', () => {
    expect(() => getMunicipality('999' as MunicipalityCode)).toThrow();
  });

  it('findMunicipality returns undefined for an unknown code', () => {
    expect(findMunicipality('0101')).toBeUndefined();
    expect(findMunicipality('147')?.name).toBe('Frederiksberg');
  });
});

describe('parseCountryCode', () => {
  it('the list holds the 249 officially assigned alpha-2 codes, each once', () => {
    expect(countryCodes).toHaveLength(249);
    expect(new Set(countryCodes).size).toBe(249);
  });

  it.each([
    ['SE', 'SE'],
    ['se', 'SE'],
    ['De', 'DE'],
    ['GL', 'GL'],
    ['FO', 'FO'],
  ])('%j is country %s', (input, code) => {
    expect(parseCountryCode(input)).toEqual({ ok: true, value: code });
  });

  it.each([
    ['DK', /Danmark/],
    ['dk', /Danmark/],
    ['XK', /findes ikke/],
    ['UK', /findes ikke/],
    ['EU', /findes ikke/],
    ['ZZ', /findes ikke/],
    ['SWE', /to bogstaver/],
    ['S', /to bogstaver/],
    ['', /to bogstaver/],
    [' SE', /to bogstaver/],
    ['ß', /to bogstaver/],
    ['12', /to bogstaver/],
  ])('refuses %j', (input, message) => {
    const result = parseCountryCode(input);
    expect(!result.ok && result.error.code).toBe('ukendt-land');
    expect(!result.ok && result.error.message).toMatch(message);
  });

  it('any case of an assigned code other than DK parses to the upper-case code', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...countryCodes.filter((c) => c !== 'DK')),
        fc.boolean(),
        fc.boolean(),
        (code, lowerFirst, lowerSecond) => {
          const input =
            (lowerFirst ? code.charAt(0).toLowerCase() : code.charAt(0)) +
            (lowerSecond ? code.charAt(1).toLowerCase() : code.charAt(1));
          expect(parseCountryCode(input)).toEqual({ ok: true, value: code });
        },
      ),
    );
  });
});
