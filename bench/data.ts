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

/** The month the national benchmark runs: a month of the old HTF rules with sourced rates for every category. */
export const NATION_MONTH = '2024-05-01';

/**
 * A nation of `persons` citizens on benefits, as the monthly run meets them: spread over the 98
 * municipalities by a Zipf-like weight of their size (`planMunicipalities`: København about a tenth, the
 * smallest a few hundred at 1.5 M), with valid CPR numbers (born 1960-2003, so every HTF age band occurs),
 * each with a granted case computed by its rule from registrations and the sourced rates: six in seven
 * kontanthjælp (civil status; a child for a third, a second for a ninth; living at home for half of those
 * under 25), one in seven personligt tillæg with its decided amount. A tax card for 19 in 20, a standing
 * deduction for a fifth, planned May 2024 lines, and a task history for a tenth. No income from work: the
 * hourly disregard has no sourced rate for 2024 (data/satser/README.md), so such months would be deferred.
 * ATP for the kontanthjælp months and the withholding for the twentieth without a tax card have no sourced
 * rows for 2024 either: the run loads the demo's example rows for them (`loadNationRates`).
 */
export async function seedNation(
  db: Db,
  persons: number,
  counts: readonly number[],
  codes: readonly string[],
) {
  const ends: number[] = [];
  counts.reduce((sum, count) => {
    ends.push(sum + count);
    return sum + count;
  }, 0);
  await sql`
    with born as (select i, '1960-01-01'::date + (i * 7 % 16000) as birth from generate_series(1, ${persons}) i)
    insert into persons (cpr, name, civil_status, cpr_subscription, health_card, created_at)
    select to_char(birth, 'DDMMYY') || case when birth >= '2000-01-01' then '4' else '0' end
        || lpad(((i / 16000) % 1000)::text, 3, '0'),
      'Borger ' || i, case when i % 4 = 0 then 'gift' else 'ugift' end, true, i % 10 = 0, '2024-01-01T00:00:00Z'
    from born order by i`.execute(db);
  // Each municipality takes a run of the citizens' numbers (the number is in the name).
  await sql`
    with numbered as (select id, substr(name, 8)::int as i from persons),
         ranges as (select code, coalesce(lag(e) over (order by e), 0) as lo, e as hi
                    from unnest(${codes}::text[], ${ends}::int[]) as r(code, e))
    insert into residences (person_id, valid_from, municipality, registered_at, effectuated_at)
    select n.id, '2010-01-01', r.code, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z'
    from numbered n join ranges r on n.i > r.lo and n.i <= r.hi`.execute(db);
  await sql`
    insert into acting_periods (person_id, municipality, from_at, reason)
    select person_id, municipality, '2024-01-01T00:00:00Z', 'bopael' from residences`.execute(db);
  await sql`
    insert into cases (person_id, benefit, municipality, status, grant_from, created_at)
    select r.person_id, case when substr(p.name, 8)::int % 7 = 0 then 'personligt-tillaeg' else 'kontanthjaelp' end,
      r.municipality, 'bevilget', '2024-01-01', '2024-01-01T00:00:00Z'
    from residences r join persons p on p.id = r.person_id`.execute(db);
  const registration = (select: string) => sql`
    insert into registrations (person_id, case_id, kind, valid_from, value, recorded_at, recorded_by)
    select person_id, case_id, kind, valid_from, value, '2024-01-01T00:00:00Z', 'bench@101'
    from (${sql.raw(select)}) v`;
  const people = `select c.person_id, c.id as case_id, c.benefit,
      substr(p.name, 8)::int as i, make_date(
        (case when substr(p.cpr, 7, 1) = '4' then 2000 else 1900 end) + substr(p.cpr, 5, 2)::int,
        substr(p.cpr, 3, 2)::int, substr(p.cpr, 1, 2)::int) as birth
    from cases c join persons p on p.id = c.person_id`;
  await registration(`select person_id, null::uuid as case_id, 'civilstand' as kind, '2000-01-01'::date as valid_from,
      jsonb_build_object('kind', 'civilstand', 'status', case when i % 4 = 0 then 'gift' else 'enlig' end, 'spouseOnBenefit', false) as value
    from (${people}) x`).execute(db);
  await registration(`select person_id, null::uuid as case_id, 'barn' as kind, child as valid_from, jsonb_build_object('kind', 'barn', 'birthDate', child::text) as value
    from (select person_id, i, '2010-01-01'::date + (i * 13 % 4000) as child from (${people}) x where i % 3 = 0 and benefit = 'kontanthjaelp'
          union all
          select person_id, i, '2012-06-01'::date + (i * 17 % 3000) from (${people}) x where i % 9 = 0 and benefit = 'kontanthjaelp') k`).execute(
    db,
  );
  await registration(`select person_id, null::uuid as case_id, 'hjemmeboende' as kind, '2010-01-01'::date as valid_from, jsonb_build_object('kind', 'hjemmeboende') as value
    from (${people}) x where birth > '1999-06-01' and i % 2 = 0 and i % 3 <> 0`).execute(db);
  await registration(`select person_id, null::uuid as case_id, 'skattekort' as kind, '2024-01-01'::date as valid_from,
      jsonb_build_object('kind', 'skattekort', 'rateBasisPoints', 3600 + i % 600, 'monthlyAllowance', 400000 + (i % 100) * 1000) as value
    from (${people}) x where i % 20 <> 0`).execute(db);
  await registration(`select person_id, case_id, 'bevilget-beloeb' as kind, '2024-01-01'::date as valid_from,
      jsonb_build_object('kind', 'bevilget-beloeb', 'monthly', 150000 + (i % 50) * 1000, 'reason', 'Dokumenterede udgifter til medicin og tandpleje') as value
    from (${people}) x where benefit = 'personligt-tillaeg'`).execute(db);
  await sql`
    insert into deductions (person_id, kind, municipality, monthly, valid_from, created_at)
    select r.person_id, 'tilbagebetaling', r.municipality, 31000, '2024-01-01', '2024-01-01T00:00:00Z'
    from residences r join persons p on p.id = r.person_id where substr(p.name, 8)::int % 5 = 0`.execute(db);
  // The planned amount is the forecast the planning stored; the run computes the month again from the rule.
  await sql`
    insert into payment_lines (case_id, person_id, municipality, period, run_month, status, gross)
    select id, person_id, municipality, ${NATION_MONTH}::date, ${NATION_MONTH}::date, 'planlagt', 1100000 from cases`.execute(
    db,
  );
  await sql`
    insert into deduction_lines (deduction_id, person_id, municipality, period, status, amount, requested)
    select id, person_id, municipality, ${NATION_MONTH}::date, 'planlagt', monthly, monthly from deductions`.execute(
    db,
  );
  await sql`
    insert into tasks (type, person_id, municipality, status, data, steps, queries, created_at, updated_at, closed_at, close_reason)
    select 'registrer-fraflytning', r.person_id, r.municipality, 'afsluttet',
      jsonb_build_object('to', r.municipality, 'moveDate', '2010-01-01', 'dutyStays', false), '[]'::jsonb,
      '[]'::jsonb, '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z', 'gennemført automatisk'
    from residences r join persons p on p.id = r.person_id where substr(p.name, 8)::int % 10 = 0`.execute(db);
  await sql`vacuum analyze`.execute(db);
}
