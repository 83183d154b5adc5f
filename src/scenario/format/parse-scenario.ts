/**
 * Reads a scenario file (the format in docs/scenarios.md) into a typed, validated ScenarioFile. Pure:
 * it takes the text and the file's name and never touches the file system.
 *
 * Every problem is collected, not just the first, each with the line (and column) where it is
 * written and the path of the field (`steps[2].cpr-move.date`, 0-based indices). The file is read
 * as YAML 1.2, so an unquoted `2025-05-10` is a string and `NO` is Norway, not false.
 */
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import { err, formatLocalDateTime, ok, type Cpr, type Result } from '../../kernel/index.ts';
import { Locator, formatPath, type FieldPath, type Position } from './locate.ts';
import {
  stepKinds,
  type ActStep,
  type CaseSetup,
  type DeductionSetup,
  type Expectations,
  type ManualActingCommand,
  type ManualActingSetup,
  type PersonSetup,
  type ProcessInput,
  type RegistrationSetup,
  type ProcessKey,
  type ScenarioFile,
  type ScenarioFormatError,
  type Step,
  type StepKind,
  type TaskCommand,
} from './model.ts';
import * as schema from './schema.ts';
import { cpr as cprSchema, describeValue, text as textSchema, wrongType } from './values.ts';

/** Parses and validates a scenario file; on failure, every error found, in file order. */
export function parseScenario(text: string, fileName: string): Result<ScenarioFile, ScenarioFormatError[]> {
  try {
    return new ScenarioReader(text, fileName).read();
  } catch (error) {
    // A bug in this reader or a parser it calls; still reported as a message, not a stack trace.
    const reason = error instanceof Error ? error.message : String(error);
    return err([
      { file: fileName, line: 1, field: '', message: `uventet fejl under læsning af filen: ${reason}` },
    ]);
  }
}

/** `file:line: field: message` (without `field: ` for an error in the file as a whole). */
export function formatScenarioError(error: ScenarioFormatError): string {
  const field = error.field === '' ? '' : `${error.field}: `;
  return `${error.file}:${error.line}: ${field}${error.message}`;
}

type RawMap = Record<string, unknown>;

function isMap(value: unknown): value is RawMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPathKey(key: PropertyKey): key is string | number {
  return typeof key === 'string' || typeof key === 'number';
}

function allowedList(keys: readonly string[]): string {
  return keys.join(', ');
}

const yamlMessages: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: 'feltet står to gange i samme mapping',
  BAD_INDENT: 'forkert indrykning',
  TAB_AS_INDENT: 'tabulator brugt til indrykning; brug mellemrum',
  MULTIPLE_DOCS: 'filen må kun indeholde ét YAML-dokument',
  MISSING_CHAR: 'et tegn mangler (fx en afsluttende ] eller } eller et anførselstegn)',
  BAD_DQ_ESCAPE: 'ugyldig escape-sekvens i tekst i anførselstegn',
  MULTILINE_IMPLICIT_KEY: 'en nøgle må ikke strække sig over flere linjer',
  BLOCK_AS_IMPLICIT_KEY: 'en nøgle må ikke være en blok',
  BAD_ALIAS: 'ugyldig alias-reference',
  TAG_RESOLVE_FAILED: 'ukendt YAML-tag',
};

class ScenarioReader {
  readonly #text: string;
  readonly #file: string;
  readonly #errors: ScenarioFormatError[] = [];
  #locator: Locator | undefined;
  /** The persons' CPR numbers as far as they can be read, so references are checked even when a person has another error. */
  readonly #persons = new Set<Cpr>();
  #onlyPerson: Cpr | undefined;
  readonly #caseIds = new Set<string>();
  readonly #deductionIds = new Set<string>();

  constructor(text: string, file: string) {
    this.#text = text;
    this.#file = file;
  }

