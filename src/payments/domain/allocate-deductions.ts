/**
 * Sets a person's deductions of the month against their payment lines (KY's composition: granted amount →
 * minus deductions → paid out): line by line in order, never below zero. Tax, ATP, sanctions and what an
 * administration (APØ) holds back are not modelled yet.
 */
import type { Oere } from '../../kernel/index.ts';

export interface GrossLine {
  readonly id: string;
  readonly gross: Oere;
}

/** The net of each line after taking `deducted` from them in order. */
export function allocateDeductions(lines: readonly GrossLine[], deducted: Oere): { id: string; net: Oere }[] {
  let remaining = Math.max(0, deducted);
  return lines.map((line) => {
    const taken = Math.min(line.gross, remaining);
    remaining -= taken;
    return { id: line.id, net: line.gross - taken };
  });
}
