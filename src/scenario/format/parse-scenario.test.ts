import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  formatScenarioError,
  parseScenario,
  type ActStep,
  type CprMoveStep,
  type ExpectStep,
  type ScenarioFile,
  type ScenarioFormatError,
} from './index.ts';

const examplesDir = path.join(import.meta.dirname, '../../../scenarios/eksempler');
const exampleFiles = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

function readExample(name: string): string {
  return readFileSync(path.join(examplesDir, name), 'utf8');
}

function parsed(text: string, file = 'test.yaml'): ScenarioFile {
  const result = parseScenario(text, file);
  if (!result.ok) throw new Error(result.error.map(formatScenarioError).join('\n'));
  return result.value;
}

function errorsOf(text: string, file = 'test.yaml'): ScenarioFormatError[] {
  const result = parseScenario(text, file);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.error;
}

function step<K extends ScenarioFile['steps'][number]['kind']>(
  file: ScenarioFile,
  index: number,
  kind: K,
): Extract<ScenarioFile['steps'][number], { kind: K }> {
  const found = file.steps[index];
  if (found?.kind !== kind) throw new Error(`step ${index} is ${found?.kind ?? 'missing'}, not ${kind}`);
  return found as Extract<ScenarioFile['steps'][number], { kind: K }>;
}

describe('the example scenarios', () => {
  it('are all six there', () => {
    expect(exampleFiles).toHaveLength(6);
  });

  it.each(exampleFiles)('%s parses without errors', (name) => {
    const result = parseScenario(readExample(name), name);
    expect(result.ok ? [] : result.error.map(formatScenarioError)).toEqual([]);
  });

  it('reads the first file into typed values', () => {
    const file = parsed(readExample('flytning-stopper-planlagte-ydelser.yaml'));
    expect(file.start.equals(Temporal.Instant.from('2025-05-05T07:00Z'))).toBe(true);
    expect(file.persons).toHaveLength(1);
    const person = file.persons[0];
    expect(person?.cpr).toBe('0703621007');
    expect(person?.healthCard).toBe(true);
    expect(person?.cprSubscription).toBe(true);
    expect(person?.civilStatus).toBe('ugift');
    expect(person?.spouse).toBeNull();
    expect(person?.residence[0]?.residence).toEqual({ kind: 'municipality', municipality: '101' });
    expect(person?.residence[0]?.from.toString()).toBe('2015-01-01');
    expect(person?.line).toBe(4);
    expect(file.cases[0]).toMatchObject({ id: 'k1', monthly: 310000, to: null, category: null, line: 10 });
    expect(file.deductions[0]).toMatchObject({ id: 't1', monthly: 31000, kind: 'tilbagebetaling', line: 12 });

    const move: CprMoveStep = step(file, 0, 'cpr-move');
    expect(move.residence).toEqual({ kind: 'municipality', municipality: '147' });
    expect(move.date.equals(Temporal.PlainDate.from('2025-05-10'))).toBe(true);
    expect(move.sequence).toBeNull();
    expect(move.line).toBe(14);

    const firstExpect: ExpectStep = step(file, 1, 'expect');
    expect(firstExpect.expectations.actingMunicipality).toMatchObject({
      cpr: '0703621007',
      is: '101',
      line: 16,
    });
    expect(firstExpect.expectations.events?.[0]).toEqual({
      type: 'fraflytning-planlagt',
      cpr: '0703621007',
      data: { expectedDate: '2025-05-10' },
      line: 18,
    });
    const payment = firstExpect.expectations.payments?.[0];
    expect(payment?.period?.toString()).toBe('2025-05');
    expect(payment).toMatchObject({ case: 'k1', status: 'planlagt', amount: 310000, line: 20 });

    const advance = step(file, 2, 'advance');
    expect(advance.to.equals(Temporal.Instant.from('2025-05-10T01:59Z'))).toBe(true);

    const last = step(file, 5, 'expect');
    expect(
      last.expectations.events?.find((event) => event.type === 'ydelser-og-traek-standset')?.data,
    ).toEqual({
      total: '810.00',
    });
    expect(last.expectations.tasks?.[1]).toMatchObject({ status: 'aaben', count: 1, municipality: '101' });
  });

  it('reads acts with their process input, cpr and expected error', () => {
    const file = parsed(readExample('kun-handlekommunen-kan-bestemme.yaml'));
    const refused: ActStep = step(file, 1, 'act');
    expect(refused).toMatchObject({
      as: { municipality: '101', user: 'sb101' },
      cpr: '1207581042',
      process: 'bestem-handlekommune-manuelt',
      expectError: 'samtykke-mangler',
      line: 14,
    });
    expect(refused.with).toMatchObject({
      action: 'opret',
      municipality: '147',
      to: null,
      agreement: true,
      consent: false,
    });
    expect(step(file, 3, 'act').expectError).toBeNull();
  });

  it('reads abroad and "no acting municipality"', () => {
    const file = parsed(readExample('udlandet-ophaever-handleansvar.yaml'));
    expect(step(file, 0, 'cpr-move').residence).toEqual({ kind: 'abroad', country: 'SE' });
    expect(file.manualActing[0]).toMatchObject({
      municipality: '101',
      to: null,
      reason: 'ophold-institution',
      line: 9,
    });
    const check = step(file, 2, 'expect').expectations;
    expect(check.residence?.is).toEqual({ kind: 'abroad', country: 'SE' });
    expect(check.actingMunicipality?.is).toBeNull();
  });
});

