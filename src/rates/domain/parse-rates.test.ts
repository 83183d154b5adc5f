import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsv } from './csv.ts';
import { parseRateFile, parseRates, problemText, rateColumns, type RateFileProblem } from './parse-rates.ts';

const header = rateColumns.join(',');
const good =
  'kontanthjaelp.over30.forsoerger,"Fyldt 30 år, forsørger",2023-01-01,2023-12-31,15874.00,md,' +
  '"aktivloven § 25, stk. 2",https://bm.dk/satser/satser-for-2023/kontanthjaelp/,officiel';
const file = (...rows: string[]): string => [header, ...rows].join('\n') + '\n';

function problems(text: string): RateFileProblem[] {
  const result = parseRateFile(text);
  if (result.ok) throw new Error('expected a refusal');
  expect(result.error.code).toBe('ugyldige-satser');
  return (result.error.details as { problems: RateFileProblem[] }).problems;
}

describe('readCsv (RFC 4180)', () => {
  it.each([
    ['a,b\n', [['a', 'b']]],
    [
      'a,b\r\nc,d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['"a,1","b ""q"""\n', [['a,1', 'b "q"']]],
    [
      '"line\nbreak",x\ny,z',
      [
        ['line\nbreak', 'x'],
        ['y', 'z'],
      ],
    ],
    [',,\n', [['', '', '']]],
    ['\uFEFFa\n', [['a']]],
  ])('reads %j', (text, rows) => {
    const csv = readCsv(text);
    expect(csv.problems).toEqual([]);
    expect(csv.records.map((record) => record.fields)).toEqual(rows);
  });

  it('keeps the line a record starts on across quoted line breaks', () => {
    expect(readCsv('h\n"a\nb"\nc\n').records.map((record) => record.line)).toEqual([1, 2, 4]);
  });

  it.each([
    ['"open\n', 'Et felt i anførselstegn er ikke afsluttet'],
    ['"a"b,c\n', 'Der står tegn efter et afsluttende anførselstegn'],
    ['a"b,c\n', 'Anførselstegn inde i et felt uden anførselstegn'],
  ])('reports %j', (text, message) => {
    expect(readCsv(text).problems).toEqual([{ line: 1, message }]);
  });
});

describe('parseRateFile', () => {
  it('reads a row with quoted commas into a rate in øre', () => {
    const result = parseRates(file(good));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [rate] = result.value;
    expect(rate).toMatchObject({
      key: 'kontanthjaelp.over30.forsoerger',
      description: 'Fyldt 30 år, forsørger',
      amount: 1_587_400,
      unit: 'md',
      reference: 'aktivloven § 25, stk. 2',
      sourceKind: 'officiel',
    });
    expect(rate?.from.toString()).toBe('2023-01-01');
    expect(rate?.to.toString()).toBe('2023-12-31');
  });

  it('accepts eksempel rows', () => {
    const result = parseRates(
      file('demo.sats,Eksempel,2026-01-01,2026-12-31,100.00,md,aktivloven § 22,demo,eksempel'),
    );
    expect(result.ok && result.value[0]?.sourceKind).toBe('eksempel');
  });

  const row = (change: Partial<Record<(typeof rateColumns)[number], string>>): string => {
    const base: Record<string, string> = {
      noegle: 'a.b',
      beskrivelse: 'x',
      fra: '2023-01-01',
      til: '2023-12-31',
      beloeb: '1.00',
      enhed: 'md',
      hjemmel: 'h',
      kilde: 'k',
      kildetype: 'officiel',
    };
    return rateColumns
      .map((column) => `"${(change[column] ?? base[column] ?? '').replaceAll('"', '""')}"`)
      .join(',');
  };

  it.each([
    [{ noegle: 'Kontanthjaelp' }, 'noegle', 'små bogstaver'],
    [{ noegle: 'a..b' }, 'noegle', 'små bogstaver'],
    [{ noegle: 'æble' }, 'noegle', 'små bogstaver'],
    [{ noegle: '' }, 'noegle', 'Nøglen mangler'],
    [{ noegle: 'a'.repeat(81) }, 'noegle', 'for lang'],
    [{ beskrivelse: '' }, 'beskrivelse', 'Beskrivelsen mangler'],
    [{ beskrivelse: 'a\u0000b' }, 'beskrivelse', 'ikke er tilladt'],
    [{ beskrivelse: 'x'.repeat(501) }, 'beskrivelse', 'for lang'],
    [{ fra: '2023-02-30' }, 'fra', 'findes ikke'],
    [{ fra: '01-01-2023' }, 'fra', 'ÅÅÅÅ-MM-DD'],
    [{ til: '2201-01-01' }, 'til', '1900-2200'],
    [{ fra: '2024-01-01' }, 'til', 'før startdatoen'],
    [{ beloeb: '15.874' }, 'beloeb', 'to decimaler'],
    [{ beloeb: '15874,00' }, 'beloeb', 'punktum'],
    [{ beloeb: '-1.00' }, 'beloeb', 'negativt'],
    [{ beloeb: '10000000.01' }, 'beloeb', 'højst'],
    [{ enhed: 'dag' }, 'enhed', 'ukendt'],
    [{ kildetype: 'gaet' }, 'kildetype', 'ukendt'],
    [{ hjemmel: ' ' }, 'hjemmel', 'Hjemlen mangler'],
    [{ kilde: '' }, 'kilde', 'Kilden mangler'],
  ])('refuses %j in column %s', (change, column, text) => {
    const [problem, ...rest] = problems(file(row(change)));
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ line: 2, column });
    expect(problem?.message).toContain(text);
  });

  it('collects every problem of every row with its line and column', () => {
    const text = file(row({}), row({ beloeb: 'x', enhed: 'dag' }), row({ noegle: 'B' }), '"a,b');
    const found = problems(text);
    expect(found.map((p) => [p.line, p.column])).toEqual([
      [3, 'beloeb'],
      [3, 'enhed'],
      [4, 'noegle'],
      [5, undefined],
    ]);
    const result = parseRateFile(text);
    expect(!result.ok && result.error.message).toMatch(/^Satsfilen har 4 fejl: linje 3, kolonne beloeb: /);
    expect(problemText({ line: 12, column: 'beloeb', message: 'm' })).toBe('linje 12, kolonne beloeb: m');
  });

  it('refuses a row with the wrong number of columns', () => {
    expect(problems(file('a.b,x,2023-01-01'))).toEqual([
      { line: 2, message: 'Rækken har 3 kolonner; der skal være 9' },
    ]);
  });

  it.each([
    ['noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde\n'],
    ['Noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype\n'],
    [''],
    ['\n' + header + '\n'],
  ])('refuses the header of %j', (text) => {
    const [problem] = problems(text);
    expect(problem?.line).toBe(1);
  });

  it('refuses a file with only the header', () => {
    expect(problems(file())).toEqual([{ line: 1, message: 'Filen har ingen satser' }]);
  });

  it('refuses two rows of one key that overlap, naming both lines', () => {
    const found = problems(
      file(
        row({}),
        row({ fra: '2024-01-01', til: '2024-12-31' }),
        row({ fra: '2023-12-31', til: '2023-12-31' }),
      ),
    );
    expect(found).toEqual([
      {
        line: 4,
        column: 'fra',
        message: 'Perioden 2023-12-31–2023-12-31 for a.b overlapper linje 2 (2023-01-01–2023-12-31)',
      },
    ]);
  });

  it('finds an overlap with a row that reaches past the next one', () => {
    const found = problems(
      file(
        row({ fra: '2020-01-01', til: '2029-12-31' }),
        row({ fra: '2021-01-01', til: '2021-12-31' }),
        row({ fra: '2025-01-01', til: '2025-12-31' }),
      ),
    );
    expect(found.map((p) => p.line)).toEqual([3, 4]);
  });

  it('lets rows of different keys share a period, and adjacent periods of one key', () => {
    const result = parseRates(
      file(row({}), row({ noegle: 'a.c' }), row({ fra: '2024-01-01', til: '2024-12-31' })),
    );
    expect(result.ok && result.value.length).toBe(3);
  });
});

describe('data/satser/satser.csv', () => {
  it('is a valid rate file with every row of its README', () => {
    const text = fs.readFileSync(
      path.resolve(import.meta.dirname, '../../../data/satser/satser.csv'),
      'utf8',
    );
    const result = parseRates(text);
    expect(result.ok ? '' : result.error.message).toBe('');
    expect(result.ok && result.value.length).toBe(169);
    expect(result.ok && result.value.every((rate) => rate.sourceKind !== 'eksempel')).toBe(true);
  });
});
