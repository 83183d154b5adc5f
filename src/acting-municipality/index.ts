/** The acting municipality (handleansvar): the rules, the 04:00 run, manual periods and move processes. */
export { dailyMovesJob, type DailyRunPart, type DailyRunWrite } from './daily-run.ts';
export { manualPeriodDailyRunPart } from './db/manual-period.repository.ts';
export { determineActingManually } from './determine-acting-manually.ts';
export { registerExistingManualPeriod } from './register-existing-manual-period.ts';
export { registerMoveOut, type MoveOutInput } from './register-move-out.ts';
export { manualActingReasons, type ManualActingReason } from './domain/acting-rule.ts';
export { manualActions, type ManualActionInput } from './domain/decide-manual-action.ts';
export { getPersonOverview, type OverviewEvent, type PersonOverview } from './get-person-overview.ts';
export { actingRoutes } from './http/acting.routes.ts';
export { overviewView, type OverviewView } from './http/overview-view.ts';
export { overviewPages } from './web/overview.pages.ts';
export { moveTaskDefinitions, moveTaskTypeKeys, type MoveTaskKey } from './domain/task-types.ts';
export { moveTaskTypes } from './task-types.ts';
