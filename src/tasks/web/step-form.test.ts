import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { municipalities } from '../../kernel/index.ts';
import { htmlText } from '../../platform/web/html.ts';
import { taskTypes } from '../../platform/system.ts';
import { testWebActor } from '../../../test/support/web-actor.ts';
import type { StepFieldMeta } from '../domain/definition.ts';
import { inputSchemaOf, type TaskView } from '../task-view.ts';
import {
  activeSlots,
  fieldIdOf,
  slotsOf,
  stepField,
  stepFields,
  stepForm,
  toInput,
  validateStep,
  valuesOfInput,
  type FieldSlot,
  type FormValues,
  type StepField,
} from './step-form.ts';
import { taskPage } from './task-page.ts';

const manualSchema = z.toJSONSchema(
  z
    .object({
      action: z.enum(['opret', 'rediger']),
      municipality: z.string().optional(),
      from: z.string().optional(),
      to: z.string().describe('YYYY-MM-DD').nullable().optional(),
      reason: z.enum(['ophold-institution', 'midlertidigt-ophold']).optional(),
      consent: z.boolean().optional(),
      notat: z.string().trim().min(1),
      antal: z.number().optional(),
    })
    .strict(),
  { io: 'input' },
) as Record<string, unknown>;

/** The one place a field shown always is drawn. */
function own(field: StepField | undefined): FieldSlot {
  if (field === undefined) throw new Error('field missing');
  return slotsOf(field)[0] as FieldSlot;
}

const noErrors = (): undefined => undefined;

describe('the fields of a step generated from its input schema', () => {
  const fields = stepFields(manualSchema);

  it('chooses a control for each property, with Danish labels', () => {
    expect(fields.map((f) => [f.key, f.kind, f.label, f.required, f.nullable])).toEqual([
      ['action', 'enum', 'Handling', true, false],
      ['municipality', 'text', 'Kommune', false, false],
      ['from', 'date', 'Fra', false, false],
      ['to', 'date', 'Til', false, true],
      ['reason', 'enum', 'Årsag', false, false],
      ['consent', 'boolean', 'Borgerens samtykke', false, false],
      ['notat', 'textarea', 'Notat', true, false],
      ['antal', 'number', 'antal', false, false],
    ]);
    expect(stepFields(null)).toEqual([]);
  });

  it('takes a month (ÅÅÅÅ-MM) under a date-like key as text, not as a date', () => {
    const months = stepFields(
      z.toJSONSchema(z.strictObject({ fra: z.string().describe('Første måned (ÅÅÅÅ-MM)') })),
    );
    expect(months.map((f) => f.kind)).toEqual(['text']);
  });

  it('draws a required choice as radio buttons and an optional one as a select', () => {
    const [action, , , , reason] = fields;
    const radios = htmlText(stepField(own(action), { 'input-action': 'rediger' }, 'Vælg handling'));
    expect(radios).toContain('<legend class="form-label">Handling</legend>');
    expect(radios).toMatch(/id="input-action-1"\s+name="input-action"\s+value="rediger"\s+checked/);
    expect(radios).toContain('<span class="sr-only">Fejl: </span>Vælg handling');
    expect(radios).not.toContain('js-radio-toggle-group');
    const select = htmlText(stepField(own(reason), {}, undefined));
    expect(select).toMatch(/<option value=""\s+selected>\s*Ingen valgt\s*<\/option>/);
    expect(select).toContain('Ophold på institution (rsl § 9, stk. 3-6)');
  });

  it('turns the typed values into the input: dates to ISO, an empty end null, unchecked false', () => {
    const values = {
      'input-action': 'opret',
      'input-municipality': '751',
      'input-from': '1.6.2025',
      'input-to': '',
      'input-reason': '',
      'input-notat': 'Aftalt',
      'input-antal': '3',
    };
    expect(toInput(fields, values)).toEqual({
      action: 'opret',
      municipality: '751',
      from: '2025-06-01',
      to: null,
      consent: false,
      notat: 'Aftalt',
      antal: 3,
    });
    // A required text left empty is sent, so the use case says what is missing.
    expect(toInput(fields, {})).toMatchObject({ notat: '' });
    expect(toInput(fields, {})).not.toHaveProperty('action');
  });

  it('refuses a required choice not made, and maps the use case’s fields back', () => {
    expect(validateStep(fields, { 'input-notat': 'Set' })).toEqual([
      { fieldId: 'input-action', message: 'Vælg handling' },
    ]);
    expect(fieldIdOf(fields, 'input.notat')).toBe('input-notat');
    expect(fieldIdOf(fields, 'input.to')).toBe('input-to');
    expect(fieldIdOf(fields, 'input')).toBeUndefined();
    expect(fieldIdOf(fields, 'reason')).toBeUndefined();
  });

  it('shows a step’s earlier input again as the suggestion, its dates in Danish', () => {
    expect(valuesOfInput(fields, { action: 'opret', consent: true, to: null, from: '2026-12-05' })).toEqual({
      'input-action': 'opret',
      'input-consent': 'ja',
      'input-from': '05.12.2026',
    });
  });
});

