import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseScenario } from './index.ts';

const examplesDir = path.join(import.meta.dirname, '../../../scenarios/eksempler');
const examples = readdirSync(examplesDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => readFileSync(path.join(examplesDir, name), 'utf8'));

/** parseScenario must not throw, and a refusal must carry at least one error with a usable line. */
function checkNeverThrows(text: string): void {
  const result = parseScenario(text, 'fuzz.yaml');
  if (result.ok) return;
  expect(result.error.length).toBeGreaterThan(0);
  const lines = text.split('\n').length;
  for (const error of result.error) {
    expect(error.file).toBe('fuzz.yaml');
    expect(Number.isInteger(error.line)).toBe(true);
    expect(error.line).toBeGreaterThanOrEqual(1);
    expect(error.line).toBeLessThanOrEqual(lines + 1);
    expect(error.message).not.toBe('');
    expect(error.message).not.toMatch(/uventet fejl/);
  }
}

const example = fc.constantFrom(...examples);

/** One edit of a text's lines: delete, duplicate or swap lines, change a character, or cut it short. */
const mutated = fc.oneof(
  fc.tuple(example, fc.nat()).map(([text, n]) => {
    const lines = text.split('\n');
    lines.splice(n % lines.length, 1);
    return lines.join('\n');
  }),
  fc.tuple(example, fc.nat()).map(([text, n]) => {
    const lines = text.split('\n');
    const index = n % lines.length;
    lines.splice(index, 0, lines[index] ?? '');
    return lines.join('\n');
  }),
  fc.tuple(example, fc.nat(), fc.nat()).map(([text, a, b]) => {
    const lines = text.split('\n');
    const i = a % lines.length;
    const j = b % lines.length;
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('\n');
  }),
  fc.tuple(example, fc.nat(), fc.string({ maxLength: 3 })).map(([text, n, insert]) => {
    const at = n % text.length;
    return text.slice(0, at) + insert + text.slice(at + 1);
  }),
  fc.tuple(example, fc.nat()).map(([text, n]) => text.slice(0, n % text.length)),
);

type Tree = Record<string, unknown>;

function isTree(value: unknown): value is Tree {
  return typeof value === 'object' && value !== null;
}

/** Replaces a random subtree of a valid example with an arbitrary JSON value, and writes it back as YAML. */
const structurallyMutated = fc
  .tuple(example, fc.array(fc.nat(), { minLength: 1, maxLength: 6 }), fc.jsonValue())
  .map(([text, choices, replacement]) => {
    const root: unknown = parse(text, { version: '1.2' });
    let node = root;
    for (const [depth, choice] of choices.entries()) {
      if (!isTree(node)) break;
      const keys = Object.keys(node);
      const key = keys[choice % Math.max(keys.length, 1)];
      if (key === undefined) break;
      const child = node[key];
      if (depth === choices.length - 1 || !isTree(child)) {
        node[key] = replacement;
        break;
      }
      node = child;
    }
    return stringify(root, { version: '1.2' });
  });

describe('parseScenario is robust', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), checkNeverThrows), { numRuns: 500 });
  });

  it('never throws on text made of YAML-ish characters', () => {
    const yamlish = fc
      .array(fc.constantFrom(...'abc:-[]{}&*!|>\'"#%@`,?\n  \t0123456789.'.split('')), { maxLength: 120 })
      .map((chars) => chars.join(''));
    fc.assert(fc.property(yamlish, checkNeverThrows), { numRuns: 500 });
  });

  it('never throws on arbitrary YAML values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => checkNeverThrows(stringify(value))),
      { numRuns: 300 },
    );
  });

  it('never throws on an example with a line deleted, duplicated or swapped, a character changed or the end cut', () => {
    fc.assert(fc.property(mutated, checkNeverThrows), { numRuns: 500 });
  });

  it('never throws on an example with a random part replaced by an arbitrary value', () => {
    fc.assert(fc.property(structurallyMutated, checkNeverThrows), { numRuns: 500 });
  });

  it('refuses an example with one line deleted, or still reads it', () => {
    // Every line of every example: deleting it either leaves a valid file or gives at least one error.
    for (const text of examples) {
      const lines = text.split('\n');
      lines.forEach((_, index) => {
        const without = [...lines.slice(0, index), ...lines.slice(index + 1)].join('\n');
        checkNeverThrows(without);
      });
    }
  });
});
