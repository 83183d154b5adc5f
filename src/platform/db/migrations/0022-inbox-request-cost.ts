/**
 * What an inbox request costs the database (docs/benchmarks.md, "The inbox under load"): every page a
 * caseworker opens logs a row per citizen shown, and "Mine" is the caseworker's commonest view.
 *
 * - The access log no longer references persons by foreign key. The check locked every shown citizen's
 *   row (`for key share`): a write to the person's page and its WAL for every read, and a multixact when
 *   two caseworkers opened the same page at once, so reading the inbox took locks. The access log is an
 *   append-only trail whose person ids come from rows the same transaction has just read, and persons are
 *   never deleted, so the reference held nothing the log needs.
 * - The index of the open tasks by assignee now holds the creation order too: "Mine" reads its page in
 *   order and stops, instead of fetching all the caseworker's open tasks (about 600 in København) and
 *   sorting them. It still answers the counts of "Mine" and "Ufordelte" from the index alone.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table access_log drop constraint access_log_person_id_fkey`.execute(db);
  await sql`drop index tasks_open_assignee`.execute(db);
  await sql`create index tasks_open_assignee on tasks (municipality, assignee, created_at, id)
    include (person_id) where status = 'aaben'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index tasks_open_assignee`.execute(db);
  await sql`create index tasks_open_assignee on tasks (municipality, assignee) include (person_id)
    where status = 'aaben'`.execute(db);
  await sql`alter table access_log add constraint access_log_person_id_fkey
    foreign key (person_id) references persons (id)`.execute(db);
}
