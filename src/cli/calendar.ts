/** `ydelse calendar bank-days FROM TO`: every bank day in the range, one ISO date per line. */
import { bankDaysBetween, inField, parseDate } from '../kernel/index.ts';
import { reportError, type Io } from './output.ts';

/** The bank calendar is computed for these years (kernel/calendar.ts). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2200;

/** Prints the bank days from FROM to TO inclusive; returns the exit code. */
export function printBankDays(io: Io, fromText: string, toText: string): number {
  const from = inField(parseDate(fromText), 'FROM');
  if (!from.ok) return reportError(io, from.error);
  const to = inField(parseDate(toText), 'TO');
  if (!to.ok) return reportError(io, to.error);
  for (const [date, field] of [
    [from.value, 'FROM'],
    [to.value, 'TO'],
  ] as const) {
    if (date.year < FIRST_YEAR || date.year > LAST_YEAR) {
      const message = `Bankkalenderen dækker årene ${FIRST_YEAR}-${LAST_YEAR}`;
      return reportError(io, { code: 'ugyldig-dato', message, field });
    }
  }
  if (to.value.until(from.value).days > 0) {
    return reportError(io, { code: 'ugyldig-periode', message: 'TO ligger før FROM', field: 'TO' });
  }
  for (const day of bankDaysBetween(from.value, to.value)) io.out(day.toString());
  return 0;
}
