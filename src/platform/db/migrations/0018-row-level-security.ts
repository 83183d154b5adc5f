/**
 * Row-level security on every table that holds a person's data: a second line of defence behind the
 * application's read policy (src/access/domain/policy.ts), keyed by the request's municipality.
 *
 * The role `ydelse_app` (NOLOGIN) is what a use case runs as: `enterScope` (src/platform/db/rls.ts) sets the
 * transaction's municipality in `ydelse.kommune` and `set local role ydelse_app`. The login role (the
 * migrating one, a superuser or the tables' owner) bypasses row-level security; `ydelse_app` does not. It may
 * read and write the app's tables, but `events` and `access_log` it may only read and insert into: an event
 * or an access-log row, once written, is never changed by the application. graphile-worker's schema gets no
 * grants: the worker runs as the login role, never under `ydelse_app`.
 *
 * `ydelse.kommune` is `alle` (system jobs: every row, checked first and once per statement, so the runs pay
 * nothing), empty or unset (nothing: fail closed), or a municipality code: the persons it is related to
 * now, as the read policy's facts say (src/access/db/person-facts.ts): it acts for them, they live there, it
 * has an open task or an open case for them. Reads, updates and deletes see only those rows; an update may
 * change a visible row freely, and an insert is always allowed (a use case may open a follow-up task for
 * another municipality). An INSERT ... RETURNING, though, must be able to see the new row: a new person is
 * related to no municipality until its residences are written, so it cannot be inserted with RETURNING under
 * a municipality's scope (give it its id instead).
 *
 * Under the role a statement's own conditions become index conditions only when they are leakproof, as the
 * plain comparisons are; an index on an expression of other functions (the inbox's categories,
 * tasks_inbox_categories) is then not used, and the condition is checked row by row after the policy.
 *
 * Roles are cluster-wide and many databases (the test databases) and schemas (the scenario runner's) share
 * one cluster, so the role is created when missing; everything else is per schema, the one migrated.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';

/** Tables with a `person_id` (never null): a row is visible when its person is. */
export const personTables = [
  'residences',
  'institution_stays',
  'administration_arrangements',
  'acting_periods',
  'manual_acting_periods',
  'financing_periods',
  'cases',
  'deductions',
  'payment_lines',
  'deduction_lines',
  'tasks',
  'grants',
  'registrations',
  'recalculations',
  'repayment_claims',
  'hearings',
  'decisions',
  'sanctions',
  'letters',
  'hours_rule_notices',
  'hours_rule_effects',
  'hours_rule_legacy',
  'journal_notes',
  'case_documents',
] as const;

/** Tables keyed by a task: a row is visible when its task is (and so its person). */
export const taskTables = ['task_events', 'task_batch_results'] as const;

/** Every table under row-level security. */
export const secureTables = ['persons', ...personTables, ...taskTables, 'events', 'access_log'] as const;

/** Written once, never changed: the app role may read them and insert, not update, delete or truncate. */
const appendOnly = ['events', 'access_log'] as const;

/**
 * The scope, and whether it is `alle`, as subqueries: each is an InitPlan, evaluated once per statement, so
 * a run under `alle` pays one comparison of a parameter per row and no function call (measured on 600,000
 * cases: as fast as no policy; `current_setting` called per row took twice as long).
 */
const scope = sql.raw(`(select current_setting('ydelse.kommune', true))`);
const all = sql.raw(`(select current_setting('ydelse.kommune', true) = 'alle')`);
/** The short-circuit for system jobs first, then the function (one call per row for a user's request). */
const personVisible = (column: string, ownRow?: RawBuilder<unknown>): RawBuilder<unknown> =>
  ownRow === undefined
    ? sql`(${all} or ydelse_may_see_person(${sql.ref(column)}))`
    : sql`(${all} or ${ownRow} or ydelse_may_see_person(${sql.ref(column)}))`;
/**
 * Rows that are themselves the relation (a municipality's own task or case, open or closed) are visible
 * without the function: the inbox and a municipality's case lists then call it for no row.
 */