/** "Angiv handlekommune og periode" as the registry defines it. */
function manualStepFields(): StepField[] {
  const type = taskTypes.get('bestem-handlekommune-manuelt');
  if (!type.ok) throw new Error(type.error.message);
  const step = type.value.steps.find((s) => s.key === 'angiv-handlekommune');
  if (step === undefined) throw new Error('no step');
  return stepFields(inputSchemaOf(step));
}

/** The markup of the content revealed under a choice of `input-action`. */
function revealed(markup: string, choice: string): string {
  const start = markup.indexOf(`<div id="input-action-${choice}-felter"`);
  if (start < 0) return '';
  const rest = markup.slice(start);
  const next = rest.search(/id="input-action-\d"/);
  return next < 0 ? rest : rest.slice(0, next);
}

describe('fields that belong to a choice', () => {
  const fields = manualStepFields();
  const markup = htmlText(stepForm(fields, { 'input-action': 'opret' }, noErrors));

  it('are read from the step’s metadata (x-under-choice), the municipality as a municipality', () => {
    const byKey = (key: string) => fields.find((f) => f.key === key);
    expect(byKey('municipality')).toMatchObject({
      kind: 'municipality',
      hint: 'Den manuelle handlekommune',
      under: { field: 'action', values: ['opret', 'rediger'], required: ['opret'] },
    });
    expect(byKey('to')?.under).toEqual({
      field: 'action',
      values: ['opret', 'rediger', 'stands'],
      required: ['stands'],
    });
    expect(byKey('action')?.under).toBeUndefined();
    for (const field of fields) expect(field.hint ?? '').not.toMatch(/kræves ved/i);
  });

  it('are drawn under their choice with DKFDS’s revealed content, open so they work without JavaScript', () => {
    expect(markup).toContain('class="form-group js-radio-toggle-group"');
    expect(markup).toMatch(
      /id="input-action"\s+name="input-action"\s+value="opret"\s+checked data-controls="#input-action-opret-felter" data-expanded="true"/,
    );
    expect(markup).toContain(
      '<div id="input-action-opret-felter" class="radio-content" aria-hidden="false">',
    );
    expect(markup).not.toContain('aria-hidden="true"');
    const ids = (choice: string): string[] =>
      [...revealed(markup, choice).matchAll(/<(?:input|select)[^>]*\sid="(input-[^"]+)"/g)].map(
        (m) => m[1] ?? '',
      );
    expect(ids('opret')).toEqual([
      'input-opret-municipality',
      'input-opret-from',
      'input-opret-to',
      // A choice it must make there is radio buttons of its own.
      'input-opret-reason',
      'input-opret-reason-1',
      'input-opret-reason-2',
      'input-opret-agreement',
      'input-opret-consent',
    ]);
    expect(ids('stands')).toEqual(['input-stands-to']);
    // "Fortryd" takes nothing more, so it reveals nothing.
    expect(markup).not.toContain('input-action-fortryd-felter');
    expect(markup).toMatch(/value="fortryd"\s*\/>/);
  });

  it('are required only under the choices that need them', () => {
    const label = (id: string): string =>
      new RegExp(`<label class="form-label" for="${id}">([\\s\\S]*?)</label>`).exec(markup)?.[1] ?? '';
    expect(label('input-opret-municipality')).toBe('Kommune');
    expect(label('input-rediger-municipality')).toContain('(frivilligt)');
    expect(label('input-stands-to')).toBe('Til');
    expect(label('input-opret-to')).toContain('(frivilligt)');
    expect(markup).toMatch(
      /id="input-opret-to-hint">Sidste dag \(med\); tomt felt: uden slutdato\. Skriv datoen/,
    );
    expect(markup).toMatch(/id="input-stands-to-hint">Sidste dag \(med\)\. Skriv datoen/);
  });

  it('are read and checked only under the choice made', () => {
    const typed: FormValues = {
      'input-action': 'stands',
      'input-opret-municipality': '751',
      'input-opret-from': 'rod',
      'input-stands-to': '31.12.2026',
    };
    expect(toInput(fields, typed)).toEqual({ action: 'stands', to: '2026-12-31' });
    expect(validateStep(fields, typed)).toEqual([]);
    expect(validateStep(fields, { ...typed, 'input-stands-to': '' })).toEqual([
      { fieldId: 'input-stands-to', message: 'Indtast en dato i feltet "Til"' },
    ]);
    expect(activeSlots(fields, { 'input-action': 'fortryd' }).map((s) => s.id)).toEqual(['input-action']);
    expect(fieldIdOf(fields, 'input.to', typed)).toBe('input-stands-to');
    expect(fieldIdOf(fields, 'input.municipality', { 'input-action': 'rediger' })).toBe(
      'input-rediger-municipality',
    );
  });

  it('reports every bad field at once, dates quoted in Danish', () => {
    const errors = validateStep(fields, {
      'input-action': 'opret',
      'input-opret-municipality': '',
      'input-opret-from': '30.02.2026',
      'input-opret-to': 'i morgen',
      'input-opret-reason': '',
    });
    expect(errors).toEqual([
      { fieldId: 'input-opret-municipality', message: 'Vælg kommune' },
      { fieldId: 'input-opret-from', message: 'Datoen 30.02.2026 findes ikke' },
      {
        fieldId: 'input-opret-to',
        message: 'Datoen skal skrives dd.mm.åååå (fx 10.06.2025), ikke "i morgen"',
      },
      { fieldId: 'input-opret-reason', message: 'Vælg årsag' },
    ]);
  });

  it('shows an earlier input under the choice it was given for, its dates in Danish', () => {
    expect(
      valuesOfInput(fields, { action: 'opret', municipality: '751', from: '2026-12-05', to: null }),
    ).toEqual({
      'input-action': 'opret',
      'input-opret-municipality': '751',
      'input-opret-from': '05.12.2026',
    });
  });
});

