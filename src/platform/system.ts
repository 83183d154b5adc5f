/**
 * The composition root: which contexts give the scheduled jobs their work and which route plugins the API
 * has. The jobs' work (moves, the monthly run, payout) is added here by the contexts that build it.
 */
import { actingRoutes, moveTaskTypes, overviewPages, runDailyMoves } from '../acting-municipality/index.ts';
import { benefitTaskTypes, casePages, caseRoutes, closeExpiredCases } from '../cases/index.ts';
import {
  monthlyRunParts,
  paymentRoutes,
  payoutParts,
  runMonthlyPayments,
  runPayout,
} from '../payments/index.ts';
import { cprRoutes, personPages, personRoutes } from '../persons/index.ts';
import { ratePages, rateRoutes } from '../rates/index.ts';
import { TaskTypes, taskPages, taskRoutes } from '../tasks/index.ts';
import type { AppPlugin } from './http/app.ts';
import { runRoutes } from './http/runs.routes.ts';
import type { JobHandlers } from './jobs/run-job.ts';
import { webAssets } from './web/static.ts';

/** Every task type the system knows; a new type is added to this list by the context that owns it. */
export const taskTypes = new TaskTypes([...moveTaskTypes, ...benefitTaskTypes]);

export const jobHandlers: JobHandlers = {
  'daglig-flytning': [runDailyMoves, closeExpiredCases],
  maanedskoersel: [runMonthlyPayments],
  udbetaling: [runPayout],
  // Run in-process (the simulated clock, `ydelse run`), the split runs have a part per municipality with work.
  parts: { maanedskoersel: monthlyRunParts, udbetaling: payoutParts },
};

/** The API's routes, then the caseworkers' pages and the design system's assets they use. */
export const routePlugins: readonly AppPlugin[] = [
  personRoutes,
  cprRoutes,
  actingRoutes,
  caseRoutes,
  paymentRoutes,
  taskRoutes(taskTypes),
  runRoutes,
  rateRoutes,
  webAssets,
  personPages,
  overviewPages(taskTypes),
  casePages,
  taskPages(taskTypes),
  ratePages,
];
