/**
 * The composition root: which contexts give the scheduled jobs their work and which route plugins the API
 * has. The jobs' work (moves, the monthly run, payout) is added here by the contexts that build it.
 */
import { accessLogPages } from '../access/index.ts';
import {
  actingRoutes,
  dailyMovesJob,
  manualPeriodDailyRunPart,
  moveTaskTypes,
  overviewPages,
  type DailyRunPart,
} from '../acting-municipality/index.ts';
import {
  benefitTaskTypes,
  caseFormPages,
  casePages,
  caseRoutes,
  casesDailyRunPart,
  closeExpiredCases,
  linesDailyRunPart,
} from '../cases/index.ts';
import {
  monthlyRunParts,
  paymentRoutes,
  payoutParts,
  runMonthlyPayments,
  runPayout,
  runsPages,
} from '../payments/index.ts';
import { cprRoutes, personPages, personRoutes, personsDailyRunPart } from '../persons/index.ts';
import { ratePages, rateRoutes } from '../rates/index.ts';
import { TaskTypes, inboxPages, taskPages, taskRoutes, tasksDailyRunPart } from '../tasks/index.ts';
import type { AppPlugin } from './http/app.ts';
import { runRoutes } from './http/runs.routes.ts';
import type { JobHandlers } from './jobs/run-job.ts';
import { eventsDailyRunPart } from './use-case.ts';
import { webAssets } from './web/static.ts';

/** Every task type the system knows; a new type is added to this list by the context that owns it. */
export const taskTypes = new TaskTypes([...moveTaskTypes, ...benefitTaskTypes]);

/**
 * The 04:00 run's one write per person, built from the part each context adds for its own tables; each part
 * takes the values the run's pure decision computed (docs/decisions/0019).
 */
export const dailyRunParts: readonly DailyRunPart[] = [
  personsDailyRunPart, // persons: residences put in force, the next review date
  manualPeriodDailyRunPart, // acting-municipality: the manual period started or ended
  linesDailyRunPart, // cases, owner of the lines: planned payment and deduction lines stopped
  casesDailyRunPart, // cases: cases closed with their grants, deductions ended
  tasksDailyRunPart, // tasks: the follow-up tasks and their events
  eventsDailyRunPart, // platform: the events
];

/** `daglig-flytning` as the workers, the simulated clock and `ydelse run` run it. */
export const runDailyMoves = dailyMovesJob(dailyRunParts);

export const jobHandlers: JobHandlers = {
  // The moves first; then the cases whose grants ran out are closed (cases' own handler).
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
  caseFormPages,
  inboxPages(taskTypes),
  taskPages(taskTypes),
  ratePages,
  accessLogPages,
  runsPages(jobHandlers),
];
