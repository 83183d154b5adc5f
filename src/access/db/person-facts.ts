/**
 * The facts the read policy decides on (domain/policy.ts, `mayReadPerson`): which municipalities are
 * related to a person on a day, and how. One round trip by the indexes on person_id.
 */
import { sql } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import type { Executor } from '../../platform/db/database.ts';
import type { PersonAccessFacts, PersonRelation } from '../domain/policy.ts';

export async function loadPersonAccessFacts(
  tx: Executor,
  personId: string,
  today: Temporal.PlainDate,
): Promise<PersonAccessFacts> {
  const result = await sql<{ municipality: string; relation: PersonRelation }>`
    select municipality, 'handlekommune' as relation from acting_periods
      where person_id = ${personId} and to_at is null and municipality is not null
    union all
    select municipality, 'bopaelskommune' from (
      select municipality from residences
        where person_id = ${personId} and valid_from <= ${today.toString()}::date
        order by valid_from desc, registered_at desc limit 1) current_residence
      where municipality is not null
    union all
    select distinct municipality, 'egen-opgave' from tasks where person_id = ${personId}
    union all
    select distinct municipality, 'egen-sag' from cases where person_id = ${personId}`.execute(tx);
  return { relations: result.rows };
}