/** A valid file; the table below breaks one thing in it at a time. Line numbers are in the comments. */
const base = `title: Base scenario
start: 2025-05-05T09:00
persons:
  - cpr: "070362-1234"
    name: Karen Testesen
    residence:
      - { municipality: "101", from: 2015-01-01 }
cases:
  - { id: k1, cpr: "070362-1234", benefit: personligt-tillaeg, municipality: "101", status: bevilget, from: 2025-01-01, monthly: "1500.00" }
deductions:
  - { id: t1, cpr: "070362-1234", kind: tilbagebetaling, municipality: "101", monthly: "200.00", from: 2025-01-01 }
steps:
  - advance: 2025-05-07T05:00
  - cpr-move: { cpr: "070362-1234", municipality: "147", date: 2025-05-07 }
  - act:
      as: { municipality: "101", user: sb1 }
      do: bestem-handlekommune-manuelt
      with: { action: opret, municipality: "101", from: 2025-05-05, reason: ophold-institution }
      expect-error: null
  - run: maanedskoersel
  - expect:
      payments:
        - { case: k1, period: 2025-05, status: stoppet }
`;

function edit(from: string, to: string): string {
  if (!base.includes(from)) throw new Error(`not in the base file: ${from}`);
  return base.replace(from, to);
}

