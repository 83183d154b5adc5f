/**
 * The cases context's part of `daglig-flytning` (the 04:00 run), registered beside the move run's: a
 * granted case whose standing grants have all ended before the run's day is closed (`afsluttet`, event
 * `sag-afsluttet`). Each case is a transaction of its own under its person's lock, as every grant use case
 * takes it, so a caseworker extending the grant at the same moment is either seen or comes after; a rerun of
 * the day finds nothing left to close.
 */
import { formatDanishDate, localDate, ok } from '../kernel/index.ts';
import { lockPerson } from '../persons/index.ts';
import { systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Deps } from '../platform/use-case.ts';
import { findCase, listPersonGrants, updateCase } from './db/grant.repository.ts';
import { expiredOn } from './domain/grant.ts';

/** Granted cases whose grant columns (kept in step with the grants) end before `today`: the candidates. */
async function candidates(deps: Deps, today: string): Promise<string[]> {
  const rows = await deps.db
    .selectFrom('cases')
    .select('id')
    .where('status', '=', 'bevilget')
    .where('grant_to', '<', today)
    .orderBy('id')
    .execute();
  return rows.map((row) => row.id);
}

/** The job handler: closes every granted case whose grants ran out before the run's day. */
export async function closeExpiredCases(
  deps: Deps,
  occurrence: Occurrence,
): Promise<Record<string, unknown>> {
  const today = localDate(occurrence.at);
  const actor = systemActor('daglig-flytning');
  let closed = 0;
  const failed: string[] = [];
  for (const caseId of await candidates(deps, today.toString())) {
    // A failure for one case leaves it granted for the next run and the others go on, as in the move run.
    const result = await runUseCase(deps, actor, 'job', 'koersel', async (context) => {
      const found = await findCase(context.tx, caseId);
      if (found === undefined) return ok(false);
      await lockPerson(context.tx, found.personId);
      const record = (await findCase(context.tx, caseId)) ?? found;
      if (record.status !== 'bevilget') return ok(false);
      const lastDay = expiredOn(record.id, await listPersonGrants(context.tx, record.personId), today);
      if (lastDay === undefined) return ok(false);
      const reason = `Bevillingen udløb ${formatDanishDate(lastDay)}`;
      await updateCase(context.tx, record.id, { status: 'afsluttet', closedReason: reason });
      context.record({
        type: 'sag-afsluttet',
        personId: record.personId,
        municipality: record.municipality,
        data: { case: record.id, reason },
      });
      return ok(true);
    }).catch((error: unknown) => {
      failed.push(`${caseId}: ${error instanceof Error ? error.message : String(error)}`);
      return ok(false);
    });
    if (result.ok && result.value) closed += 1;
  }
  return { date: today.toString(), closedCases: closed, failed };
}
