import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { htmlText } from '../../platform/web/html.ts';
import { testWebActor } from '../../../test/support/web-actor.ts';
import type { TaskView } from '../task-view.ts';
import { fieldIdOf, missingChoices, stepField, stepFields, toInput, valuesOfInput } from './step-form.ts';
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

  it('draws a required choice as radio buttons and an optional one as a select', () => {
    const [action, , , , reason] = fields;
    if (action === undefined || reason === undefined) throw new Error('fields missing');
    const radios = htmlText(stepField(action, { 'input-action': 'rediger' }, 'Vælg handling'));
    expect(radios).toContain('<legend class="form-label">Handling</legend>');
    expect(radios).toMatch(/id="input-action-1"\s+name="input-action"\s+value="rediger"\s+checked/);
    expect(radios).toContain('<span class="sr-only">Fejl: </span>Vælg handling');
    const select = htmlText(stepField(reason, {}, undefined));
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
    expect(missingChoices(fields, {})).toEqual([{ fieldId: 'input-action', message: 'Vælg handling' }]);
    expect(fieldIdOf(fields, 'input.notat')).toBe('input-notat');
    expect(fieldIdOf(fields, 'input.to')).toBe('input-to');
    expect(fieldIdOf(fields, 'input')).toBeUndefined();
    expect(fieldIdOf(fields, 'reason')).toBeUndefined();
  });

  it('shows a step’s earlier input again as the suggestion', () => {
    expect(valuesOfInput(fields, { action: 'opret', consent: true, to: null })).toEqual({
      'input-action': 'opret',
      'input-consent': 'ja',
    });
  });
});

function taskWith(steps: TaskView['steps'], currentStep: string): TaskView {
  return {
    id: '4f8e2f0c-1111-4222-8333-444455556666',
    type: 'prove',
    typeName: 'Prøveopgave',
    personId: '4f8e2f0c-1111-4222-8333-444455556667',
    caseId: null,
    municipality: '101',
    status: 'aaben',
    closeReason: null,
    data: {},
    currentStep,
    steps,
    queries: [],
    assignee: null,
    categories: [],
    dueOn: null,
    createdAt: '2025-05-05T07:00:00Z',
    updatedAt: '2025-05-05T07:00:00Z',
    closedAt: null,
    version: 4,
  };
}

const step = (
  key: string,
  name: string,
  status: TaskView['steps'][number]['status'],
  skippable: boolean,
) => ({
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
});

describe('the current step’s buttons', () => {
  const render = (task: TaskView): string =>
    htmlText(
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
      }),
    );

  it('offers "Spring over" on a step that may be skipped', () => {
    const body = render(
      taskWith(
        [step('tjek', 'Tjek', 'aktiv', true), step('opsummering', 'Opsummering', 'afventer', false)],
        'tjek',
      ),
    );
    expect(body).toMatch(/value="videre">\s*Gå videre/);
    expect(body).toMatch(/value="spring-over">\s*Spring over/);
    expect(body).toContain('<input type="hidden" name="version" value="4" />');
  });

  it('says "Godkend" on "Opsummering", which can never be skipped', () => {
    const body = render(
      taskWith(
        [step('tjek', 'Tjek', 'sprunget-over', true), step('opsummering', 'Opsummering', 'aktiv', false)],
        'opsummering',
      ),
    );
    expect(body).toMatch(/value="videre">\s*Godkend/);
    expect(body).not.toContain('Spring over');
    expect(body).toMatch(/value="tilbage">\s*Gå tilbage til trinnet/);
    expect(body).toContain('Manuelt · Sprunget over');
  });
});
