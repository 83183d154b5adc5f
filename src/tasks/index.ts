/** Tasks (opgaver): follow-up tasks and process records; the step engine and inbox come later. */
export { insertTasks, listPersonTasks, type TaskRecord } from './db/task.repository.ts';
export {
  moveTaskTypes,
  taskStatuses,
  type MoveTaskType,
  type NewTask,
  type TaskStatus,
} from './domain/task.ts';
