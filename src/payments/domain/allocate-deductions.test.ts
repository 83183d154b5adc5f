import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateDeductions, type GrossLine } from './allocate-deductions.ts';

const lines = (...gross: number[]): GrossLine[] =>
  gross.map((amount, index) => ({ id: `l${index}`, gross: amount }));
const nets = (result: { net: number }[]) => result.map((line) => line.net);

const anyLines = fc
  .array(fc.integer({ min: 0, max: 100_000_000 }), { maxLength: 6 })
  .map((gross) => lines(...gross));
const anyDeducted = fc.integer({ min: 0, max: 700_000_000 });

describe('setting the month’s deductions against the payment lines', () => {
  it.each<[string, number[], number, number[]]>([
    ['a deduction smaller than the line', [310000], 50000, [260000]],
    ['a deduction equal to the line', [310000], 310000, [0]],
    ['a deduction larger than the line: net 0, never negative', [10000], 30000, [0]],
    ['line by line in order', [10000, 20000, 30000], 25000, [0, 5000, 30000]],
    ['no deduction', [10000, 20000], 0, [10000, 20000]],
    ['a negative deduction takes nothing', [10000], -500, [10000]],
    ['no lines', [], 50000, []],
  ])('%s', (_name, gross, deducted, expected) => {
    expect(nets(allocateDeductions(lines(...gross), deducted))).toEqual(expected);
  });

  it('keeps every line and its id, in order', () => {
    fc.assert(
      fc.property(anyLines, anyDeducted, (given, deducted) => {
        expect(allocateDeductions(given, deducted).map((line) => line.id)).toEqual(
          given.map((line) => line.id),
        );
      }),
    );
  });

  it('no net is negative or above its gross', () => {
    fc.assert(
      fc.property(anyLines, fc.integer({ min: -1_000_000, max: 700_000_000 }), (given, deducted) => {
        for (const [index, line] of allocateDeductions(given, deducted).entries()) {
          expect(line.net).toBeGreaterThanOrEqual(0);
          expect(line.net).toBeLessThanOrEqual(given[index]!.gross);
        }
      }),
    );
  });

  it('what is taken in all is the smaller of the total gross and the deduction', () => {
    fc.assert(
      fc.property(anyLines, anyDeducted, (given, deducted) => {
        const result = allocateDeductions(given, deducted);
        const taken = given.reduce((sum, line, index) => sum + line.gross - result[index]!.net, 0);
        const gross = given.reduce((sum, line) => sum + line.gross, 0);
        expect(taken).toBe(Math.min(gross, deducted));
      }),
    );
  });
});
