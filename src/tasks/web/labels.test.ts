/**
 * Every field a caseworker fills in on a task's step, and every choice it offers, has a Danish label: a
 * task type added without them would show its internal keys on the page.
 */
import { describe, expect, it } from 'vitest';
import { taskTypes } from '../../platform/system.ts';
import { inputSchemaOf } from '../task-view.ts';
import { fieldLabels, valueLabels } from './labels.ts';
import { stepFields } from './step-form.ts';

const fields = taskTypes
  .all()
  .flatMap((type) =>
    type.steps.flatMap((step) =>
      stepFields(inputSchemaOf(step)).map((field) => ({ where: `${type.key}/${step.key}`, field })),
    ),
  );

describe('the labels of the step forms', () => {
  it('covers some fields at all', () => {
    expect(fields.length).toBeGreaterThan(10);
  });

  it('names every field in Danish', () => {
    const unlabelled = fields
      .filter(({ field }) => !Object.hasOwn(fieldLabels, field.key))
      .map(({ where, field }) => `${where}: ${field.key}`);
    expect(unlabelled).toEqual([]);
  });

  it('names every choice in Danish', () => {
    const unlabelled = fields.flatMap(({ where, field }) =>
      field.choices
        .filter((choice) => !Object.hasOwn(valueLabels, choice))
        .map((choice) => `${where}: ${choice}`),
    );
    expect(unlabelled).toEqual([]);
  });
});
