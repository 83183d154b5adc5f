/**
 * The municipality's list of citizens and the search by name (the borgerliste): the citizens a municipality
 * acts for, by name, a keyset page at a time, found by any part of the name. A SECURITY
 * DEFINER function answers the page, because under row-level security every person scanned would call the
 * visibility rule once: at København's 150,000 citizens a sort by name would call it 150,000 times. The
 * function reads only the caller's own scope (`ydelse.kommune`) and returns only persons that municipality
 * acts for, whom the rule shows it anyway. Also the person indexes the borgeroverblik's letters and journal
 * need.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const schema = sql.id(rows[0]?.schema ?? 'public');
  await sql`create index acting_periods_open_municipality on acting_periods (municipality, person_id)
    where to_at is null`.execute(db);
  await sql`create index persons_name on persons (name, id)`.execute(db);
  await db.schema.createIndex('letters_person').on('letters').column('person_id').execute();
  await db.schema.createIndex('journal_notes_person').on('journal_notes').column('person_id').execute();
  await db.schema.createIndex('case_documents_person').on('case_documents').column('person_id').execute();

  // `pattern` is a LIKE pattern the caller escaped; the page starts after the person `after` (by name, id).
  await sql`create function ydelse_municipality_citizens(pattern text, after uuid, max integer)
    returns table (id uuid)
    language sql stable security definer parallel safe
    set search_path = ${schema}, pg_temp
    as $$
      select p.id
      from acting_periods a
      join persons p on p.id = a.person_id
      where a.to_at is null
        and a.municipality = nullif(current_setting('ydelse.kommune', true), '')
        and (pattern = '' or p.name ilike pattern)
        and (after is null
             or (p.name, p.id) > (select q.name, q.id from persons q where q.id = after))
      order by p.name, p.id
      limit max
    $$`.execute(db);
  await sql`revoke execute on function ydelse_municipality_citizens(text, uuid, integer) from public`.execute(
    db,
  );
  await sql`grant execute on function ydelse_municipality_citizens(text, uuid, integer) to ydelse_app`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function ydelse_municipality_citizens(text, uuid, integer)`.execute(db);
  for (const index of [
    'acting_periods_open_municipality',
    'persons_name',
    'letters_person',
    'journal_notes_person',
    'case_documents_person',
  ]) {
    await sql`drop index ${sql.id(index)}`.execute(db);
  }
}
