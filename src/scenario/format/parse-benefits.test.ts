/**
 * The benefit extensions of the scenario format: `rates`, `demo`, `registrations`, `act.do: bevil` and
 * `registrer`, and the payment matcher's `runMonth`.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatScenarioError, parseScenario, type ScenarioFile, type ScenarioFormatError } from './index.ts';

const benefitsDir = path.join(import.meta.dirname, '../../../scenarios/ydelser');
const benefitFiles = readdirSync(benefitsDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function parsed(text: string): ScenarioFile {
  const result = parseScenario(text, 'test.yaml');
  if (!result.ok) throw new Error(result.error.map(formatScenarioError).join('\n'));
  return result.value;
}

function errorsOf(text: string): ScenarioFormatError[] {
  const result = parseScenario(text, 'test.yaml');
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

/** A file with one person and a kontanthjælp case; `top` and `steps` are YAML lines. */
function file(top: string, steps = '  - advance: 2024-04-24T18:00'): string {
  return `title: t
start: 2024-04-02T09:00
persons:
  - cpr: "120879-1235"
    name: Kim
    residence:
      - { municipality: "101", from: 2010-01-01 }
cases:
  - { id: k1, cpr: "120879-1235", benefit: kontanthjaelp, municipality: "101", status: under-oplysning, from: 2024-04-01 }
  - { id: s1, cpr: "120879-1235", benefit: saerlig-stoette, municipality: "101", status: under-oplysning, from: 2024-04-01 }
${top}
steps:
${steps}
`;
}

const fields = (errors: readonly ScenarioFormatError[]) => errors.map((e) => e.field);

describe('the benefit scenarios', () => {
  it.each(benefitFiles)('%s parses without errors', (name) => {
    const result = parseScenario(readFileSync(path.join(benefitsDir, name), 'utf8'), name);
    expect(result.ok ? [] : result.error.map(formatScenarioError)).toEqual([]);
  });
});

describe('rates and demo', () => {
  it('default to no rate file and not the demo, so older files are unchanged', () => {
    const read = parsed(file(''));
    expect(read.rates).toEqual([]);
    expect(read.demo).toBe(false);
    expect(read.registrations).toEqual([]);
  });

  it('reads the sourced file, and the example file together with demo: true', () => {
    expect(parsed(file('rates: [sourced]')).rates).toEqual(['sourced']);
    const demo = parsed(file('rates: [sourced, eksempel]\ndemo: true'));
    expect(demo.rates).toEqual(['sourced', 'eksempel']);
    expect(demo.demo).toBe(true);
  });

  it.each([
    ['rates: [eksempel]', 'rates[0]', /kun indlæses i demoen/],
    ['rates: [eksempel]\ndemo: false', 'rates[0]', /demo: true/],
    ['rates: [officiel]', 'rates[0]', /tilladte: sourced, eksempel/],
    ['rates: [sourced, sourced]', 'rates[1]', /allerede/],
    ['rates: sourced', 'rates', /en liste/],
    ['demo: ja', 'demo', /true eller false/],
  ])('refuses %j naming %s', (top, field, message) => {
    const errors = errorsOf(file(top));
    expect(fields(errors)).toContain(field);
    expect(errors.find((e) => e.field === field)?.message).toMatch(message);
  });
});

