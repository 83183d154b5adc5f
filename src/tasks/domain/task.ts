/**
 * Tasks (opgaver) as far as the move processes need them: a typed record of work for a person, owned by a
 * municipality, open or closed. The step engine and the inbox come with the task-engine work.
 */
import type { MunicipalityCode } from '../../kernel/index.ts';

export const taskStatuses = ['aaben', 'afsluttet', 'afvist', 'annulleret'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

/** The task types the move processes create (keys users and integrators see). */
export const moveTaskTypes = [
  'registrer-fraflytning',
  'bestem-handlekommune-manuelt',
  'opfoelgning-oekonomiske-udestaaender',
  'opfoelgning-administration',
  'opfoelgning-institutionsophold',
  'opfoelgning-tilflytning-uden-handleansvar',
  'opfoelgning-modtaget-handleansvar',
] as const;
export type MoveTaskType = (typeof moveTaskTypes)[number];

/** A task to create, decided by a rule. */
export interface NewTask {
  readonly type: MoveTaskType;
  readonly municipality: MunicipalityCode;
  readonly status: TaskStatus;
  /** What the task shows the caseworker. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Why it was closed at once, when it is created closed. */
  readonly closeReason?: string;
}