describe('malformed files', () => {
  it('the base file is valid', () => {
    const file = parsed(base);
    expect(file.steps.map((s) => s.kind)).toEqual(['advance', 'cpr-move', 'act', 'run', 'expect']);
    expect(step(file, 2, 'act').with).toEqual({
      action: 'opret',
      municipality: '101',
      from: '2025-05-05',
      to: null,
      reason: 'ophold-institution',
      agreement: false,
      consent: false,
    });
  });

  it('hands the values under act.with to the process as written, so a file can expect their refusal', () => {
    const file = parsed(
      edit(
        'with: { action: opret, municipality: "101", from: 2025-05-05, reason: ophold-institution }\n      expect-error: null',
        'with: { action: opret, municipality: 999, from: 2025-02-30, to: "0000-01-01", reason: sjov }\n      expect-error: ukendt-kommune',
      ),
    );
    const act = step(file, 2, 'act');
    expect(act.expectError).toBe('ukendt-kommune');
    expect(act.with).toMatchObject({
      municipality: '999',
      from: '2025-02-30',
      to: '0000-01-01',
      reason: 'sjov',
    });
  });

  const table: { name: string; text: string; line: number; field: string; message: RegExp }[] = [
    {
      name: 'unknown top-level key',
      text: `${base}colour: blue\n`,
      line: 24,
      field: 'colour',
      message: /^ukendt felt; tilladte felter: title, start/,
    },
    {
      name: 'unknown key in a person',
      text: edit('    name: Karen Testesen\n', '    name: Karen Testesen\n    nickname: Kaja\n'),
      line: 6,
      field: 'persons[0].nickname',
      message: /^ukendt felt; tilladte felter: cpr, name, residence/,
    },
    {
      name: 'missing title',
      text: edit('title: Base scenario\n', ''),
      line: 1,
      field: 'title',
      message: /^mangler/,
    },
    {
      name: 'date that does not exist',
      text: edit('date: 2025-05-07 }', 'date: 2025-13-01 }'),
      line: 14,
      field: 'steps[1].cpr-move.date',
      message: /2025-13-01 findes ikke/,
    },
    {
      name: 'local time in the spring-forward gap',
      text: edit('start: 2025-05-05T09:00', 'start: 2025-03-30T02:30'),
      line: 2,
      field: 'start',
      message: /2025-03-30T02:30 findes ikke i dansk tid/,
    },
    {
      name: 'amount with three decimals',
      text: edit('monthly: "1500.00"', 'monthly: "12.345"'),
      line: 9,
      field: 'cases[0].monthly',
      message: /højst have to decimaler.*"12\.345"/,
    },
    {
      name: 'unknown municipality',
      text: edit('municipality: "147", date', 'municipality: 999, date'),
      line: 14,
      field: 'steps[1].cpr-move.municipality',
      message: /Kommunekode 999 findes ikke/,
    },
    {
      name: 'CPR number with an impossible birth date',
      text: edit('{ id: k1, cpr: "070362-1234"', '{ id: k1, cpr: "320162-1234"'),
      line: 9,
      field: 'cases[0].cpr',
      message: /fødselsdato, der ikke findes/,
    },
    {
      name: 'unquoted 10-digit CPR number',
      text: edit('cpr-move: { cpr: "070362-1234"', 'cpr-move: { cpr: 0703621234'),
      line: 14,
      field: 'steps[1].cpr-move.cpr',
      message: /skal stå i anførselstegn/,
    },
    {
      name: 'unknown step key',
      text: edit('  - run: maanedskoersel', '  - walk: maanedskoersel'),
      line: 20,
      field: 'steps[3].walk',
      message: /^ukendt trin; tilladte trin: advance, cpr-move, act, run, expect, task-batch$/,
    },
    {
      name: 'unknown process',
      text: edit('do: bestem-handlekommune-manuelt', 'do: flyt-borger'),
      line: 17,
      field: 'steps[2].act.do',
      message:
        /"flyt-borger" er ikke en gyldig værdi; tilladte: bestem-handlekommune-manuelt, registrer-fraflytning/,
    },
    {
      name: 'unknown job key',
      text: edit('run: maanedskoersel', 'run: ugekoersel'),
      line: 20,
      field: 'steps[3].run',
      message: /"ugekoersel" er ikke en gyldig værdi; tilladte: daglig-flytning, maanedskoersel, udbetaling/,
    },
    {
      name: 'unknown expect-error code',
      text: edit('expect-error: null', 'expect-error: forkert-kode'),
      line: 19,
      field: 'steps[2].act.expect-error',
      message: /"forkert-kode" er ikke en kendt fejlkode/,
    },
    {
      name: 'CPR number not listed among the persons',
      text: edit('cpr-move: { cpr: "070362-1234"', 'cpr-move: { cpr: "010180-1234"'),
      line: 14,
      field: 'steps[1].cpr-move.cpr',
      message: /personen 010180-1234 står ikke i persons/,
    },
    {
      name: 'payments expectation naming an undefined case',
      text: edit('{ case: k1,', '{ case: k9,'),
      line: 23,
      field: 'steps[4].expect.payments[0].case',
      message: /ingen sag med id "k9"/,
    },
    {
      name: 'YAML syntax error',
      text: edit('as: { municipality: "101", user: sb1 }', 'as: { municipality: "101", user: sb1'),
      line: 17,
      field: '',
      message: /^ugyldig YAML: /,
    },
    {
      name: 'a file that is not a map',
      text: '- title: a list\n- start: 2025-05-05T09:00\n',
      line: 1,
      field: '',
      message: /skal være en mapping med felterne title, start, .*ikke en liste/,
    },
    { name: 'an empty file', text: '', line: 1, field: '', message: /filen er tom/ },
    { name: 'a file with only comments', text: '# nothing\n', line: 1, field: '', message: /filen er tom/ },
    {
      name: 'duplicate key',
      text: edit('  - run: maanedskoersel\n', '  - run: maanedskoersel\n    run: udbetaling\n'),
      line: 21,
      field: '',
      message: /feltet står to gange/,
    },
    {
      name: 'unknown expectation',
      text: edit('      payments:\n', '      balance: 0\n      payments:\n'),
      line: 22,
      field: 'steps[4].expect.balance',
      message: /^ukendt forventning/,
    },
    {
      name: 'missing field required by the action',
      text: edit(', reason: ophold-institution }', ' }'),
      line: 18,
      field: 'steps[2].act.with.reason',
      message: /^mangler/,
    },
    {
      name: 'unknown action',
      text: edit('action: opret', 'action: slet'),
      line: 18,
      field: 'steps[2].act.with.action',
      message: /"slet" er ikke en gyldig værdi; tilladte: opret, rediger, stands, fortryd/,
    },
    {
      name: 'unknown key in a process input',
      text: edit('reason: ophold-institution }', 'reason: ophold-institution, note: x }'),
      line: 18,
      field: 'steps[2].act.with.note',
      message: /^ukendt felt/,
    },
    {
      name: 'clock moved backwards',
      text: edit('advance: 2025-05-07T05:00', 'advance: 2025-05-01T05:00'),
      line: 13,
      field: 'steps[0].advance',
      message: /kun flyttes frem: 2025-05-01T05:00 ligger ikke efter 2025-05-05T09:00/,
    },
    {
      name: 'duplicate case id',
      text: edit('  - { id: t1,', '  - { id: t1,').replace(
        'monthly: "1500.00" }\n',
        'monthly: "1500.00" }\n  - { id: k1, cpr: "070362-1234", benefit: kontanthjaelp, municipality: "101", status: afsluttet, from: 2024-01-01 }\n',
      ),
      line: 10,
      field: 'cases[1].id',
      message: /id "k1" er allerede brugt/,
    },
    {
      name: 'Denmark as abroad',
      text: edit('municipality: "147", date', 'abroad: DK, date'),
      line: 14,
      field: 'steps[1].cpr-move.abroad',
      message: /DK er Danmark/,
    },
    {
      name: 'both municipality and abroad',
      text: edit('municipality: "147", date', 'municipality: "147", abroad: SE, date'),
      line: 14,
      field: 'steps[1].cpr-move',
      message: /enten municipality eller abroad, ikke begge/,
    },
    {
      name: 'unquoted amount',
      text: edit('monthly: "200.00"', 'monthly: 200.00'),
      line: 11,
      field: 'deductions[0].monthly',
      message: /skal stå i anførselstegn med to decimaler/,
    },
    {
      name: 'residence not oldest first',
      text: edit(
        '      - { municipality: "101", from: 2015-01-01 }\n',
        '      - { municipality: "101", from: 2015-01-01 }\n      - { abroad: SE, from: 2010-01-01 }\n',
      ),
      line: 8,
      field: 'persons[0].residence[1].from',
      message: /skal ligge efter den forrige from-dato \(2015-01-01\)/,
    },
    {
      name: 'spouse not listed',
      text: edit(
        '    name: Karen Testesen\n',
        '    name: Karen Testesen\n    civilStatus: gift\n    spouse: "010180-1234"\n',
      ),
      line: 7,
      field: 'persons[0].spouse',
      message: /står ikke i persons/,
    },
    {
      name: 'the same person twice',
      text: edit(
        'cases:\n',
        '  - { cpr: "0703621234", name: Igen, residence: [{ municipality: "101", from: 2018-01-01 }] }\ncases:\n',
      ),
      line: 8,
      field: 'persons[1].cpr',
      message: /står allerede i persons/,
    },
    {
      name: 'unknown civil status',
      text: edit('    name: Karen Testesen\n', '    name: Karen Testesen\n    civilStatus: forlovet\n'),
      line: 6,
      field: 'persons[0].civilStatus',
      message: /"forlovet" er ikke en gyldig værdi; tilladte: ugift, gift/,
    },
    {
      name: 'missing steps',
      text: base.slice(0, base.indexOf('steps:')),
      line: 1,
      field: 'steps',
      message: /^mangler/,
    },
    {
      name: 'count that is not a whole number',
      text: edit('status: stoppet }', 'status: stoppet, count: -1 }'),
      line: 23,
      field: 'steps[4].expect.payments[0].count',
      message: /skal være et helt tal ≥ 0, ikke -1/,
    },
    {
      name: 'YAML 1.1 directive',
      text: `%YAML 1.1\n---\n${base}`,
      line: 1,
      field: '',
      message: /YAML 1\.2/,
    },
  ];

  it.each(table)('$name', ({ text, line, field, message }) => {
    const errors = errorsOf(text, 'eksempel.yaml');
    const match = errors.find((error) => error.field === field && message.test(error.message));
    expect(match, errors.map(formatScenarioError).join('\n')).toBeDefined();
    expect(match?.line).toBe(line);
    expect(match?.file).toBe('eksempel.yaml');
  });

  it('reports the column too', () => {
    const [error] = errorsOf(edit('date: 2025-05-07 }', 'date: 2025-13-01 }'));
    expect(error).toMatchObject({ line: 14, column: 64 });
  });

  it('collects every error, in file order, without cascading from a bad person', () => {
    const text = edit('start: 2025-05-05T09:00', 'start: 2025-05-05 09:00')
      .replace(
        '      - { municipality: "101", from: 2015-01-01 }',
        '      - { municipality: "101", from: 2015-02-30 }',
      )
      .replace('run: maanedskoersel', 'run: x')
      .replace('{ case: k1,', '{ case: k2,');
    const errors = errorsOf(text);
    expect(errors.map((error) => `${error.line} ${error.field}`)).toEqual([
      '2 start',
      '7 persons[0].residence[0].from',
      '20 steps[3].run',
      '23 steps[4].expect.payments[0].case',
    ]);
  });

  it('formats an error as file:line: field: message', () => {
    const [error] = errorsOf(edit('date: 2025-05-07 }', 'date: 2025-13-01 }'), 'eksempel.yaml');
    expect(error && formatScenarioError(error)).toBe(
      'eksempel.yaml:14: steps[1].cpr-move.date: Datoen 2025-13-01 findes ikke',
    );
    expect(formatScenarioError({ file: 'a.yaml', line: 1, field: '', message: 'filen er tom' })).toBe(
      'a.yaml:1: filen er tom',
    );
  });
});

