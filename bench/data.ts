/**
 * Bulk benchmark data, written with set-based SQL (the use cases would take minutes for 100,000 citizens):
 * citizens spread over the 98 municipalities, each with an acting period, a granted case with its planned
 * May 2025 line, every fifth with a standing deduction and its planned line, every tenth with a health card.
 */
import { sql } from 'kysely';
import { municipalities } from '../src/kernel/index.ts';
import type { Db } from '../src/platform/db/database.ts';

export const BENCH_MONTH = '2025-05-01';

/** Creates `persons` citizens with cases, deductions and planned May lines. */
export async function seedPopulation(db: Db, persons: number): Promise<void> {
  const codes = municipalities.map((m) => m.code);
  await sql`
    insert into persons (cpr, name, civil_status, cpr_subscription, health_card, created_at)
    select lpad(i::text, 10, '0'), 'Borger ' || i, 'ugift', true, i % 10 = 0, '2025-01-01T00:00:00Z'
    from generate_series(1, ${persons}) i`.execute(db);
  await sql`
    with numbered as (select id, cpr::bigint as i from persons)
    insert into residences (person_id, valid_from, municipality, registered_at, effectuated_at)
    select id, '2010-01-01', (${codes}::text[])[1 + i % ${codes.length}], '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z' from numbered`.execute(
    db,
  );
  await sql`
    insert into acting_periods (person_id, municipality, from_at, reason)
    select person_id, municipality, '2025-01-01T00:00:00Z', 'bopael' from residences`.execute(db);
  await sql`
    insert into cases (person_id, benefit, municipality, status, grant_from, monthly, created_at)
    select person_id, 'personligt-tillaeg', municipality, 'bevilget', '2025-01-01', 300000 + (random() * 100000)::int, '2025-01-01T00:00:00Z'
    from residences`.execute(db);
  await sql`
    insert into deductions (person_id, kind, municipality, monthly, valid_from, created_at)
    select r.person_id, 'tilbagebetaling', r.municipality, 31000, '2025-01-01', '2025-01-01T00:00:00Z'
    from residences r join persons p on p.id = r.person_id where p.cpr::bigint % 5 = 0`.execute(db);
  await sql`
    insert into payment_lines (case_id, person_id, municipality, period, run_month, status, gross)
    select id, person_id, municipality, ${BENCH_MONTH}::date, ${BENCH_MONTH}::date, 'planlagt', monthly from cases`.execute(
    db,
  );
  await sql`
    insert into deduction_lines (deduction_id, person_id, municipality, period, status, amount, requested)
    select id, person_id, municipality, ${BENCH_MONTH}::date, 'planlagt', monthly, monthly from deductions`.execute(
    db,
  );
  // A task history, as any running installation has: a completed "Registrer fraflytning" for every tenth
  // citizen (the shape the task engine stores). Without it the planner sees an empty tasks table.
  await sql`
    insert into tasks (type, person_id, municipality, status, data, steps, queries, created_at, updated_at, closed_at, close_reason)
    select 'registrer-fraflytning', r.person_id, r.municipality, 'afsluttet',
      jsonb_build_object('to', r.municipality, 'moveDate', '2010-01-01', 'dutyStays', false),
      jsonb_build_array(
        jsonb_build_object('key', 'effektuer-flytning', 'status', 'gennemfoert', 'input', null,
          'result', jsonb_build_object('to', r.municipality, 'moveDate', '2010-01-01'), 'by', 'system:daglig-flytning', 'at', '2025-01-01T00:00:00Z'),
        jsonb_build_object('key', 'vurder-bopaelssamlingsabonnementer', 'status', 'gennemfoert', 'input', null,
          'result', jsonb_build_object('beslutning', 'ingen-aendring'), 'by', 'system:daglig-flytning', 'at', '2025-01-01T00:00:00Z')),
      '[]'::jsonb, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 'gennemført automatisk'
    from residences r join persons p on p.id = r.person_id where p.cpr::bigint % 10 = 0`.execute(db);
  await sql`analyze`.execute(db);
}

/** Gives `moves` citizens, evenly spread, a CPR move to another municipality on `date`, due for review. */
export async function seedMoves(db: Db, moves: number, persons: number, date: string): Promise<void> {
  const codes = municipalities.map((m) => m.code);
  const step = Math.max(1, Math.floor(persons / moves));
  await sql`
    with chosen as (
      select id, cpr::bigint as i from persons where cpr::bigint % ${step} = 0 order by cpr limit ${moves})
    insert into residences (person_id, valid_from, municipality, registered_at, source)
    select id, ${date}::date, (${codes}::text[])[1 + (i + 1) % ${codes.length}], '2025-05-01T00:00:00Z', 'cpr' from chosen`.execute(
    db,
  );
  await sql`
    update persons set acting_review_on = ${date}::date
    where id in (select person_id from residences where valid_from = ${date}::date)`.execute(db);
  await sql`analyze`.execute(db);
}
