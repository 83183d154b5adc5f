import { describe, expect, it } from 'vitest';
import { fillLetter, letterKinds, letterTemplates, templateFields } from './letter.ts';

const valuesFor = (fields: readonly string[]) =>
  Object.fromEntries(fields.map((field) => [field, `<${field}>`]));

describe('letter templates', () => {
  it.each(letterKinds)('%s: every field filled, none left open', (kind) => {
    const template = letterTemplates[kind];
    const fields = templateFields(template);
    const filled = fillLetter(template, valuesFor(fields));
    if (!filled.ok) throw new Error(filled.error.message);
    const text = [filled.value.title, ...filled.value.paragraphs].join('\n');
    expect(text).not.toMatch(/\{[a-z_]+\}/);
    for (const field of fields) expect(text).toContain(`<${field}>`);
  });

  it.each(
    letterKinds.flatMap((kind) =>
      templateFields(letterTemplates[kind]).map((field) => [kind, field] as const),
    ),
  )('%s without {%s} is refused naming the field', (kind, field) => {
    const template = letterTemplates[kind];
    const values = { ...valuesFor(templateFields(template)), [field]: '  ' };
    const filled = fillLetter(template, values);
    expect(filled.ok ? 'ok' : `${filled.error.code}@${filled.error.field ?? ''}`).toBe(
      `skabelon-felt-mangler@${field}`,
    );
  });

  it('the decision letter carries reasons, rules and complaint guidance; the hearing letter the deadline', () => {
    expect(templateFields(letterTemplates.afgoerelse)).toEqual(
      expect.arrayContaining(['begrundelse', 'hjemmel', 'klagevejledning', 'grundlag']),
    );
    expect(templateFields(letterTemplates.partshoering)).toEqual(
      expect.arrayContaining(['frist', 'paataenkt']),
    );
  });
});