describe('values and defaults', () => {
  it('reads an unquoted municipality number as its digits, and four-digit codes as three', () => {
    const file = parsed(
      edit('municipality: "147", date', 'municipality: 147, date').replace(
        '"101", from: 2015',
        '"0101", from: 2015',
      ),
    );
    expect(step(file, 1, 'cpr-move').residence).toEqual({ kind: 'municipality', municipality: '147' });
    expect(file.persons[0]?.residence[0]?.residence).toEqual({ kind: 'municipality', municipality: '101' });
  });

  it('accepts a CPR number without the dash and normalises references', () => {
    const file = parsed(edit('cpr-move: { cpr: "070362-1234"', 'cpr-move: { cpr: "0703621234"'));
    expect(step(file, 1, 'cpr-move').cpr).toBe('0703621234');
  });

  it('reads NO as Norway (YAML 1.2, not a boolean)', () => {
    const file = parsed(edit('municipality: "147", date', 'abroad: NO, date'));
    expect(step(file, 1, 'cpr-move').residence).toEqual({ kind: 'abroad', country: 'NO' });
  });

  it('reads the person options and the sequence extension', () => {
    const file = parsed(
      edit(
        '    name: Karen Testesen\n',
        [
          '    name: Karen Testesen',
          '    civilStatus: enke',
          '    cprSubscription: false',
          '    institutionStay: { from: 2024-01-01 }',
          '    administration: { municipality: "147", from: 2024-06-01 }',
          '',
        ].join('\n'),
      ).replace('date: 2025-05-07 }', 'date: 2025-05-07, sequence: 3 }'),
    );
    const person = file.persons[0];
    expect(person?.civilStatus).toBe('enke');
    expect(person?.cprSubscription).toBe(false);
    expect(person?.institutionStay?.to).toBeNull();
    expect(person?.administration?.municipality).toBe('147');
    expect(step(file, 1, 'cpr-move').sequence).toBe(3);
  });

  it('reads the other actions and registrer-fraflytning', () => {
    const withInput = (input: string, process = 'bestem-handlekommune-manuelt'): ActStep =>
      step(
        parsed(
          edit('do: bestem-handlekommune-manuelt', `do: ${process}`).replace(
            'with: { action: opret, municipality: "101", from: 2025-05-05, reason: ophold-institution }',
            `with: ${input}`,
          ),
        ),
        2,
        'act',
      );
    expect(withInput('{ action: stands, to: 2025-06-30 }').with).toEqual({
      action: 'stands',
      to: '2025-06-30',
    });
    expect(withInput('{ action: fortryd }').with).toEqual({ action: 'fortryd' });
    expect(withInput('{ action: rediger, to: null }').with).toEqual({ action: 'rediger', to: null });
    expect(withInput('{ abroad: se, date: 2025-06-01 }', 'registrer-fraflytning')).toMatchObject({
      process: 'registrer-fraflytning',
      with: { abroad: 'se', date: '2025-06-01' },
    });
    // Neither or both places: the process refuses it, not the runner.
    expect(withInput('{ date: 2025-06-01 }', 'registrer-fraflytning').with).toEqual({ date: '2025-06-01' });
    expect(() => withInput('{ action: rediger }')).toThrow(/rediger skal ændre mindst ét/);
    expect(() => withInput('{ action: stands }')).toThrow(/with\.to: mangler/);
  });

  it('requires act.cpr when the file has more than one person', () => {
    const twoPersons = edit(
      'cases:\n',
      '  - { cpr: "280267-1000", name: Bo, residence: [{ municipality: "101", from: 2018-01-01 }] }\ncases:\n',
    );
    expect(errorsOf(twoPersons).map(formatScenarioError)).toEqual([
      'test.yaml:17: steps[2].act.cpr: mangler: angiv hvilken person handlingen gælder, når scenariet ikke har præcis én person',
    ]);
    const file = parsed(
      twoPersons.replace(
        'do: bestem-handlekommune-manuelt',
        'do: bestem-handlekommune-manuelt\n      cpr: "280267-1000"',
      ),
    );
    expect(step(file, 2, 'act').cpr).toBe('2802671000');
  });
});

