/** `ydelse calendar bank-days FROM TO`: every bank day in the range, one ISO date per line. */
import { bankDaysBetween, inField, parseDate } from '../kernel/index.ts';
import { reportError, type Io } from './output.ts';

const MAX_DAYS = 366 * 200;

/** Prints the bank days from FROM to TO inclusive; returns the exit code. */
export function printBankDays(io: Io, fromText: string, toText: string): number {
  const from = inField(parseDate(fromText), 'FROM');
  if (!from.ok) return reportError(io, from.error);
  const to = inField(parseDate(toText), 'TO');
  if (!to.ok) return reportError(io, to.error);
  if (from.value.until(to.value).days > MAX_DAYS) {
    return reportError(io, { code: 'ugyldig-periode', message: 'Perioden må højst være 200 år', field: 'TO' });
  }
  if (to.value.until(from.value).days > 0) {
    return reportError(io, { code: 'ugyldig-periode', message: 'TO ligger før FROM', field: 'TO' });
  }
  io.out(bankDaysBetween(from.value, to.value).map((day) => day.toString()).join('\n'));
  return 0;
}
