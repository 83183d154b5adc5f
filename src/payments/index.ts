/** The monthly payment cycle: the monthly run, the payout, statements and outbound files. */
export { monthlyRunParts, payoutParts, runMonthlyPayments, runPayout } from './monthly-run.ts';
export { getPaymentStatements } from './get-payment-statement.ts';
export { listOutboundFiles, getOutboundFile, type OutboundFileInfo } from './list-outbound-files.ts';
export { paymentRoutes } from './http/payment.routes.ts';
export { getRunTotals, type MunicipalityRunTotals, type RunMonthTotals } from './get-run-totals.ts';
export { runsPages } from './web/runs.pages.ts';
