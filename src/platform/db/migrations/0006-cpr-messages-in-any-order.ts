/**
 * CPR messages in any order (domain §2 point 1): each residence entry remembers the sequence number of the
 * message that decided its date, so a message is taken in by comparing numbers per date, never by arrival,
 * and the residence the 04:00 run put in force for it, so the run acts on the difference.
 * The error queue keeps a refused message's text as received (NUL and lone surrogates written as escapes)
 * and its fingerprint, so the same refusal is queued once however often the batch or file is sent.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('residences')
    .addColumn('sequence', 'bigint')
    // What the 04:00 run last put in force for the date: a later message may correct the date's residence,
    // and the run then moves the citizen from this one (effectuated_at is null until it has).
    .addColumn('effectuated_municipality', 'char(3)')
    .addColumn('effectuated_country', 'char(2)')
    .execute();
  await sql`update residences set effectuated_municipality = municipality, effectuated_country = country
    where effectuated_at is not null`.execute(db);
  // Entries from messages taken in before: the highest sequence number taken in for the date.
  await sql`update residences r set sequence = m.sequence
    from (select p.id as person_id, (c.content->>'date')::date as valid_from, max(c.sequence) as sequence
          from cpr_messages c join persons p on p.cpr = c.cpr
          where c.status = 'behandlet' group by 1, 2) m
    where r.person_id = m.person_id and r.valid_from = m.valid_from and r.source = 'cpr'`.execute(db);
  // Messages kept as overhalet under the arrival-order rule count by the new one: each adds its date, or
  // replaces the entry of its date when it has the higher sequence number; the 04:00 run takes them up.
  await sql`insert into residences as r
      (person_id, valid_from, municipality, country, registered_at, source, sequence)
    select distinct on (p.id, (c.content->>'date')::date)
      p.id, (c.content->>'date')::date, c.content->>'municipality', c.content->>'abroad', c.received_at, 'cpr',
      c.sequence
    from cpr_messages c join persons p on p.cpr = c.cpr
    where c.status = 'overhalet'
    order by p.id, (c.content->>'date')::date, c.sequence desc
    on conflict (person_id, valid_from) do update set
      municipality = excluded.municipality, country = excluded.country, sequence = excluded.sequence,
      registered_at = excluded.registered_at, source = 'cpr',
      effectuated_at = case when r.municipality is not distinct from excluded.municipality
        and r.country is not distinct from excluded.country then r.effectuated_at end
    where r.sequence is null or r.sequence < excluded.sequence`.execute(db);
  await sql`update persons p set acting_review_on = least(coalesce(p.acting_review_on, w.valid_from), w.valid_from)
    from (select person_id, min(valid_from) as valid_from from residences where effectuated_at is null
          group by person_id) w
    where p.id = w.person_id`.execute(db);
  await db.schema
    .alterTable('cpr_messages')
    .addColumn('raw', 'text')
    .addColumn('fingerprint', 'text')
    .execute();
  await sql`create unique index cpr_messages_refused on cpr_messages (fingerprint) where status = 'afvist'`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cpr_messages_refused').execute();
  await db.schema.alterTable('cpr_messages').dropColumn('fingerprint').dropColumn('raw').execute();
  await db.schema
    .alterTable('residences')
    .dropColumn('effectuated_country')
    .dropColumn('effectuated_municipality')
    .dropColumn('sequence')
    .execute();
}