describe('municipality fields', () => {
  const all = taskTypes
    .all()
    .flatMap((type) => type.steps.flatMap((step) => stepFields(inputSchemaOf(step))));

  it('are every field of a task step that takes a municipality, each a select of the 98 municipalities', () => {
    const named = all.filter((field) => /municipality|kommune/i.test(field.key));
    expect(named.length).toBeGreaterThan(0);
    for (const field of named) {
      expect(field.kind).toBe('municipality');
      for (const slot of slotsOf(field)) {
        const markup = htmlText(stepField(slot, { [slot.id]: '751' }, undefined));
        expect(markup).toContain(`<select class="form-select" id="${slot.id}"`);
        expect([...markup.matchAll(/<option /g)]).toHaveLength(99);
        expect(markup).toMatch(/<option value="751"\s+selected>\s*751 – Aarhus\s*<\/option>/);
        expect(markup).toMatch(/<option value="101"\s*>\s*101 – København\s*<\/option>/);
      }
    }
  });

  it('refuse a code that is no municipality', () => {
    const fields = manualStepFields();
    expect(validateStep(fields, { 'input-action': 'rediger', 'input-rediger-municipality': '411' })).toEqual([
      { fieldId: 'input-rediger-municipality', message: 'Vælg en kommune fra listen' },
    ]);
  });
});

