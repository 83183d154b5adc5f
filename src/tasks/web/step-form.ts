/**
 * The current step's form, generated from the JSON Schema of its input (TaskView's `inputSchema`): a
 * string is a text field (a textarea for `notat`), a date-like string a short text field taking
 * `dd.mm.åååå` (or `ÅÅÅÅ-MM-DD`), a municipality code (`x-municipality`) a select of the 98 municipalities,
 * a boolean a checkbox, an enumeration radio buttons (a select when it may be left out). A field that
 * belongs to some choices of an enumeration (`x-under-choice`) is drawn under each of those choices, as
 * DKFDS's conditionally revealed content, and read only when one of them is chosen.
 *
 * Before the use case is asked, every field the chosen choices show is checked at once (its shape, and the
 * step's own schema with all its issues), so the caseworker sees every fault together; the use case checks
 * it all again, and its `input.<key>` refusals are mapped back to the fields.
 */
import { parseDate, parseMunicipalityCode, quoted } from '../../kernel/index.ts';
import { formatDate } from '../../persons/index.ts';
import { dateInput, municipalityOptions } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import type { StepInputSchema } from '../domain/definition.ts';
import { checkboxControl, radios, select, textArea, textInput, type Choice } from './controls.ts';
import { danishDates, fieldLabels, labelOf, valueLabels } from './labels.ts';

export type StepFieldKind = 'text' | 'textarea' | 'date' | 'number' | 'boolean' | 'enum' | 'municipality';

/** The choices of another field a field belongs to (`x-under-choice`). */
export interface UnderChoice {
  /** The key of the enumeration field it is drawn under. */
  readonly field: string;
  readonly values: readonly string[];
  /** The choices under which it must be given. */
  readonly required: readonly string[];
}

export interface StepField {
  readonly key: string;
  /** The element id and posted name of a field shown always: `input-<key>`. */
  readonly id: string;
  readonly kind: StepFieldKind;
  readonly label: string;
  readonly hint: string | undefined;
  /** What an empty field means, when the schema says (`tomt felt: uden slutdato`); said where optional. */
  readonly emptyMeans: string | undefined;
  readonly required: boolean;
  /** An empty field is sent as null (e.g. a period without an end). */
  readonly nullable: boolean;
  readonly choices: readonly string[];
  /** Present when the field belongs to some choices of an enumeration of the same step. */
  readonly under: UnderChoice | undefined;
}

/**
 * One place a field is drawn and posted: the field itself, or (a field under choices) its copy under one
 * choice, with its own id `input-<choice>-<key>` so the copies never post over each other.
 */
export interface FieldSlot {
  readonly field: StepField;
  readonly id: string;
  /** The choice it is drawn under; undefined for a field shown always. */
  readonly choice: string | undefined;
  readonly required: boolean;
}

/** The values as typed, by field id (a checked checkbox is `ja`). */
export type FormValues = Readonly<Record<string, string>>;

interface PropertySchema {
  readonly type?: unknown;
  readonly enum?: unknown;
  readonly anyOf?: unknown;
  readonly description?: unknown;
  readonly format?: unknown;
  readonly 'x-municipality'?: unknown;
  readonly 'x-under-choice'?: unknown;
}

const asSchema = (value: unknown): PropertySchema =>
  typeof value === 'object' && value !== null ? value : {};

/** The keys whose strings are dates even when their schema does not say so. */
const dateKeys = new Set(['from', 'to', 'moveDate', 'dato', 'fra', 'til']);

export const dateHint = 'Skriv datoen som dd.mm.åååå, fx 10.06.2025';

const describes = (schema: PropertySchema, pattern: RegExp): boolean =>
  typeof schema.description === 'string' && pattern.test(schema.description);

function describesDate(schema: PropertySchema): boolean {
  return schema.format === 'date' || describes(schema, /YYYY-MM-DD|ÅÅÅÅ-MM-DD/);
}

/** A month (`ÅÅÅÅ-MM`), which is no date even under a date-like key. */
const describesMonth = (schema: PropertySchema): boolean => describes(schema, /(YYYY|ÅÅÅÅ)-MM(?!-DD)/);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function underOf(schema: PropertySchema): UnderChoice | undefined {
  const raw = asSchema(schema['x-under-choice']) as Record<string, unknown>;
  const field = raw['field'];
  if (typeof field !== 'string') return undefined;
  return { field, values: strings(raw['values']), required: strings(raw['required']) };
}

interface Hint {
  readonly hint: string | undefined;
  readonly emptyMeans: string | undefined;
}