// ---- The task extensions: act.do opgave / opgavekategori, task-batch, task matchers ----

/** The base file with its act (line 15) acting on a task: `do` on line 17, `with` on line 18. */
function taskAct(withText: string, process = 'opgave'): string {
  return edit('do: bestem-handlekommune-manuelt', `do: ${process}`).replace(
    'with: { action: opret, municipality: "101", from: 2025-05-05, reason: ophold-institution }',
    `with: ${withText}`,
  );
}

/** The base file with a task-batch step (line 20) instead of the run. */
function taskBatch(body: string): string {
  return edit('  - run: maanedskoersel', `  - task-batch: ${body}`);
}

/** The base file with task matchers (from line 23) instead of the payments expectation. */
function taskMatchers(...matchers: string[]): string {
  return edit(
    '      payments:\n        - { case: k1, period: 2025-05, status: stoppet }\n',
    `      tasks:\n${matchers.map((m) => `        - ${m}\n`).join('')}`,
  );
}

describe('the task extensions', () => {
  const command = (withText: string): ActStep => step(parsed(taskAct(withText)), 2, 'act');

  it('reads the version a caseworker acts on and the due date a task matcher asks for', () => {
    expect(
      command('{ type: opfoelgning-administration, handling: tildel, assignee: sb1, version: 3 }').with,
    ).toMatchObject({ version: 3 });
    expect(() =>
      command('{ type: opfoelgning-administration, handling: tildel, assignee: sb1, version: -1 }'),
    ).toThrow(/with\.version: skal være et helt tal/);
    const file = parsed(taskMatchers('{ type: registrer-fraflytning, due: 2025-06-02 }', '{ due: null }'));
    const matchers = step(file, 4, 'expect').expectations.tasks;
    expect(matchers?.[0]?.due?.toString()).toBe('2025-06-02');
    expect(matchers?.[1]?.due).toBeNull();
    expect(() => parsed(taskMatchers('{ due: 2025-13-01 }'))).toThrow(/tasks\[0\]\.due/);
  });

  it('reads act.do opgave with each handling, the task selected by type, owner and status', () => {
    expect(
      command(
        '{ type: opfoelgning-administration, handling: videre, step: vurder-administration, input: { notat: Ok } }',
      ),
    ).toMatchObject({
      process: 'opgave',
      cpr: '0703621234',
      expectError: null,
      line: 15,
      with: {
        type: 'opfoelgning-administration',
        municipality: null,
        status: 'aaben',
        version: null,
        handling: { kind: 'videre', step: 'vurder-administration', input: { notat: 'Ok' } },
      },
    });
    const handlings: [string, unknown][] = [
      ['handling: videre, step: opsummering', { kind: 'videre', step: 'opsummering' }],
      ['handling: tilbage, step: a', { kind: 'tilbage', step: 'a' }],
      ['handling: spring-over, step: a', { kind: 'spring-over', step: 'a' }],
      [
        'handling: loes-undring, query: "a:b", note: Løst',
        { kind: 'loes-undring', query: 'a:b', note: 'Løst' },
      ],
      ['handling: loes-undring, query: "a:b", note: ""', { kind: 'loes-undring', query: 'a:b', note: '' }],
      ['handling: afvis-undring, query: "a:b"', { kind: 'afvis-undring', query: 'a:b' }],
      ['handling: afslut, reason: Færdig', { kind: 'afslut', reason: 'Færdig' }],
      ['handling: afvis, reason: ""', { kind: 'afvis', reason: '' }],
      ['handling: annuller, reason: Fejl', { kind: 'annuller', reason: 'Fejl' }],
      ['handling: tildel, assignee: sb2', { kind: 'tildel', assignee: 'sb2' }],
      ['handling: tildel, assignee: null', { kind: 'tildel', assignee: null }],
      [
        'handling: kategorier, categories: [haster, ny]',
        { kind: 'kategorier', categories: ['haster', 'ny'] },
      ],
      ['handling: kategorier, categories: []', { kind: 'kategorier', categories: [] }],
    ];
    for (const [fields, handling] of handlings) {
      const read = command(`{ type: registrer-fraflytning, ${fields} }`);
      expect(read.process === 'opgave' && read.with.handling, fields).toEqual(handling);
    }
    expect(
      command(
        '{ type: opfoelgning-administration, municipality: 147, status: afsluttet, handling: tildel, assignee: sb1 }',
      ).with,
    ).toMatchObject({ municipality: '147', status: 'afsluttet' });
  });

  it('reads act.do opgavekategori, which is about no citizen', () => {
    const twoPersons = taskAct('{ key: haster, name: Haster }', 'opgavekategori').replace(
      'cases:\n',
      '  - { cpr: "280267-1000", name: Bo, residence: [{ municipality: "101", from: 2018-01-01 }] }\ncases:\n',
    );
    expect(step(parsed(twoPersons), 2, 'act')).toMatchObject({
      process: 'opgavekategori',
      cpr: null,
      with: { key: 'haster', name: 'Haster' },
    });
  });

  it('reads a task-batch step, with the reason and the expected error optional', () => {
    const file = parsed(
      taskBatch('{ kind: luk, types: [send-brev, opfoelgning-administration], reason: Release 6.1 }'),
    );
    expect(file.steps.map((s) => s.kind)).toEqual(['advance', 'cpr-move', 'act', 'task-batch', 'expect']);
    expect(step(file, 3, 'task-batch')).toEqual({
      kind: 'task-batch',
      batch: 'luk',
      types: ['send-brev', 'opfoelgning-administration'],
      reason: 'Release 6.1',
      expectError: null,
      line: 20,
    });
    const restart = step(
      parsed(taskBatch('{ kind: genstart, types: [htf], expect-error: ukendt-opgavetype }')),
      3,
      'task-batch',
    );
    expect(restart).toMatchObject({ batch: 'genstart', reason: null, expectError: 'ukendt-opgavetype' });
  });

  it('reads the task matchers step, queries, categories and assignee', () => {
    const file = parsed(
      taskMatchers(
        '{ type: registrer-fraflytning, step: vurder-bopaelssamlingsabonnementer, queries: 1, categories: [haster], assignee: sb1 }',
        '{ type: opfoelgning-administration, step: null, queries: 0, categories: [], assignee: null, count: 2 }',
      ),
    );
    const tasks = step(file, 4, 'expect').expectations.tasks;
    expect(tasks).toEqual([
      {
        type: 'registrer-fraflytning',
        step: 'vurder-bopaelssamlingsabonnementer',
        queries: 1,
        categories: ['haster'],
        assignee: 'sb1',
        line: 23,
      },
      {
        type: 'opfoelgning-administration',
        step: null,
        queries: 0,
        categories: [],
        assignee: null,
        count: 2,
        line: 24,
      },
    ]);
  });

  const invalid: { name: string; text: string; line: number; field: string; message: RegExp }[] = [
    {
      name: 'opgave without handling',
      text: taskAct('{ type: opfoelgning-administration, step: a }'),
      line: 18,
      field: 'steps[2].act.with.handling',
      message: /^mangler; tilladte: videre, tilbage, spring-over, loes-undring, afvis-undring, afslut/,
    },
    {
      name: 'unknown handling',
      text: taskAct('{ type: opfoelgning-administration, handling: godkend }'),
      line: 18,
      field: 'steps[2].act.with.handling',
      message: /"godkend" er ikke en gyldig værdi; tilladte: videre, .*tildel, kategorier$/,
    },
    {
      name: 'a key of another handling',
      text: taskAct('{ type: opfoelgning-administration, handling: videre, step: a, reason: x }'),
      line: 18,
      field: 'steps[2].act.with.reason',
      message: /^ukendt felt; tilladte felter: type, municipality, status, version, handling, step, input$/,
    },
    {
      name: 'a missing key of the handling',
      text: taskAct('{ type: opfoelgning-administration, handling: loes-undring, note: Løst }'),
      line: 18,
      field: 'steps[2].act.with.query',
      message: /^mangler/,
    },
    {
      name: 'afvis without a reason',
      text: taskAct('{ type: opfoelgning-administration, handling: afvis }'),
      line: 18,
      field: 'steps[2].act.with.reason',
      message: /^mangler/,
    },
    {
      name: 'opgave without type',
      text: taskAct('{ handling: tilbage, step: a }'),
      line: 18,
      field: 'steps[2].act.with.type',
      message: /^mangler/,
    },
    {
      name: 'unknown task type',
      text: taskAct('{ type: opfoelgning, handling: tilbage, step: a }'),
      line: 18,
      field: 'steps[2].act.with.type',
      message: /"opfoelgning" er ikke en gyldig værdi; tilladte: registrer-fraflytning/,
    },
    {
      name: 'unknown task status',
      text: taskAct('{ type: opfoelgning-administration, status: lukket, handling: tilbage, step: a }'),
      line: 18,
      field: 'steps[2].act.with.status',
      message: /"lukket" er ikke en gyldig værdi; tilladte: aaben, afsluttet, afvist, annulleret/,
    },
    {
      name: 'step input that is not a mapping',
      text: taskAct('{ type: opfoelgning-administration, handling: videre, step: a, input: Ok }'),
      line: 18,
      field: 'steps[2].act.with.input',
      message: /skal være en mapping/,
    },
    {
      name: 'categories that are not a list',
      text: taskAct('{ type: opfoelgning-administration, handling: kategorier, categories: haster }'),
      line: 18,
      field: 'steps[2].act.with.categories',
      message: /skal være en liste, ikke "haster"/,
    },
    {
      name: 'with of opgave that is not a mapping',
      text: taskAct('videre'),
      line: 18,
      field: 'steps[2].act.with',
      message: /skal være en mapping med type, handling og dens felter/,
    },
    {
      name: 'opgavekategori without a name',
      text: taskAct('{ key: haster }', 'opgavekategori'),
      line: 18,
      field: 'steps[2].act.with.name',
      message: /^mangler/,
    },
    {
      name: 'opgavekategori with a citizen',
      text: taskAct('{ key: haster, name: Haster }', 'opgavekategori').replace(
        'do: opgavekategori',
        'do: opgavekategori\n      cpr: "070362-1234"',
      ),
      line: 18,
      field: 'steps[2].act.cpr',
      message: /opgavekategori gælder ingen borger/,
    },
    {
      name: 'unknown batch kind',
      text: taskBatch('{ kind: slet, types: [htf] }'),
      line: 20,
      field: 'steps[3].task-batch.kind',
      message: /"slet" er ikke en gyldig værdi; tilladte: genstart, luk/,
    },
    {
      name: 'batch without types',
      text: taskBatch('{ kind: genstart, types: [] }'),
      line: 20,
      field: 'steps[3].task-batch.types',
      message: /skal have mindst 1 element/,
    },
    {
      name: 'batch with an unknown task type',
      text: taskBatch('{ kind: genstart, types: [htf, hft] }'),
      line: 20,
      field: 'steps[3].task-batch.types[1]',
      message: /"hft" er ikke en gyldig værdi/,
    },
    {
      name: 'unknown key in a batch',
      text: taskBatch('{ kind: genstart, types: [htf], dryRun: true }'),
      line: 20,
      field: 'steps[3].task-batch.dryRun',
      message: /^ukendt felt; tilladte felter: kind, types, reason, expect-error$/,
    },
    {
      name: 'unknown error code in a batch',
      text: taskBatch('{ kind: luk, types: [htf], expect-error: mangler-begrundelse }'),
      line: 20,
      field: 'steps[3].task-batch.expect-error',
      message: /"mangler-begrundelse" er ikke en kendt fejlkode/,
    },
    {
      name: 'negative number of undringer',
      text: taskMatchers('{ type: htf, queries: -1 }'),
      line: 23,
      field: 'steps[4].expect.tasks[0].queries',
      message: /skal være et helt tal ≥ 0, ikke -1/,
    },
    {
      name: 'categories of a matcher that are not a list',
      text: taskMatchers('{ type: htf, categories: haster }'),
      line: 23,
      field: 'steps[4].expect.tasks[0].categories',
      message: /skal være en liste/,
    },
    {
      name: 'empty step of a matcher',
      text: taskMatchers('{ type: htf, step: "" }'),
      line: 23,
      field: 'steps[4].expect.tasks[0].step',
      message: /må ikke være tom/,
    },
    {
      name: 'unknown key in a task matcher',
      text: taskMatchers('{ type: htf, trin: opsummering }'),
      line: 23,
      field: 'steps[4].expect.tasks[0].trin',
      message: /^ukendt felt; tilladte felter: type, municipality, cpr, status, step, queries, categories/,
    },
  ];

  it.each(invalid)('refuses $name', ({ text, line, field, message }) => {
    const errors = errorsOf(text, 'opgaver.yaml');
    const match = errors.find((error) => error.field === field && message.test(error.message));
    expect(match, errors.map(formatScenarioError).join('\n')).toBeDefined();
    expect(match?.line).toBe(line);
  });
});
