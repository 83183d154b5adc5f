/**
 * "Kør igen": a failed run or municipality part run again by hand, as `ydelse run` does it: the occurrence
 * the part belongs to is decided on with `decideManualRun` and run with `runScheduledJob` under its own
 * key, so the retry is the same run as the automatic one and does nothing twice. Only a run or part that
 * failed and has not finished since can be chosen; who may is the action `koersel`.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, formatDanishDate, ok, ZONE, type MunicipalityCode, type Result } from '../../kernel/index.ts';
import { actorLabel, type Actor } from '../actor.ts';
import type { Logger } from '../logger.ts';
import { runUseCase, type Channel, type Deps } from '../use-case.ts';
import { decideManualRun, partKey } from './domain/recovery.ts';
import { isScheduledJob, type Occurrence, type ScheduledJob } from './domain/schedule.ts';
import { finishedKeys, isFinished, runScheduledJob, type JobHandlers } from './run-job.ts';

/** What the retry did: ran it to the end, failed again, or found it finished by someone else meanwhile. */
export type RetryOutcome = 'koert' | 'fejlet' | 'allerede-koert';

export interface RetriedRun {
  readonly key: string;
  readonly job: ScheduledJob;
  readonly municipality: MunicipalityCode | null;
  readonly outcome: RetryOutcome;
}

/** A run's key: `maanedskoersel:2025-05:101`, `daglig-flytning:2025-05-07` (at most 200 characters). */
const keyShape = /^[a-z-]{1,40}:[0-9A-Za-z:.-]{1,160}$/;

/** Whether a text has the shape of a run's or part's key (whether or not such a run exists). */
export const isRunKey = (text: string): boolean => keyShape.test(text);

const unknownRun = (key: string) =>
  fail('ikke-fundet', `Der er ingen kørsel eller del med nøglen "${key.slice(0, 200)}"`, 'del');

/** The failed run or part of the key as the occurrence to run, and the part's municipality. */
function findFailed(deps: Deps, actor: Actor, channel: Channel, key: string) {
  return runUseCase(deps, actor, channel, 'koersel', async ({ tx }) => {
    if (key === '') {
      return fail('ugyldigt-input', 'Vælg den fejlede kørsel eller del, der skal køres igen', 'del');
    }
    if (!isRunKey(key)) return unknownRun(key);
    const row = await tx
      .selectFrom('job_runs')
      .select(['key', 'job', 'scheduled_for', 'parent', 'municipality', 'finished_at', 'failed_at'])
      .where('key', '=', key)
      .executeTakeFirst();
    if (row === undefined || !isScheduledJob(row.job)) return unknownRun(key);
    if (row.finished_at !== null) return fail('konflikt', `${key} er allerede kørt færdig`, 'del');
    if (row.failed_at === null) {
      return fail('konflikt', `${key} er ikke fejlet: den kører eller venter på at blive kørt`, 'del');
    }
    const occurrence: Occurrence = {
      job: row.job,
      at: Temporal.Instant.fromEpochMilliseconds(row.scheduled_for.getTime()),
      key: row.parent ?? row.key,
    };
    const municipality =
      row.parent === null ? undefined : ((row.municipality ?? undefined) as MunicipalityCode | undefined);
    return ok({ occurrence, municipality });
  });
}

/**
 * Runs the failed run or part `key` again now, through the same functions as `ydelse run`; a part only
 * that municipality's part. Refused (nothing run) when the key names no failed, unfinished run, when the
 * run is not due yet, or when another process is running it.
 */
export async function retryFailedRun(
  deps: Deps,
  handlers: JobHandlers,
  actor: Actor,
  channel: Channel,
  key: string,
  options: { readonly logger?: Pick<Logger, 'info' | 'error'> } = {},
): Promise<Result<RetriedRun>> {
  const found = await findFailed(deps, actor, channel, key);
  if (!found.ok) return found;
  const { occurrence, municipality } = found.value;
  const finished =
    municipality === undefined
      ? await isFinished(deps, occurrence.key)
      : (await finishedKeys(deps, [partKey(occurrence, municipality)])).size > 0;
  const decision = decideManualRun({ occurrence, now: deps.clock.now(), finished, force: false });
  const done = (outcome: RetryOutcome): Result<RetriedRun> =>
    ok({ key, job: occurrence.job, municipality: municipality ?? null, outcome });
  if (decision.kind === 'allerede-koert') return done('allerede-koert');
  if (decision.kind === 'ikke-forfalden') {
    const local = occurrence.at.toZonedDateTimeISO(ZONE);
    const due = `${formatDanishDate(local.toPlainDate())} kl. ${local.toPlainTime().toString({ smallestUnit: 'minute' })}`;
    return fail('ikke-forfalden', `${key} er ikke forfalden før ${due}`, 'del');
  }
  const by = { key, by: actorLabel(actor), channel };
  options.logger?.info(by, 'fejlet kørsel køres igen i hånden');
  const outcome = await runScheduledJob(deps, handlers, decision.occurrence, { municipality });
  if (outcome === 'koerer-allerede') {
    return fail('konflikt', `${key} kører allerede i en anden proces; prøv igen om lidt`, 'del');
  }
  if (outcome === 'fejlet') {
    const failed = await deps.db
      .selectFrom('job_runs')
      .select(['attempts', 'error'])
      .where('key', '=', key)
      .executeTakeFirst();
    options.logger?.error(
      { ...by, attempts: failed?.attempts, reason: failed?.error },
      'kørsel fejlede igen',
    );
  } else options.logger?.info({ ...by, outcome }, 'kørsel kørt igen i hånden');
  return done(outcome);
}