describe('registrations at start', () => {
  it('reads each kind with its fields, amounts in øre and the case by its name', () => {
    const read = parsed(
      file(`registrations:
  - { cpr: "120879-1235", kind: barn, from: 2020-05-01, birthDate: 2020-05-01 }
  - { cpr: "120879-1235", kind: arbejdsindtaegt, from: 2024-04-01, to: 2024-04-30, amount: "3000.00", hours: "20" }
  - { cpr: "120879-1235", kind: skattekort, from: 2024-01-01, taxRate: "38", monthlyAllowance: "4500.00" }
  - { cpr: "120879-1235", kind: civilstand, from: 2024-01-01, civilStatus: gift, spouseOnBenefit: true }
  - { cpr: "120879-1235", case: s1, kind: bevilget-beloeb, from: 2024-04-01, monthly: "2500.00", reason: Husleje }`),
    );
    expect(read.registrations.map((r) => r.kind)).toEqual([
      'barn',
      'arbejdsindtaegt',
      'skattekort',
      'civilstand',
      'bevilget-beloeb',
    ]);
    expect(read.registrations[0]?.birthDate?.toString()).toBe('2020-05-01');
    expect(read.registrations[1]).toMatchObject({ amount: 300_000, hours: '20', case: null });
    expect(read.registrations[1]?.to?.toString()).toBe('2024-04-30');
    expect(read.registrations[2]).toMatchObject({ taxRate: '38', monthlyAllowance: 450_000 });
    expect(read.registrations[3]).toMatchObject({ civilStatus: 'gift', spouseOnBenefit: true });
    expect(read.registrations[4]).toMatchObject({ case: 's1', monthly: 250_000, reason: 'Husleje' });
  });

  it.each([
    ['{ cpr: "120879-1235", kind: kaele, from: 2024-01-01 }', 'registrations[0].kind', /tilladte: barn/],
    ['{ cpr: "120879-1235", kind: barn, from: 2024-01-01 }', 'registrations[0].birthDate', /mangler/],
    [
      '{ cpr: "120879-1235", kind: hjemmeboende, from: 2024-01-01, monthly: "1.00" }',
      'registrations[0].monthly',
      /bruges ikke ved hjemmeboende/,
    ],
    [
      '{ cpr: "120879-1235", kind: boligudgift, from: 2024-01-01, monthly: 4000 }',
      'registrations[0].monthly',
      /anførselstegn/,
    ],
    [
      '{ cpr: "120879-1235", kind: civilstand, from: 2024-01-01, civilStatus: ugift }',
      'registrations[0].civilStatus',
      /tilladte: enlig, gift, samlevende/,
    ],
    [
      '{ cpr: "120879-1235", case: x9, kind: bevilget-beloeb, from: 2024-01-01, monthly: "1.00", reason: r }',
      'registrations[0].case',
      /ingen sag med id "x9"/,
    ],
    [
      '{ cpr: "120879-1235", case: s1, kind: bevilget-beloeb, from: 2024-01-01, monthly: "1.00" }',
      'registrations[0].reason',
      /mangler/,
    ],
    [
      '{ cpr: "120879-1235", kind: hjemmeboende, from: 2024-02-01, to: 2024-01-01 }',
      'registrations[0].to',
      /før startdatoen/,
    ],
    [
      '{ cpr: "010101-1234", kind: hjemmeboende, from: 2024-01-01 }',
      'registrations[0].cpr',
      /står ikke i persons/,
    ],
    [
      '{ cpr: "120879-1235", kind: hjemmeboende, from: 2024-01-01, farve: blaa }',
      'registrations[0].farve',
      /ukendt felt/,
    ],
  ])('refuses %s naming %s', (item, field, message) => {
    const errors = errorsOf(file(`registrations:\n  - ${item}`));
    expect(fields(errors)).toContain(field);
    expect(errors.find((e) => e.field === field)?.message).toMatch(message);
  });

  it('refuses, for any kind, every value field the kind does not take, naming it', () => {
    const takes: Record<string, readonly string[]> = {
      barn: ['birthDate'],
      hjemmeboende: [],
      civilstand: ['civilStatus', 'spouseOnBenefit'],
      arbejdsindtaegt: ['amount', 'hours'],
      boligudgift: ['monthly'],
      skattekort: ['taxRate', 'monthlyAllowance'],
      'bevilget-beloeb': ['case', 'monthly'],
    };
    const values: Record<string, string> = {
      case: 's1',
      birthDate: '2020-01-01',
      civilStatus: 'gift',
      spouseOnBenefit: 'true',
      amount: '"1.00"',
      hours: '"2"',
      monthly: '"1.00"',
      taxRate: '"38"',
      monthlyAllowance: '"1.00"',
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...Object.keys(takes)),
        fc.constantFrom(...Object.keys(values)),
        (kind, extra) => {
          fc.pre(!(takes[kind] ?? []).includes(extra));
          const own = (takes[kind] ?? []).map((field) => `, ${field}: ${values[field] ?? ''}`).join('');
          const reason = kind === 'bevilget-beloeb' ? ', reason: r' : '';
          const item = `{ cpr: "120879-1235", kind: ${kind}, from: 2024-01-01${own}${reason}, ${extra}: ${values[extra] ?? ''} }`;
          const errors = errorsOf(file(`registrations:\n  - ${item}`));
          expect(fields(errors)).toEqual([`registrations[0].${extra}`]);
          expect(errors[0]?.message).toMatch(`bruges ikke ved ${kind}`);
          // Without the extra field the same item is valid.
          const valid = parsed(
            file(`registrations:\n  - ${item.replace(`, ${extra}: ${values[extra] ?? ''}`, '')}`),
          );
          expect(valid.registrations[0]?.kind).toBe(kind);
        },
      ),
    );
  });
});

