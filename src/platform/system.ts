/**
 * The composition root: which contexts give the scheduled jobs their work and which route plugins the API
 * has. The jobs' work (moves, the monthly run, payout) is added here by the contexts that build it.
 */
import { personRoutes } from '../persons/index.ts';
import type { AppPlugin } from './http/app.ts';
import type { JobHandlers } from './jobs/run-job.ts';

export const jobHandlers: JobHandlers = {
  'daglig-flytning': [],
  maanedskoersel: [],
  udbetaling: [],
};

export const routePlugins: readonly AppPlugin[] = [personRoutes];