const tidy = (text: string): string | undefined => {
  const trimmed = text
    .trim()
    .replace(/[;,.]+$/, '')
    .trim();
  return trimmed === '' ? undefined : trimmed;
};

/**
 * The description as a hint, without the API's own notation: `null: …` becomes what an empty field means,
 * the date notation goes (the date hint says it), and "kræves ved …" goes from a field drawn under its
 * choices (where it is required shows by the label).
 */
function hintOf(description: unknown, kind: StepFieldKind, conditional: boolean): Hint {
  if (typeof description !== 'string') return { hint: undefined, emptyMeans: undefined };
  let text = description;
  let emptyMeans: string | undefined;
  const nullNote = /;?\s*null:\s*([^.;]*)\.?/i.exec(text);
  if (nullNote !== null) {
    emptyMeans = `tomt felt: ${(nullNote[1] ?? '').trim()}`;
    text = text.replace(nullNote[0], '');
  }
  if (conditional) text = text.replace(/[;.,]?\s*kræves ved [^.;]*\.?/gi, '');
  if (kind === 'date')
    text = text.replace(/\s*\((YYYY|ÅÅÅÅ)-MM-DD\)/g, '').replace(/^(YYYY|ÅÅÅÅ)-MM-DD$/, '');
  if (kind === 'municipality') text = text.replace(/\s*\(kommunekode\)/gi, '');
  return { hint: tidy(text), emptyMeans };
}

/**
 * The hint, unless it tells nothing the control does not: the label again ("Årsagen" at "Årsag"), or the
 * choices' keys as the API lists them ("opret, rediger, stands eller fortryd"; the buttons name them).
 */
function telling(hint: string | undefined, label: string, choices: readonly string[]): string | undefined {
  if (hint === undefined) return undefined;
  const lower = hint.toLowerCase();
  if (lower.startsWith(label.toLowerCase()) && hint.length <= label.length + 3) return undefined;
  const listsKeys = choices.some(
    (choice) => hint.includes(choice) && labelOf(valueLabels, choice) !== choice,
  );
  return listsKeys ? undefined : hint;
}

function kindOf(key: string, schema: PropertySchema, main: PropertySchema, choices: readonly string[]) {
  if (choices.length > 0) return 'enum';
  if (main.type === 'boolean') return 'boolean';
  if (main.type === 'number' || main.type === 'integer') return 'number';
  if (schema['x-municipality'] === true || main['x-municipality'] === true) return 'municipality';
  if (describesDate(main) || describesDate(schema)) return 'date';
  if (dateKeys.has(key) && !describesMonth(main) && !describesMonth(schema)) return 'date';
  return key === 'notat' ? 'textarea' : 'text';
}

function fieldOf(key: string, raw: unknown, required: boolean): StepField {
  const schema = asSchema(raw);
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.map(asSchema) : [schema];
  const nullable = branches.some((b) => b.type === 'null');
  const main = branches.find((b) => b.type !== 'null') ?? {};
  const choices = strings(main.enum);
  const kind: StepFieldKind = kindOf(key, schema, main, choices);
  const under = underOf(schema) ?? underOf(main);
  const described = hintOf(schema.description ?? main.description, kind, under !== undefined);
  const label = labelOf(fieldLabels, key);
  return {
    key,
    id: `input-${key}`,
    kind,
    label,
    hint: telling(described.hint, label, choices),
    emptyMeans: described.emptyMeans,
    required,
    nullable,
    choices,
    under,
  };
}

/** The fields of an input schema; a step that takes no input has none. */
export function stepFields(schema: Readonly<Record<string, unknown>> | null): StepField[] {
  if (schema === null) return [];
  const properties = asSchema(schema) as { properties?: unknown; required?: unknown };
  if (typeof properties.properties !== 'object' || properties.properties === null) return [];
  const required = Array.isArray(properties.required) ? properties.required : [];
  const fields = Object.entries(properties.properties as Record<string, unknown>).map(([key, value]) =>
    fieldOf(key, value, required.includes(key)),
  );
  // A field is drawn under an enumeration shown always; any other mark is ignored (the field is shown).
  return fields.map((field) => {
    const over = fields.find((f) => f.key === field.under?.field);
    return field.under !== undefined && (over?.kind !== 'enum' || over.under !== undefined)
      ? { ...field, under: undefined }
      : field;
  });
}

export { dateInput };

/** The enumeration a field is drawn under. */
const controllerOf = (fields: readonly StepField[], field: StepField): StepField | undefined =>
  field.under === undefined ? undefined : fields.find((f) => f.key === field.under?.field);

