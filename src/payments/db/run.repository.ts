/**
 * What the monthly run reads besides the lines: the cases and standing deductions it computes and plans.
 * The lines themselves are read, locked and written through the cases context (`cases/index.ts`), which
 * owns them (docs/decisions/0019).
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { storedDate, toOere, type MunicipalityCode, type Oere } from '../../kernel/index.ts';
import { periodDate, type BenefitType } from '../../cases/index.ts';
import type { Executor } from '../../platform/db/database.ts';

const optionalDate = (value: string | null) => (value === null ? null : storedDate(value));

/** A case as the run computes its months: what its amount depends on besides registrations and rates. */
export interface RunCase {
  readonly id: string;
  readonly personId: string;
  /** The person's CPR number: a rule reads the age from it. */
  readonly cpr: string;
  readonly benefit: BenefitType;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly monthly: Oere | null;
}

interface CaseRow {
  id: string;
  person_id: string;
  cpr: string;
  benefit: string;
  grant_from: string;
  grant_to: string | null;
  monthly: string | null;
}

const runCase = (r: CaseRow): RunCase => ({
  id: r.id,
  personId: r.person_id,
  cpr: r.cpr,
  benefit: r.benefit as BenefitType,
  from: storedDate(r.grant_from),
  to: optionalDate(r.grant_to),
  monthly: r.monthly === null ? null : toOere(r.monthly),
});

/**
 * A case's columns with its person's CPR number. The number is read by a subquery per case, always through
 * the primary key: a join lets the planner scan every person of the country once per municipality.
 */
const caseColumns = sql.raw(
  'c.id, c.person_id, (select p.cpr from persons p where p.id = c.person_id) as cpr, c.benefit, c.grant_from, c.grant_to, c.monthly',
);

/** The cases of the ids (lines whose case no longer covers the next month: ended, or an efterbetaling). */
export async function findCases(tx: Executor, ids: readonly string[]): Promise<RunCase[]> {
  if (ids.length === 0) return [];
  const rows = await sql<CaseRow>`
    select ${caseColumns} from cases c where c.id = any(${ids}::uuid[])`.execute(tx);
  return rows.rows.map(runCase);
}

/** A standing deduction of the municipality that covers the month. */
export interface DeductionToPlan {
  readonly id: string;
  readonly personId: string;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
  readonly monthly: Oere;
}

/** The month's bounds as stored dates: a case or deduction covers the month when it overlaps them. */
function bounds(month: Temporal.PlainYearMonth) {
  return { first: periodDate(month), last: month.toPlainDate({ day: month.daysInMonth }).toString() };
}

/** The persons with a granted case or a standing deduction of the municipality that covers the month. */
export async function personsToPlan(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
): Promise<string[]> {
  const { first, last } = bounds(month);
  const rows = await sql<{ person_id: string }>`
    select c.person_id from cases c
    where c.municipality = ${municipality} and c.status = 'bevilget'
      and c.grant_from <= ${last}::date and (c.grant_to is null or c.grant_to >= ${first}::date)
    union
    select d.person_id from deductions d
    where d.municipality = ${municipality} and d.ended_reason is null
      and d.valid_from <= ${last}::date and (d.valid_to is null or d.valid_to >= ${first}::date)`.execute(tx);
  return rows.rows.map((r) => r.person_id);
}

/**
 * What the month's planning needs for the persons: their granted cases and standing deductions of the
 * municipality that cover it.
 */
export async function findToPlan(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  persons: readonly string[],
): Promise<{ cases: RunCase[]; deductions: DeductionToPlan[] }> {
  const { first, last } = bounds(month);
  const cases = await sql<CaseRow>`
    select ${caseColumns} from cases c
    where c.person_id = any(${persons}::uuid[]) and c.municipality = ${municipality} and c.status = 'bevilget'
      and c.grant_from <= ${last}::date and (c.grant_to is null or c.grant_to >= ${first}::date)`.execute(tx);
  const deductions = await sql<{
    id: string;
    person_id: string;
    valid_from: string;
    valid_to: string | null;
    monthly: string;
  }>`
    select d.id, d.person_id, d.valid_from, d.valid_to, d.monthly from deductions d
    where d.person_id = any(${persons}::uuid[]) and d.municipality = ${municipality} and d.ended_reason is null
      and d.valid_from <= ${last}::date and (d.valid_to is null or d.valid_to >= ${first}::date)`.execute(tx);
  return {
    cases: cases.rows.map(runCase),
    deductions: deductions.rows.map((r) => ({
      id: r.id,
      personId: r.person_id,
      from: storedDate(r.valid_from),
      to: optionalDate(r.valid_to),
      monthly: toOere(r.monthly),
    })),
  };
}
