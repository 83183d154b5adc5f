/**
 * Tasks (opgaver): the task-and-step engine every piece of caseworker work runs on, the inbox, task
 * categories, and the release restarts.
 */
export { listPersonTasks, tasksDailyRunPart, type TaskRecord } from './db/task.repository.ts';
export type {
  RaisedQuery,
  StepContext,
  StepDefinition,
  StepFieldMeta,
  TaskTypeDefinition,
} from './domain/definition.ts';
export {
  currentStepKey,
  isStepDone,
  taskEventTypes,
  type Input,
  type TaskEvent,
  type TaskState,
} from './domain/engine.ts';
export {
  decideNewTask,
  taskStatuses,
  type NewTask,
  type TaskRequest,
  type TaskStatus,
} from './domain/task.ts';
export {
  applyCompletion,
  completeNewTasks,
  createTasks,
  prepareNewTasks,
  type PreparedTasks,
} from './task-lifecycle.ts';
export {
  actOnTask,
  applyTaskAction,
  type ActionOutcome,
  getTask,
  startTask,
  taskActionKinds,
  type TaskAction,
  type TaskDetails,
} from './task-actions.ts';
export { TaskTypes, type TaskType } from './task-type.ts';
export { taskView, type TaskView } from './task-view.ts';
export { createTaskCategory, DEFAULT_PAGE, listInbox, listTaskCategories, type InboxQuery } from './inbox.ts';
export { inboxSorts, type InboxPage, type InboxRow, type InboxSort } from './db/inbox.repository.ts';
export {
  assignTasks,
  countInbox,
  deleteInboxFilter,
  listInboxFilters,
  saveInboxFilter,
  type BulkAssignment,
  type InboxCounts,
  type SavedFilter,
} from './inbox-work.ts';
export type { TaskCategory, TaskEventRecord } from './db/task.repository.ts';
export {
  batchCsvHeader,
  batchCsvLine,
  batchKinds,
  readBatchReport,
  runTaskBatch,
  type BatchKind,
  type BatchProgress,
  type BatchRequest,
  type BatchResult,
  type BatchSummary,
} from './task-batches.ts';
export { taskActionSchema, taskRoutes } from './http/task.routes.ts';
export { taskPages } from './web/task.pages.ts';
export { inboxPages } from './web/inbox.pages.ts';
