/**
 * The current step's form, generated from the JSON Schema of its input (TaskView's `inputSchema`): a
 * string is a text field (a textarea for `notat`), a date-like string a short text field taking
 * `dd.mm.åååå` or `ÅÅÅÅ-MM-DD`, a boolean a checkbox, an enumeration radio buttons (a select when it may be
 * left out). Reading the posted form gives the input the use case checks; the use case's `input.<key>`
 * refusals are mapped back to the fields.
 */
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { checkboxControl, radios, select, textArea, textInput, type Choice } from './controls.ts';
import { fieldLabels, labelOf, valueLabels } from './labels.ts';
import { dateInput } from '../../platform/web/form.ts';

export type StepFieldKind = 'text' | 'textarea' | 'date' | 'number' | 'boolean' | 'enum';

export interface StepField {
  readonly key: string;
  /** The element id and posted name: `input-<key>`. */
  readonly id: string;
  readonly kind: StepFieldKind;
  readonly label: string;
  readonly hint: string | undefined;
  readonly required: boolean;
  /** An empty field is sent as null (e.g. a period without an end). */
  readonly nullable: boolean;
  readonly choices: readonly string[];
}

/** The values as typed, by field id (a checked checkbox is `ja`). */
export type FormValues = Readonly<Record<string, string>>;

interface PropertySchema {
  readonly type?: unknown;
  readonly enum?: unknown;
  readonly anyOf?: unknown;
  readonly description?: unknown;
  readonly format?: unknown;
}

const asSchema = (value: unknown): PropertySchema =>
  typeof value === 'object' && value !== null ? value : {};

/** The keys whose strings are dates even when their schema does not say so. */
const dateKeys = new Set(['from', 'to', 'moveDate', 'dato', 'fra', 'til']);

const dateHint = 'Skriv datoen som dd.mm.åååå eller ÅÅÅÅ-MM-DD, fx 10.06.2025';

function describesDate(schema: PropertySchema): boolean {
  return (
    schema.format === 'date' ||
    (typeof schema.description === 'string' && /YYYY-MM-DD|ÅÅÅÅ-MM-DD/.test(schema.description))
  );
}

/** The description as a hint, without the API's own notation. */
function hintOf(description: unknown): string | undefined {
  if (typeof description !== 'string' || description.trim() === '' || /^YYYY-MM-DD$/.test(description)) {
    return undefined;
  }
  return description
    .replace(/;?\s*null: uden slutdato\.?/i, '; tomt felt: uden slutdato.')
    .trim()
    .replace(/\.$/, '');
}

function fieldOf(key: string, raw: unknown, required: boolean): StepField {
  const schema = asSchema(raw);
  const branches = Array.isArray(schema.anyOf) ? schema.anyOf.map(asSchema) : [schema];
  const nullable = branches.some((b) => b.type === 'null');
  const main = branches.find((b) => b.type !== 'null') ?? {};
  const choices = Array.isArray(main.enum) ? main.enum.filter((v): v is string => typeof v === 'string') : [];
  const kind: StepFieldKind =
    choices.length > 0
      ? 'enum'
      : main.type === 'boolean'
        ? 'boolean'
        : main.type === 'number' || main.type === 'integer'
          ? 'number'
          : describesDate(main) || describesDate(schema) || dateKeys.has(key)
            ? 'date'
            : key === 'notat'
              ? 'textarea'
              : 'text';
  const description = hintOf(schema.description ?? main.description);
  const hint =
    kind === 'date' ? [description, dateHint].filter((s) => s !== undefined).join('. ') : description;
  return {
    key,
    id: `input-${key}`,
    kind,
    label: labelOf(fieldLabels, key),
    hint,
    required,
    nullable,
    choices,
  };
}

/** The fields of an input schema; a step that takes no input has none. */
export function stepFields(schema: Readonly<Record<string, unknown>> | null): StepField[] {
  if (schema === null) return [];
  const properties = asSchema(schema) as { properties?: unknown; required?: unknown };
  if (typeof properties.properties !== 'object' || properties.properties === null) return [];
  const required = Array.isArray(properties.required) ? properties.required : [];
  return Object.entries(properties.properties as Record<string, unknown>).map(([key, value]) =>
    fieldOf(key, value, required.includes(key)),
  );
}

export { dateInput };

/** The values the fields were posted with. */
export function readValues(fields: readonly StepField[], body: (name: string) => string): FormValues {
  return Object.fromEntries(fields.map((field) => [field.id, body(field.id)]));
}

/** The values to show for a step's input (kept as a suggestion when a step is redone). */
export function valuesOfInput(
  fields: readonly StepField[],
  input: Readonly<Record<string, unknown>> | null,
): FormValues {
  if (input === null) return {};
  const values: Record<string, string> = {};
  for (const field of fields) {
    const value = input[field.key];
    if (typeof value === 'boolean') values[field.id] = value ? 'ja' : '';
    else if (typeof value === 'string' || typeof value === 'number') values[field.id] = String(value);
  }
  return values;
}

export interface StepFieldError {
  readonly fieldId: string;
  readonly message: string;
}

/** What the page refuses before asking the use case: a required choice not made. */
export function missingChoices(fields: readonly StepField[], values: FormValues): StepFieldError[] {
  return fields
    .filter((field) => field.kind === 'enum' && field.required && (values[field.id] ?? '') === '')
    .map((field) => ({ fieldId: field.id, message: `Vælg ${field.label.toLowerCase()}` }));
}

/** The input the use case gets: empty optional fields left out, an empty nullable field null. */
export function toInput(fields: readonly StepField[], values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = values[field.id] ?? '';
    if (field.kind === 'boolean') {
      input[field.key] = raw !== '';
      continue;
    }
    const text = field.kind === 'date' ? dateInput(raw) : raw;
    if (text.trim() === '') {
      if (field.nullable) input[field.key] = null;
      else if (field.required && field.kind !== 'enum') input[field.key] = text;
      continue;
    }
    input[field.key] = field.kind === 'number' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return input;
}

/** The field a use case's `input.<key>…` names, if the form has it. */
export function fieldIdOf(fields: readonly StepField[], errorField: string | undefined): string | undefined {
  if (errorField === undefined) return undefined;
  const match = /^input\.([^.]+)/.exec(errorField);
  if (match === null) return undefined;
  return fields.find((field) => field.key === match[1])?.id;
}

function choiceList(field: StepField): Choice[] {
  return field.choices.map((value) => ({ value, text: labelOf(valueLabels, value) }));
}

/** One field, drawn with its value and error. */
export function stepField(field: StepField, values: FormValues, error: string | undefined): SafeHtml {
  const value = values[field.id] ?? '';
  const base = { id: field.id, label: field.label, hint: field.hint, error, optional: !field.required };
  switch (field.kind) {
    case 'boolean':
      return html`<div class="form-group${error !== undefined && ' form-error'}">
        ${checkboxControl({ id: field.id, label: field.label, checked: value !== '', hint: field.hint, error })}
      </div>`;
    case 'enum':
      return field.required
        ? radios({ ...base, value, choices: choiceList(field) })
        : select({ ...base, value, choices: [{ value: '', text: 'Ingen valgt' }, ...choiceList(field)] });
    case 'textarea':
      return textArea({ ...base, value });
    case 'date':
      return textInput({ ...base, value, width: 'input-width-s' });
    case 'number':
      return textInput({ ...base, value, width: 'input-width-s' });
    case 'text':
      return textInput({ ...base, value });
  }
}
