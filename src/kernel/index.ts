/** The pure kernel shared by every context: results and error codes, CPR, places, bank days, money, time, event types. */
export * from './result.ts';
export * from './errors.ts';
export * from './cpr.ts';
export * from './municipalities.ts';
export * from './calendar.ts';
export * from './money.ts';
export * from './time.ts';
export * from './bounds.ts';
export * from './events.ts';
export * from './danish-dates.ts';