describe('checking a step’s fields all at once (property)', () => {
  const choiceB: StepFieldMeta = { 'x-under-choice': { field: 'art', values: ['b'], required: ['b'] } };
  const schema = z.strictObject({
    art: z.enum(['a', 'b']),
    notat: z.string().trim().min(1, 'Skriv et notat'),
    dato: z.string().describe('Dagen (ÅÅÅÅ-MM-DD)'),
    kommune: z.string().meta({ 'x-municipality': true }),
    antal: z.number().optional(),
    slut: z.string().optional().describe('Sidste dag (ÅÅÅÅ-MM-DD)').meta(choiceB),
  });
  const jsonSchema = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  const fields = stepFields(jsonSchema);

  const two = (n: number): string => String(n).padStart(2, '0');
  const goodDate = fc
    .record({
      year: fc.integer({ min: 2000, max: 2099 }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 28 }),
      danish: fc.boolean(),
    })
    .map(({ year, month, day, danish }) =>
      danish ? `${two(day)}.${two(month)}.${String(year)}` : `${String(year)}-${two(month)}-${two(day)}`,
    );
  const badDate = fc.constantFrom('', '32.13.2025', '30.02.2026', 'i morgen', '2026-02-30');
  /** A value for a field, valid or not, and which it is. */
  const either = (good: fc.Arbitrary<string>, bad: fc.Arbitrary<string>) =>
    fc.oneof(
      good.map((value) => ({ value, valid: true })),
      bad.map((value) => ({ value, valid: false })),
    );
  const codes = municipalities.map((m) => m.code as string);
  const typed = fc.record({
    art: either(fc.constantFrom('a', 'b'), fc.constantFrom('', 'c')),
    notat: either(fc.constantFrom('Set', 'Aftalt med borgeren'), fc.constantFrom('', '   ')),
    dato: either(goodDate, badDate),
    kommune: either(fc.constantFrom(...codes), fc.constantFrom('', '999', '411', 'Aarhus')),
    antal: either(fc.constantFrom('', '3', '12.5'), fc.constantFrom('fem', '3 dage')),
    slut: either(goodDate, badDate),
  });

  const task = (): TaskView => ({
    ...taskWith([{ ...step('oplys', 'Oplys', 'aktiv', false), inputSchema: jsonSchema }], 'oplys'),
  });

  it('lists exactly the invalid fields that count, in the summary and at each field', () => {
    fc.assert(
      fc.property(typed, (drawn) => {
        const values: FormValues = {
          'input-art': drawn.art.value,
          'input-notat': drawn.notat.value,
          'input-dato': drawn.dato.value,
          'input-kommune': drawn.kommune.value,
          'input-antal': drawn.antal.value,
          'input-b-slut': drawn.slut.value,
        };
        const expected = [
          ...(['art', 'notat', 'dato', 'kommune', 'antal'] as const)
            .filter((key) => !drawn[key].valid)
            .map((key) => `input-${key}`),
          // The end counts only under "b".
          ...(drawn.art.value === 'b' && !drawn.slut.valid ? ['input-b-slut'] : []),
        ].sort();
        const errors = validateStep(fields, values, schema);
        expect(errors.map((e) => e.fieldId).sort()).toEqual(expected);
        const body = render(task(), {
          errors,
          posted: { action: 'videre', step: 'oplys', query: '', values, categories: [] },
        });
        const linked = [...summaryOf(body).matchAll(/href="#([^"]+)"/g)].map((m) => m[1]).sort();
        expect(linked).toEqual(expected);
        for (const id of expected) expect(body).toContain(`id="${id}-error"`);
        // What was typed is drawn again as typed.
        if (drawn.dato.value !== '') expect(body).toContain(`value="${drawn.dato.value}"`);
      }),
      { numRuns: 300 },
    );
  });
});

function taskWith(
  steps: TaskView['steps'],
  currentStep: string | null,
  status: TaskView['status'] = 'aaben',
): TaskView {
  return {
    id: '4f8e2f0c-1111-4222-8333-444455556666',
    type: 'prove',
    typeName: 'Prøveopgave',
    personId: '4f8e2f0c-1111-4222-8333-444455556667',
    caseId: null,
    municipality: '101',
    status,
    closeReason: status === 'aaben' ? null : 'Fejl',
    data: {},
    currentStep,
    steps,
    queries: [],
    assignee: null,
    categories: [],
    dueOn: null,
    createdAt: '2025-05-05T07:00:00Z',
    updatedAt: '2025-05-05T07:00:00Z',
    closedAt: status === 'aaben' ? null : '2025-05-06T07:00:00Z',
    version: 4,
  };
}

function step(key: string, name: string, status: TaskView['steps'][number]['status'], skippable: boolean) {
  return {
    key,
    name,
    status,
    mode: 'manuel' as const,
    skippable,
    input: null,
    result: null,
    by: null,
    at: null,
    inputSchema: null,
  };
}

function render(task: TaskView, extra: Partial<Parameters<typeof taskPage>[0]> = {}): string {
  return htmlText(
    taskPage({
      web: testWebActor(),
      details: {
        task,
        personId: '00000000-0000-4000-8000-000000000001',
        cpr: '1505701234',
        personName: 'Anna Andersen',
        events: [],
      },
      categories: [],
      today: Temporal.PlainDate.from('2025-05-05'),
      ...extra,
    }),
  );
}

/** The error summary's markup. */
function summaryOf(body: string): string {
  const start = body.indexOf('data-module="error-summary"');
  return start < 0 ? '' : body.slice(start, body.indexOf('</ul>', start));
}