  read(): Result<ScenarioFile, ScenarioFormatError[]> {
    const lineCounter = new LineCounter();
    // YAML 1.2 core schema only: no 1.1 timestamps (Date objects), yes/no booleans or !!set and the like.
    const doc = parseDocument(this.#text, {
      version: '1.2',
      lineCounter,
      prettyErrors: false,
      resolveKnownTags: false,
      logLevel: 'error',
    });
    this.#locator = new Locator(doc, lineCounter);
    for (const problem of [...doc.errors, ...doc.warnings]) this.#yamlError(problem);
    if (doc.directives.yaml.version !== '1.2') {
      this.#error(
        [],
        { line: 1, column: 1 },
        `filen læses som YAML 1.2; fjern %YAML ${doc.directives.yaml.version}`,
      );
    }
    if (this.#errors.length > 0) return this.#failed();
    if (doc.contents === null) {
      this.#error(
        [],
        { line: 1, column: 1 },
        'filen er tom; et scenarie skal mindst have title, start og steps',
      );
      return this.#failed();
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#error([], this.#value([]), `ugyldig YAML: ${reason}`);
      return this.#failed();
    }
    if (!isMap(raw)) {
      this.#error(
        [],
        this.#value([]),
        `filen skal være en mapping med felterne ${allowedList(schema.topLevelKeys)}, ikke ${describeValue(raw)}`,
      );
      return this.#failed();
    }
    return this.#readFile(raw);
  }

  #readFile(raw: RawMap): Result<ScenarioFile, ScenarioFormatError[]> {
    this.#unknownKeys(raw, [], schema.topLevelKeys, 'ukendt felt; tilladte felter');
    const title = this.#read(schema.title, raw['title'], ['title']);
    const start = this.#read(schema.start, raw['start'], ['start']);
    this.#collectReferences(raw);

    const persons = this.#readList(raw['persons'], ['persons'], (item, path): PersonSetup | undefined => {
      const person = this.#read(schema.person, item, path);
      if (person === undefined) return undefined;
      if (person.spouse !== null) {
        if (person.spouse === person.cpr) {
          this.#error([...path, 'spouse'], undefined, 'en person kan ikke være gift med sig selv');
        } else {
          this.#requirePerson(person.spouse, [...path, 'spouse']);
        }
      }
      return { ...person, line: this.#value(path).line };
    });

    const cases = this.#readList(raw['cases'], ['cases'], (item, path): CaseSetup | undefined => {
      const setup = this.#read(schema.caseSetup, item, path);
      if (setup === undefined) return undefined;
      this.#requirePerson(setup.cpr, [...path, 'cpr']);
      return { ...setup, line: this.#value(path).line };
    });

    const deductions = this.#readList(
      raw['deductions'],
      ['deductions'],
      (item, path): DeductionSetup | undefined => {
        const setup = this.#read(schema.deductionSetup, item, path);
        if (setup === undefined) return undefined;
        this.#requirePerson(setup.cpr, [...path, 'cpr']);
        return { ...setup, line: this.#value(path).line };
      },
    );

    const manualActing = this.#readList(
      raw['manualActing'],
      ['manualActing'],
      (item, path): ManualActingSetup | undefined => {
        const setup = this.#read(schema.manualActingSetup, item, path);
        if (setup === undefined) return undefined;
        this.#requirePerson(setup.cpr, [...path, 'cpr']);
        return { ...setup, line: this.#value(path).line };
      },
    );

    const rates = raw['rates'] === undefined ? [] : (this.#read(schema.rates, raw['rates'], ['rates']) ?? []);
    const demo =
      raw['demo'] === undefined ? false : (this.#read(schema.demo, raw['demo'], ['demo']) ?? false);
    if (rates.includes('eksempel') && !demo) {
      this.#error(
        ['rates', rates.indexOf('eksempel')],
        undefined,
        'eksempelsatser kan kun indlæses i demoen; tilføj demo: true',
      );
    }

    const registrations = this.#readList(
      raw['registrations'],
      ['registrations'],
      (item, path): RegistrationSetup | undefined => {
        const setup = this.#read(schema.registrationSetup, item, path);
        if (setup === undefined) return undefined;
        this.#requirePerson(setup.cpr, [...path, 'cpr']);
        if (setup.case !== undefined) {
          this.#requireId(this.#caseIds, setup.case, [...path, 'case'], 'sag', 'cases');
        }
        const { case: caseId, ...rest } = setup;
        return { ...rest, case: caseId ?? null, line: this.#value(path).line };
      },
    );

    let clock = start;
    const steps = this.#readList(
      raw['steps'],
      ['steps'],
      (item, path): Step | undefined => {
        const step = this.#readStep(item, path);
        if (step?.kind === 'advance') {
          if (clock !== undefined && Temporal.Instant.compare(step.to, clock) <= 0) {
            this.#error(
              [...path, 'advance'],
              undefined,
              `uret kan kun flyttes frem: ${formatLocalDateTime(step.to)} ligger ikke efter ${formatLocalDateTime(clock)}`,
            );
          }
          clock = step.to;
        }
        return step;
      },
      { required: true, min: 1 },
    );

    if (this.#errors.length > 0 || title === undefined || start === undefined) return this.#failed();
    return ok({
      title,
      start,
      persons,
      cases,
      deductions,
      manualActing,
      rates,
      demo,
      registrations,
      steps,
    });
  }

  /**
   * Reads the persons' CPR numbers and the case and deduction ids up front, as far as each can be
   * read on its own, so that a reference to a person with some other error is not reported too.
   * Duplicates are reported here.
   */
  #collectReferences(raw: RawMap): void {
    const items = (key: string): unknown[] => {
      const value = raw[key];
      return Array.isArray(value) ? value : [];
    };
    const persons = items('persons');
    persons.forEach((item, index) => {
      const parsed = cprSchema.safeParse(isMap(item) ? item['cpr'] : undefined);
      if (!parsed.success) return;
      if (this.#persons.has(parsed.data)) {
        this.#error(['persons', index, 'cpr'], undefined, 'CPR-nummeret står allerede i persons');
      }
      this.#persons.add(parsed.data);
      if (persons.length === 1) this.#onlyPerson = parsed.data;
    });
    const collectIds = (key: string, ids: Set<string>, what: string): void => {
      items(key).forEach((item, index) => {
        const parsed = textSchema.safeParse(isMap(item) ? item['id'] : undefined);
        if (!parsed.success) return;
        if (ids.has(parsed.data))
          this.#error(
            [key, index, 'id'],
            undefined,
            `id ${JSON.stringify(parsed.data)} er allerede brugt af ${what}`,
          );
        ids.add(parsed.data);
      });
    };
    collectIds('cases', this.#caseIds, 'en anden sag');
    collectIds('deductions', this.#deductionIds, 'et andet træk');
  }

  // ---- Steps ----

  #readStep(item: unknown, path: FieldPath): Step | undefined {
    const allowed = allowedList(stepKinds);
    if (!isMap(item)) {
      this.#error(
        path,
        undefined,
        `et trin skal være en mapping med én af nøglerne ${allowed}, ikke ${describeValue(item)}`,
      );
      return undefined;
    }
    const keys = Object.keys(item);
    const kinds = keys.filter((key): key is StepKind => (stepKinds as readonly string[]).includes(key));
    this.#unknownKeys(item, path, stepKinds, 'ukendt trin; tilladte trin');
    if (keys.length === 0) {
      this.#error(path, undefined, `tomt trin; et trin har én af nøglerne ${allowed}`);
      return undefined;
    }
    if (kinds.length > 1) {
      this.#error(
        path,
        undefined,
        `et trin har præcis én af nøglerne ${allowed}; her står ${kinds.join(' og ')}`,
      );
      return undefined;
    }
    const kind = kinds[0];
    if (kind === undefined) return undefined;
    const body = item[kind];
    const bodyPath = [...path, kind];
    const line = this.#value(path).line;
    switch (kind) {
      case 'advance': {
        const to = this.#read(schema.advance, body, bodyPath);
        return to === undefined ? undefined : { kind, to, line };
      }
      case 'cpr-move': {
        const move = this.#read(schema.cprMove, body, bodyPath);
        if (move === undefined) return undefined;
        this.#requirePerson(move.cpr, [...bodyPath, 'cpr']);
        return { kind, ...move, line };
      }
      case 'act':
        return this.#readAct(body, bodyPath, line);
      case 'run': {
        const job = this.#read(schema.run, body, bodyPath);
        return job === undefined ? undefined : { kind, job, line };
      }
      case 'expect': {
        const expectations = this.#readExpectations(body, bodyPath);
        return expectations === undefined ? undefined : { kind, expectations, line };
      }
      case 'task-batch': {
        const batch = this.#read(schema.taskBatch, body, bodyPath);
        if (batch === undefined) return undefined;
        return {
          kind,
          batch: batch.kind,
          types: batch.types,
          reason: batch.reason,
          expectError: batch['expect-error'],
          line,
        };
      }
    }
  }

  #readAct(body: unknown, path: FieldPath, line: number): ActStep | undefined {
    const act = this.#read(schema.act, body, path);
    // `with` is checked against its process's schema even when another field of `act` is wrong.
    const process = schema.processKey.safeParse(isMap(body) ? body['do'] : undefined);
    const input = isMap(body) ? body['with'] : undefined;
    const processInput =
      process.success && input !== undefined
        ? this.#readProcessInput(process.data, input, [...path, 'with'])
        : undefined;
    if (act === undefined) return undefined;
    if (act.do === 'opgavekategori') {
      // A task category belongs to the caseworker's municipality, not to a citizen.
      if (act.cpr !== undefined) {
        this.#error([...path, 'cpr'], undefined, 'opgavekategori gælder ingen borger; fjern cpr');
        return undefined;
      }
      if (processInput?.process !== 'opgavekategori') return undefined;
      return { kind: 'act', as: act.as, cpr: null, expectError: act['expect-error'], line, ...processInput };
    }
    let cpr = act.cpr;
    if (cpr === undefined) {
      cpr = this.#onlyPerson;
      if (cpr === undefined) {
        this.#error(
          [...path, 'cpr'],
          undefined,
          'mangler: angiv hvilken person handlingen gælder, når scenariet ikke har præcis én person',
        );
      }
    } else {
      this.#requirePerson(cpr, [...path, 'cpr']);
    }
    if (processInput === undefined || processInput.process === 'opgavekategori' || cpr === undefined) {
      return undefined;
    }
    return { kind: 'act', as: act.as, cpr, expectError: act['expect-error'], line, ...processInput };
  }

  #readProcessInput(process: ProcessKey, input: unknown, path: FieldPath): ProcessInput | undefined {
    switch (process) {
      case 'bestem-handlekommune-manuelt': {
        const command = this.#readManualActingCommand(input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'registrer-fraflytning': {
        const command = this.#read(schema.moveOutCommand, input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'opgave': {
        const command = this.#readTaskCommand(input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'opgavekategori': {
        const command = this.#read(schema.taskCategoryCommand, input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'bevil': {
        const command = this.#read(schema.grantCommand, input, path);
        if (command === undefined) return undefined;
        this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        return { process, with: command };
      }
      case 'genberegn': {
        const command = this.#read(schema.recalculationCommand, input, path);
        if (command === undefined) return undefined;
        this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        return { process, with: command };
      }
      case 'partshoer': {
        const command = this.#read(schema.hearingCommand, input, path);
        if (command === undefined) return undefined;
        this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        return { process, with: command };
      }
      case 'partshoering-svar': {
        const command = this.#read(schema.hearingAnswerCommand, input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'sanktioner': {
        const command = this.#read(schema.sanctionCommand, input, path);
        if (command === undefined) return undefined;
        this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        return { process, with: command };
      }
      case 'konverter-timeregeldata': {
        const command = this.#read(schema.hoursRuleConversionCommand, input, path);
        return command === undefined ? undefined : { process, with: command };
      }
      case 'start-opgave': {
        const command = this.#read(schema.startTaskCommand, input, path);
        if (command === undefined) return undefined;
        if (command.case !== undefined) {
          this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        }
        return { process, with: command };
      }
      case 'afgoer-krav': {
        const command = this.#read(schema.claimDecisionCommand, input, path);
        if (command === undefined) return undefined;
        this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        return { process, with: command };
      }
      case 'registrer': {
        const command = this.#read(schema.registrationCommand, input, path);
        if (command === undefined) return undefined;
        if (command.case !== undefined) {
          this.#requireId(this.#caseIds, command.case, [...path, 'case'], 'sag', 'cases');
        }
        return { process, with: command };
      }
    }
  }

  /** `with` of `opgave`: checked against the schema of its `handling`. */
  #readTaskCommand(value: unknown, path: FieldPath): TaskCommand | undefined {
    const handlings = Object.keys(schema.taskCommands);
    if (!isMap(value)) {
      this.#error(path, undefined, wrongType('en mapping med type, handling og dens felter', value));
      return undefined;
    }
    const handling = value['handling'];
    if (handling === undefined) {
      this.#error([...path, 'handling'], undefined, `mangler; tilladte: ${allowedList(handlings)}`);
      return undefined;
    }
    if (typeof handling !== 'string' || !Object.hasOwn(schema.taskCommands, handling)) {
      this.#error(
        [...path, 'handling'],
        undefined,
        `${describeValue(handling)} er ikke en gyldig værdi; tilladte: ${allowedList(handlings)}`,
      );
      return undefined;
    }
    const commandSchema: z.ZodType<TaskCommand> =
      schema.taskCommands[handling as keyof typeof schema.taskCommands];
    return this.#read(commandSchema, value, path);
  }

  #readManualActingCommand(value: unknown, path: FieldPath): ManualActingCommand | undefined {
    const actions = Object.keys(schema.manualActingCommands);
    if (!isMap(value)) {
      this.#error(path, undefined, wrongType('en mapping med action og dens felter', value));
      return undefined;
    }
    const action = value['action'];
    if (action === undefined) {
      this.#error([...path, 'action'], undefined, `mangler; tilladte: ${allowedList(actions)}`);
      return undefined;
    }
    switch (typeof action === 'string' ? action : '') {
      case 'opret':
        return this.#read(schema.manualActingCommands.opret, value, path);
      case 'rediger':
        return this.#read(schema.manualActingCommands.rediger, value, path);
      case 'stands':
        return this.#read(schema.manualActingCommands.stands, value, path);
      case 'fortryd':
        return this.#read(schema.manualActingCommands.fortryd, value, path);
      default:
        this.#error(
          [...path, 'action'],
          undefined,
          `${describeValue(action)} er ikke en gyldig værdi; tilladte: ${allowedList(actions)}`,
        );
        return undefined;
    }
  }

  #readExpectations(body: unknown, path: FieldPath): Expectations | undefined {
    const allowed = allowedList(schema.expectationKeys);
    if (!isMap(body)) {
      this.#error(path, undefined, wrongType(`en mapping med forventninger (${allowed})`, body));
      return undefined;
    }
    const errorsBefore = this.#errors.length;
    this.#unknownKeys(body, path, schema.expectationKeys, 'ukendt forventning; tilladte');
    if (Object.keys(body).length === 0) {
      this.#error(path, undefined, `mindst én forventning: ${allowed}`);
      return undefined;
    }
    const single = <T extends { readonly cpr: Cpr }>(
      key: string,
      itemSchema: z.ZodType<T>,
    ): (T & { readonly line: number }) | undefined => {
      if (body[key] === undefined) return undefined;
      const itemPath = [...path, key];
      const value = this.#read(itemSchema, body[key], itemPath);
      if (value === undefined) return undefined;
      this.#requirePerson(value.cpr, [...itemPath, 'cpr']);
      return { ...value, line: this.#value(itemPath).line };
    };
    const matchers = <T extends object>(
      key: string,
      itemSchema: z.ZodType<T>,
      check?: (matcher: T, path: FieldPath) => void,
    ): (T & { readonly line: number })[] | undefined => {
      if (body[key] === undefined) return undefined;
      return this.#readList(body[key], [...path, key], (item, itemPath) => {
        const value = this.#read(itemSchema, item, itemPath);
        if (value === undefined) return undefined;
        check?.(value, itemPath);
        return { ...value, line: this.#value(itemPath).line };
      });
    };

    const actingMunicipality = single('acting-municipality', schema.actingMunicipalityExpectation);
    const residence = single('residence', schema.residenceExpectation);
    const cases = matchers('cases', schema.caseMatcher, (matcher, itemPath) => {
      this.#requireId(this.#caseIds, matcher.id, [...itemPath, 'id'], 'sag', 'cases');
    });
    const tasks = matchers('tasks', schema.taskMatcher, (matcher, itemPath) => {
      this.#requireListedPerson(matcher.cpr, itemPath);
    });
    const events = matchers('events', schema.eventMatcher, (matcher, itemPath) => {
      this.#requireListedPerson(matcher.cpr, itemPath);
    });
    const payments = matchers('payments', schema.paymentMatcher, (matcher, itemPath) => {
      this.#requireListedPerson(matcher.cpr, itemPath);
      if (matcher.case !== undefined)
        this.#requireId(this.#caseIds, matcher.case, [...itemPath, 'case'], 'sag', 'cases');
    });
    const deductions = matchers('deductions', schema.deductionMatcher, (matcher, itemPath) => {
      this.#requireListedPerson(matcher.cpr, itemPath);
      if (matcher.deduction !== undefined) {
        this.#requireId(
          this.#deductionIds,
          matcher.deduction,
          [...itemPath, 'deduction'],
          'træk',
          'deductions',
        );
      }
    });
    const hoursRuleExtract = matchers('timeregel-udtraek', schema.extractMatcher);
    if (this.#errors.length > errorsBefore) return undefined;
    return {
      ...(hoursRuleExtract === undefined ? {} : { hoursRuleExtract }),
      ...(actingMunicipality === undefined ? {} : { actingMunicipality }),
      ...(residence === undefined ? {} : { residence }),
      ...(cases === undefined ? {} : { cases }),
      ...(tasks === undefined ? {} : { tasks }),
      ...(events === undefined ? {} : { events }),
      ...(payments === undefined ? {} : { payments }),
      ...(deductions === undefined ? {} : { deductions }),
    };
  }

  // ---- Helpers ----

  /** Runs a schema on a value at a path; undefined (and the errors recorded) when it does not fit. */
  #read<T>(itemSchema: z.ZodType<T>, value: unknown, path: FieldPath): T | undefined {
    const result = itemSchema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const at = [...path, ...issue.path.filter(isPathKey)];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.#error([...at, key], this.#locator?.key(at, key), issue.message);
      } else {
        this.#error(at, undefined, issue.message);
      }
    }
    return undefined;
  }

  /**
   * Reads a list item by item, keeping the items that are valid. An absent optional list is empty;
   * `required` lists must be there, with at least `min` items.
   */
  #readList<T>(
    value: unknown,
    path: FieldPath,
    readItem: (item: unknown, path: FieldPath) => T | undefined,
    options: { required?: boolean; min?: number } = {},
  ): T[] {
    if (value === undefined && options.required !== true) return [];
    if (!Array.isArray(value)) {
      this.#error(path, undefined, wrongType('en liste', value));
      return [];
    }
    const min = options.min ?? 0;
    if (value.length < min)
      this.#error(path, undefined, `skal have mindst ${min} ${min === 1 ? 'element' : 'elementer'}`);
    const items: T[] = [];
    value.forEach((item: unknown, index) => {
      const read = readItem(item, [...path, index]);
      if (read !== undefined) items.push(read);
    });
    return items;
  }

  /** `message` names the kind of key and leads the list of allowed ones. */
  #unknownKeys(map: RawMap, path: FieldPath, allowed: readonly string[], message: string): void {
    for (const key of Object.keys(map)) {
      if (!allowed.includes(key)) {
        this.#error([...path, key], this.#locator?.key(path, key), `${message}: ${allowedList(allowed)}`);
      }
    }
  }

  #requirePerson(cpr: Cpr, path: FieldPath): void {
    if (!this.#persons.has(cpr)) {
      this.#error(path, undefined, `personen ${cpr.slice(0, 6)}-${cpr.slice(6)} står ikke i persons`);
    }
  }

  /** For a matcher's optional `cpr`. */
  #requireListedPerson(cpr: Cpr | undefined, matcherPath: FieldPath): void {
    if (cpr !== undefined) this.#requirePerson(cpr, [...matcherPath, 'cpr']);
  }

  #requireId(ids: ReadonlySet<string>, id: string, path: FieldPath, what: string, list: string): void {
    if (!ids.has(id))
      this.#error(path, undefined, `der er ingen ${what} med id ${JSON.stringify(id)} i ${list}`);
  }

  #value(path: FieldPath): Position {
    return this.#locator?.value(path) ?? { line: 1, column: 1 };
  }

  #error(path: FieldPath, position: Position | undefined, message: string): void {
    const { line, column } = position ?? this.#value(path);
    this.#errors.push({ file: this.#file, line, column, field: formatPath(path), message });
  }

  #yamlError(problem: YAMLError): void {
    const position = this.#locator?.at(problem.pos[0]) ?? { line: 1, column: 1 };
    const danish = yamlMessages[problem.code] ?? 'syntaksfejl';
    this.#error([], position, `ugyldig YAML: ${danish} (${problem.message})`);
  }

  #failed(): Result<never, ScenarioFormatError[]> {
    const seen = new Set<string>();
    const errors = this.#errors.filter((error) => {
      const key = `${error.line}:${error.column ?? 0}:${error.field}:${error.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    errors.sort((a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
    return err(errors);
  }
}