describe('act.do bevil, registrer and genberegn', () => {
  const act = (doing: string, body: string) => `  - act:
      as: { municipality: "101", user: sb101 }
      do: ${doing}
      with: ${body}`;

  it('reads a grant with the case by its name and the values as written', () => {
    const read = parsed(
      file('', act('bevil', '{ case: k1, from: 2024-04-01, reason: Opfylder betingelserne }')),
    );
    expect(read.steps[0]).toMatchObject({
      kind: 'act',
      process: 'bevil',
      cpr: '1208791235',
      with: { case: 'k1', from: '2024-04-01', to: null, reason: 'Opfylder betingelserne' },
    });
  });

  it('hands a grant’s dates and reason to the use case as written, so a file can expect its refusal', () => {
    const read = parsed(file('', act('bevil', '{ case: k1, from: 2024-13-01, reason: "" }')));
    expect(read.steps[0]).toMatchObject({ with: { from: '2024-13-01', reason: '' } });
  });

  it('reads a registration as written, the case by its name', () => {
    const read = parsed(
      file(
        '',
        act(
          'registrer',
          '{ case: s1, kind: bevilget-beloeb, from: 2024-04-01, monthly: "900.00", reason: r }',
        ),
      ),
    );
    expect(read.steps[0]).toMatchObject({
      process: 'registrer',
      with: { case: 's1', kind: 'bevilget-beloeb', from: '2024-04-01', monthly: '900.00', reason: 'r' },
    });
  });

  it('reads a recalculation with the case by its name and the months as written', () => {
    const read = parsed(file('', act('genberegn', '{ case: k1, from: 2024-03, to: 2024-13, reason: r }')));
    expect(read.steps[0]).toMatchObject({
      process: 'genberegn',
      with: { case: 'k1', from: '2024-03', to: '2024-13', reason: 'r' },
    });
    expect(parsed(file('', act('genberegn', '{ case: k1 }'))).steps[0]).toMatchObject({
      process: 'genberegn',
      with: { case: 'k1' },
    });
  });

  it.each([
    ['genberegn', '{ from: 2024-03 }', 'steps[0].act.with.case', /mangler/],
    ['genberegn', '{ case: k9 }', 'steps[0].act.with.case', /ingen sag med id "k9"/],
    ['genberegn', '{ case: k1, fra: 2024-03 }', 'steps[0].act.with.fra', /ukendt felt/],
    ['bevil', '{ from: 2024-04-01, reason: r }', 'steps[0].act.with.case', /mangler/],
    ['bevil', '{ case: k9, from: 2024-04-01, reason: r }', 'steps[0].act.with.case', /ingen sag med id "k9"/],
    ['bevil', '{ case: k1, reason: r }', 'steps[0].act.with.from', /mangler/],
    [
      'bevil',
      '{ case: k1, from: 2024-04-01, reason: r, monthly: "1.00" }',
      'steps[0].act.with.monthly',
      /ukendt felt/,
    ],
    ['registrer', '{ from: 2024-04-01 }', 'steps[0].act.with.kind', /mangler/],
    [
      'registrer',
      '{ kind: barn, from: 2024-04-01, birthDate: [1] }',
      'steps[0].act.with.birthDate',
      /en tekst/,
    ],
    [
      'registrer',
      '{ case: k7, kind: bevilget-beloeb, from: 2024-04-01 }',
      'steps[0].act.with.case',
      /ingen sag/,
    ],
  ])('%s refuses %s naming %s', (doing, body, field, message) => {
    const errors = errorsOf(file('', act(doing, body)));
    expect(fields(errors)).toContain(field);
    expect(errors.find((e) => e.field === field)?.message).toMatch(message);
  });
});

describe('the payment matcher’s runMonth', () => {
  it('is read as a month, and refused when it is not one', () => {
    const expectStep = (value: string) => `  - expect:
      payments:
        - { case: k1, period: 2024-03, runMonth: ${value} }`;
    const read = parsed(file('', expectStep('2024-04')));
    const first = read.steps[0];
    expect(first?.kind === 'expect' && first.expectations.payments?.[0]?.runMonth?.toString()).toBe(
      '2024-04',
    );
    expect(fields(errorsOf(file('', expectStep('april'))))).toEqual(['steps[0].expect.payments[0].runMonth']);
  });
});