const ownRows: Readonly<Record<string, RawBuilder<unknown>>> = {
  tasks: sql`(municipality = ${scope})`,
  cases: sql`(municipality = ${scope})`,
};

async function policies(
  db: Kysely<unknown>,
  table: string,
  visible: RawBuilder<unknown>,
  writable: boolean,
): Promise<void> {
  const t = sql.table(table);
  await sql`alter table ${t} enable row level security`.execute(db);
  await sql`create policy ydelse_select on ${t} for select to ydelse_app using ${visible}`.execute(db);
  await sql`create policy ydelse_insert on ${t} for insert to ydelse_app with check (true)`.execute(db);
  if (!writable) return;
  // WITH CHECK (true): a row the scope may see may be changed to anything the use case decides (a transfer
  // to another municipality included); without it the USING expression would also check the new row.
  await sql`create policy ydelse_update on ${t} for update to ydelse_app using ${visible} with check (true)`.execute(
    db,
  );
  await sql`create policy ydelse_delete on ${t} for delete to ydelse_app using ${visible}`.execute(db);
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = sql.id(rows[0]?.schema ?? 'public');

  // Two databases migrated at once may both find the role missing; the second then waits for the first to
  // commit and gets a unique violation on pg_authid rather than duplicate_object.
  await sql`do $$ begin
      if not exists (select from pg_roles where rolname = 'ydelse_app') then
        create role ydelse_app nologin;
      end if;
    exception when duplicate_object or unique_violation then null;
    end $$`.execute(db);
  // A superuser may always `set role`; a login role that is not one must be a member (CREATEROLE grants it).
  await sql`do $$ begin
      if not pg_has_role(current_user, 'ydelse_app', 'member') then
        execute format('grant ydelse_app to %I', current_user);
      end if;
    end $$`.execute(db);

  await sql`grant usage on schema ${schema} to ydelse_app`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema ${schema} to ydelse_app`.execute(db);
  await sql`grant usage, select on all sequences in schema ${schema} to ydelse_app`.execute(db);
  await sql`revoke update, delete, truncate on ${sql.join(appendOnly.map((t) => sql.table(t)))} from ydelse_app`.execute(
    db,
  );
  await sql`revoke insert, update, delete on schema_migrations, schema_migrations_lock from ydelse_app`.execute(
    db,
  );
  // Tables and sequences later migrations create (as this role, in this schema) get the same grants.
  await sql`alter default privileges in schema ${schema}
    grant select, insert, update, delete on tables to ydelse_app`.execute(db);
  await sql`alter default privileges in schema ${schema} grant usage, select on sequences to ydelse_app`.execute(
    db,
  );

  // The visibility rule. SECURITY DEFINER: it reads acting_periods, residences, tasks and cases, which are
  // under row-level security themselves; run as the caller, each of those reads would apply their policies,
  // which call this function again, without end. As its owner (the migrating role, which owns the tables and
  // so bypasses their policies) it reads them whole. The search path is fixed to this schema (and pg_temp
  // last), so a caller cannot put tables of its own in front of ours. Plain comparisons only: the lookups use
  // acting_periods_one_open, residences_person_from, tasks_person and cases_person, so no index is missing.
  // PARALLEL SAFE (it only reads), so a policy does not keep a run's scans from going parallel. It must agree with
  // loadPersonAccessFacts (src/access/db/person-facts.ts); `ydelse.today` is the use case's date (the clock's,
  // which may be simulated), else today in Copenhagen.
  await sql`create function ydelse_may_see_person(person uuid) returns boolean
    language plpgsql stable security definer parallel safe
    set search_path = ${schema}, pg_temp
    as $$
    declare
      kommune text := current_setting('ydelse.kommune', true);
      today date;
    begin
      if kommune = 'alle' then return true; end if;
      if kommune is null or kommune = '' or person is null then return false; end if;
      if exists (select 1 from acting_periods
                 where person_id = person and to_at is null and municipality = kommune) then
        return true;
      end if;
      today := coalesce(nullif(current_setting('ydelse.today', true), '')::date,
                        (now() at time zone 'Europe/Copenhagen')::date);
      if exists (select 1 from (select municipality from residences
                                where person_id = person and valid_from <= today
                                order by valid_from desc, registered_at desc limit 1) current_residence
                 where municipality = kommune) then
        return true;
      end if;
      if exists (select 1 from tasks where person_id = person and municipality = kommune) then
        return true;
      end if;
      return exists (select 1 from cases where person_id = person and municipality = kommune);
    end $$`.execute(db);
  await sql`revoke execute on function ydelse_may_see_person(uuid) from public`.execute(db);
  await sql`grant execute on function ydelse_may_see_person(uuid) to ydelse_app`.execute(db);

  // Whether a CPR number is registered at all, whoever may see the person: registering a citizen refuses
  // a CPR number already known (person-findes) also when the caseworker has no relation to the person.
  // It answers only yes or no; SECURITY DEFINER for the same reason as the rule above.
  await sql`create function ydelse_cpr_registered(number text) returns boolean
    language sql stable security definer parallel safe
    set search_path = ${schema}, pg_temp
    as $$ select exists (select 1 from persons where cpr = number) $$`.execute(db);
  await sql`revoke execute on function ydelse_cpr_registered(text) from public`.execute(db);
  await sql`grant execute on function ydelse_cpr_registered(text) to ydelse_app`.execute(db);

  // The persons a file names by CPR number, for the access log of a file fetched: every citizen in it is
  // logged, also one whom row-level security would hide from the fetching user by now.
  await sql`create function ydelse_person_ids(numbers text[]) returns setof uuid
    language sql stable security definer parallel safe
    set search_path = ${schema}, pg_temp
    as $$ select id from persons where cpr = any(numbers) $$`.execute(db);
  await sql`revoke execute on function ydelse_person_ids(text[]) from public`.execute(db);
  await sql`grant execute on function ydelse_person_ids(text[]) to ydelse_app`.execute(db);

  await policies(db, 'persons', personVisible('id'), true);
  for (const table of personTables) {
    await policies(db, table, personVisible('person_id', ownRows[table]), true);
  }
  for (const table of taskTables) {
    // Read under the tasks' own policy: the row is visible when its task is.
    const visible = sql`(${all} or exists (select 1 from tasks t where t.id = ${sql.ref(`${table}.task_id`)}))`;
    await policies(db, table, visible, true);
  }
  await policies(db, 'events', sql`(person_id is null or ${personVisible('person_id')})`, false);
  await policies(db, 'access_log', sql`(${all} or actor_municipality = nullif(${scope}, ''))`, false);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = sql.id(rows[0]?.schema ?? 'public');
  for (const table of secureTables) {
    const t = sql.table(table);
    for (const policy of ['ydelse_select', 'ydelse_insert', 'ydelse_update', 'ydelse_delete']) {
      await sql`drop policy if exists ${sql.id(policy)} on ${t}`.execute(db);
    }
    await sql`alter table ${t} disable row level security`.execute(db);
  }
  await sql`drop function ydelse_may_see_person(uuid)`.execute(db);
  await sql`drop function ydelse_cpr_registered(text)`.execute(db);
  await sql`drop function ydelse_person_ids(text[])`.execute(db);
  await sql`alter default privileges in schema ${schema} revoke all on sequences from ydelse_app`.execute(db);
  await sql`alter default privileges in schema ${schema} revoke all on tables from ydelse_app`.execute(db);
  await sql`revoke all on all sequences in schema ${schema} from ydelse_app`.execute(db);
  await sql`revoke all on all tables in schema ${schema} from ydelse_app`.execute(db);
  await sql`revoke usage on schema ${schema} from ydelse_app`.execute(db);
  // The role stays: it is the cluster's, and other databases' grants may name it.
}