/** The page's text without tags. */
const textOf = (body: string): string =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The steps the page's "tilbage" forms go back to, in the page's order. */
const backTo = (body: string): string[] =>
  body
    .split('<form')
    .filter((form) => form.includes('value="tilbage"'))
    .map((form) => /name="trin" value="([^"]+)"/.exec(form)?.[1] ?? '');

describe('the actions the task page offers', () => {
  it('offers "Spring over" on a step that may be skipped, and no way back from the first step', () => {
    const body = render(
      taskWith(
        [step('tjek', 'Tjek', 'aktiv', true), step('opsummering', 'Opsummering', 'afventer', false)],
        'tjek',
      ),
    );
    expect(body).toMatch(/value="videre">\s*Gå videre/);
    expect(body).toMatch(/value="spring-over">\s*Spring over/);
    expect(body).not.toContain('value="tilbage"');
    // The version goes along hidden, and is never shown.
    expect(body).toContain('<input type="hidden" name="version" value="4" />');
    expect(textOf(body)).not.toMatch(/Version/);
    // "Opsummering" cannot be skipped, so the task cannot be completed by hand yet.
    expect(body).not.toContain('value="afslut"');
    expect(body).toContain('value="afvis"');
  });

  it('says "Godkend" on "Opsummering", which can never be skipped, and goes back a step or to a step', () => {
    const body = render(
      taskWith(
        [step('tjek', 'Tjek', 'sprunget-over', true), step('opsummering', 'Opsummering', 'aktiv', false)],
        'opsummering',
      ),
    );
    expect(body).toMatch(/value="videre">\s*Godkend/);
    expect(body).not.toContain('Spring over');
    expect(body).toMatch(/value="tilbage">\s*Gå tilbage til trinnet/);
    expect(body).toMatch(
      /aria-label="Gå tilbage et trin til Tjek"[\s\S]*?name="trin" value="tjek"[\s\S]*?value="tilbage">\s*Gå tilbage et trin/,
    );
    expect(body).toContain('Manuelt · Sprunget over');
  });

  it('offers "Afslut opgaven" when every step left may be skipped', () => {
    const body = render(
      taskWith([step('tjek', 'Tjek', 'gennemfoert', false), step('mere', 'Mere', 'aktiv', true)], 'mere'),
    );
    expect(body).toMatch(/value="afslut">\s*Afslut opgaven/);
  });

  it('offers no way back to a step at or before one that sent a letter', () => {
    const task = taskWith(
      [
        step('oplys', 'Oplys', 'gennemfoert', false),
        step('send-brev', 'Send brev', 'gennemfoert', false),
        step('efter', 'Efter', 'gennemfoert', false),
        step('opsummering', 'Opsummering', 'aktiv', false),
      ],
      'opsummering',
    );
    const body = render(task, { finalSteps: ['send-brev'] });
    // "Gå tilbage et trin" and "Gå tilbage til trinnet" at "Efter"; nothing before the letter.
    expect(backTo(body)).toEqual(['efter', 'efter']);
    const noneBack = render(
      { ...task, steps: task.steps.filter((s) => s.key !== 'efter') },
      {
        finalSteps: ['send-brev'],
      },
    );
    expect(backTo(noneBack)).toEqual([]);
  });

  it('offers nothing but reading on a closed task', () => {
    const body = render(taskWith([step('tjek', 'Tjek', 'gennemfoert', false)], null, 'afsluttet'));
    expect(body).not.toContain('<form method="post" action="/opgaver/');
    expect(textOf(body)).toContain('Opgaven er afsluttet');
  });

  it('offers nothing but reading to a user whose roles do not allow working tasks', () => {
    const reader = testWebActor();
    const body = htmlText(
      taskPage({
        web: {
          ...reader,
          actor: {
            kind: 'bruger',
            userId: 'l101',
            municipality: reader.municipality,
            roles: ['laeseadgang'],
          },
        },
        details: {
          task: taskWith(
            [step('tjek', 'Tjek', 'gennemfoert', true), step('mere', 'Mere', 'aktiv', true)],
            'mere',
          ),
          personId: '00000000-0000-4000-8000-000000000001',
          cpr: '1505701234',
          personName: 'Anna Andersen',
          events: [],
        },
        categories: [],
        today: Temporal.PlainDate.from('2025-05-05'),
      }),
    );
    expect(body).not.toContain('<form method="post" action="/opgaver/');
    expect(textOf(body)).toContain('Din rolle giver ikke adgang til at arbejde med opgaver');
  });
});
