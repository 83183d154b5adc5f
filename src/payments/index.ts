/** The monthly payment cycle: the monthly run and the payout. */
export { runMonthlyPayments, runPayout } from './monthly-run.ts';