/** Every place the field is drawn: itself, or its copy under each of its choices. */
export function slotsOf(field: StepField): FieldSlot[] {
  const under = field.under;
  if (under === undefined) return [{ field, id: field.id, choice: undefined, required: field.required }];
  return under.values.map((choice) => ({
    field,
    id: `input-${choice}-${field.key}`,
    choice,
    required: field.required || under.required.includes(choice),
  }));
}

/** The fields drawn under one choice of an enumeration, in the schema's order. */
function slotsUnder(fields: readonly StepField[], over: StepField, choice: string): FieldSlot[] {
  return fields
    .filter((field) => field.under?.field === over.key)
    .flatMap((field) => slotsOf(field).filter((slot) => slot.choice === choice));
}

/**
 * The places that count given the values: every field shown always, and those under the choice made, in
 * the order the form shows them (a choice's fields right after its enumeration).
 */
export function activeSlots(fields: readonly StepField[], values: FormValues): FieldSlot[] {
  return fields
    .filter((field) => field.under === undefined)
    .flatMap((field) => {
      const [own] = slotsOf(field) as [FieldSlot];
      const chosen = values[field.id] ?? '';
      return chosen === '' ? [own] : [own, ...slotsUnder(fields, field, chosen)];
    });
}

/** The values the fields were posted with, every copy of a field under choices included. */
export function readValues(fields: readonly StepField[], body: (name: string) => string): FormValues {
  return Object.fromEntries(fields.flatMap(slotsOf).map((slot) => [slot.id, body(slot.id)]));
}

/** A stored value as the form shows it: a date in Danish, a checked box `ja`. */
function typedValue(field: StepField, value: unknown): string | undefined {
  if (typeof value === 'boolean') return value ? 'ja' : '';
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  return field.kind === 'date' ? formatDate(value) : value;
}

/** The values to show for a step's input (kept as a suggestion when a step is redone). */
export function valuesOfInput(
  fields: readonly StepField[],
  input: Readonly<Record<string, unknown>> | null,
): FormValues {
  if (input === null) return {};
  const values: Record<string, string> = {};
  for (const field of fields) {
    const chosen = field.under === undefined ? undefined : input[field.under.field];
    const slot = slotsOf(field).find((s) => s.choice === chosen);
    const value = typedValue(field, input[field.key]);
    if (slot !== undefined && value !== undefined) values[slot.id] = value;
  }
  return values;
}

export interface StepFieldError {
  readonly fieldId?: string;
  readonly message: string;
}

/**
 * The input the use case gets from the fields that count: empty optional ones left out, an empty nullable
 * one null.
 */
export function toInput(fields: readonly StepField[], values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const slot of activeSlots(fields, values)) {
    const field = slot.field;
    const raw = values[slot.id] ?? '';
    if (field.kind === 'boolean') {
      input[field.key] = raw !== '';
      continue;
    }
    const text = field.kind === 'date' ? dateInput(raw) : raw;
    if (text.trim() === '') {
      if (field.nullable && !slot.required) input[field.key] = null;
      else if (slot.required && field.kind !== 'enum') input[field.key] = text;
      continue;
    }
    input[field.key] = field.kind === 'number' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return input;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with one field's typed text by its kind, or undefined. */
function slotError(slot: FieldSlot, raw: string): string | undefined {
  const { field } = slot;
  const text = raw.trim();
  if (field.kind === 'boolean') return undefined;
  if (text === '') {
    if (!slot.required) return undefined;
    if (field.kind === 'enum' || field.kind === 'municipality') return `Vælg ${field.label.toLowerCase()}`;
    return field.kind === 'date'
      ? `Indtast en dato i feltet "${field.label}"`
      : `Udfyld feltet "${field.label}"`;
  }
  switch (field.kind) {
    case 'enum':
      return field.choices.includes(text) ? undefined : `Vælg ${field.label.toLowerCase()} fra listen`;
    case 'municipality':
      return parseMunicipalityCode(text).ok ? undefined : 'Vælg en kommune fra listen';
    case 'date': {
      const iso = dateInput(text);
      if (!isoDate.test(iso)) return `Datoen skal skrives dd.mm.åååå (fx 10.06.2025), ikke ${quoted(text)}`;
      const parsed = parseDate(iso);
      return parsed.ok ? undefined : danishDates(parsed.error.message);
    }
    case 'number':
      return Number.isFinite(Number(text)) ? undefined : `Skriv et tal i feltet "${field.label}"`;
    case 'text':
    case 'textarea':
      return undefined;
  }
}

/** The first issue the step's schema finds at each key of the input, or at none. */
function schemaIssues(schema: StepInputSchema, input: Record<string, unknown>): Map<string, string> {
  const issues = new Map<string, string>();
  const parsed = schema.safeParse(input);
  if (parsed.success) return issues;
  for (const issue of parsed.error.issues) {
    const key = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    if (!issues.has(key)) issues.set(key, danishDates(issue.message));
  }
  return issues;
}

/**
 * Every fault of the fields that count, at once, in the form's order: a required field left empty, a
 * choice, municipality, date or number that is none, and every issue of the step's schema (`schema`). A
 * text's issue is the schema's (its words are the step's); any other field's the form's own first.
 */
export function validateStep(
  fields: readonly StepField[],
  values: FormValues,
  schema?: StepInputSchema,
): StepFieldError[] {
  const slots = activeSlots(fields, values);
  const issues =
    schema === undefined ? new Map<string, string>() : schemaIssues(schema, toInput(fields, values));
  const errors: StepFieldError[] = [];
  for (const slot of slots) {
    const own = slotError(slot, values[slot.id] ?? '');
    const fromSchema = issues.get(slot.field.key);
    issues.delete(slot.field.key);
    const text = slot.field.kind === 'text' || slot.field.kind === 'textarea';
    const message = text ? (fromSchema ?? own) : (own ?? fromSchema);
    if (message !== undefined) errors.push({ fieldId: slot.id, message });
  }
  return [...errors, ...[...issues.values()].map((message) => ({ message }))];
}

/** The field a use case's `input.<key>…` names, where the form shows it given the values. */
export function fieldIdOf(
  fields: readonly StepField[],
  errorField: string | undefined,
  values: FormValues = {},
): string | undefined {
  if (errorField === undefined) return undefined;
  const match = /^input\.([^.]+)/.exec(errorField);
  if (match === null) return undefined;
  return activeSlots(fields, values).find((slot) => slot.field.key === match[1])?.id;
}

function choiceList(field: StepField): Choice[] {
  return field.choices.map((value) => ({ value, text: labelOf(valueLabels, value) }));
}

/** The hint of one place: the field's, with what an empty field means where it may be left empty. */
function slotHint(slot: FieldSlot): string | undefined {
  const { hint, emptyMeans, kind } = slot.field;
  const own =
    emptyMeans !== undefined && !slot.required ? [hint, emptyMeans].filter((s) => s).join('; ') : hint;
  return kind === 'date' ? [own, dateHint].filter((s) => s !== undefined && s !== '').join('. ') : own;
}

/** One field at one place, drawn with its value and error; `revealed` is what its choices show. */
export function stepField(
  slot: FieldSlot,
  values: FormValues,
  error: string | undefined,
  revealed?: ReadonlyMap<string, SafeHtml>,
): SafeHtml {
  const { field } = slot;
  const value = values[slot.id] ?? '';
  const hint = slotHint(slot);
  const base = { id: slot.id, label: field.label, hint, error, optional: !slot.required };
  switch (field.kind) {
    case 'boolean':
      return html`<div class="form-group${error !== undefined && ' form-error'}">
        ${checkboxControl({ id: slot.id, label: field.label, checked: value !== '', hint, error })}
      </div>`;
    case 'enum':
      return slot.required || (revealed !== undefined && revealed.size > 0)
        ? radios({ ...base, value, choices: choiceList(field), revealed })
        : select({ ...base, value, choices: [{ value: '', text: 'Ingen valgt' }, ...choiceList(field)] });
    case 'municipality':
      return select({ ...base, value, choices: municipalityOptions() });
    case 'textarea':
      return textArea({ ...base, value });
    case 'date':
    case 'number':
      return textInput({ ...base, value, width: 'input-width-s' });
    case 'text':
      return textInput({ ...base, value });
  }
}

/** A step's whole set of fields: those under a choice inside it, the rest in the schema's order. */
export function stepForm(
  fields: readonly StepField[],
  values: FormValues,
  errorAt: (id: string) => string | undefined,
): SafeHtml {
  const draw = (slot: FieldSlot): SafeHtml => {
    const field = slot.field;
    const revealed = new Map<string, SafeHtml>();
    for (const choice of field.kind === 'enum' ? field.choices : []) {
      const under = slotsUnder(fields, field, choice);
      if (under.length > 0) revealed.set(choice, html`${under.map(draw)}`);
    }
    return stepField(slot, values, errorAt(slot.id), revealed);
  };
  return html`${fields
    .filter((field) => controllerOf(fields, field) === undefined)
    .flatMap(slotsOf)
    .map(draw)}`;
}
