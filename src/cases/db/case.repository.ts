/** Cases, deductions and their monthly lines in PostgreSQL. Amounts are øre; bigint arrives as a string. */
import { Temporal } from 'temporal-polyfill';
import { sql } from 'kysely';
import { localDate, toOere, type MunicipalityCode, type Oere } from '../../kernel/index.ts';
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/database.ts';
import type { StatementPart } from '../../platform/db/statement-parts.ts';
import type { PaymentLinesTable } from '../../platform/db/schema.ts';
import type { CaseData, CaseStatus, DeductionData, DeductionKind, BenefitType } from '../domain/case.ts';
import type { CaseMonth } from '../line-amounts.ts';

export interface CaseRecord extends CaseData {
  readonly id: string;
  readonly personId: string;
  readonly closedReason: string | null;
}

export interface DeductionRecord extends DeductionData {
  readonly id: string;
  readonly personId: string;
}

export type LineStatus = 'planlagt' | 'beregnet' | 'udbetalt' | 'stoppet' | 'sendt' | 'gennemfoert';

export interface LineRecord {
  readonly id: string;
  readonly kind: 'udbetaling' | 'traek';
  /** The case of a payment line, the deduction of a deduction line. */
  readonly ownerId: string;
  readonly personId: string;
  readonly municipality: MunicipalityCode;
  readonly period: Temporal.PlainYearMonth;
  /** The month whose run pays the line: `period`, or later for an efterbetaling. */
  readonly runMonth: Temporal.PlainYearMonth;
  readonly status: LineStatus;
  /** Gross of a payment line; what a deduction line withheld (while planned: what it requests). */
  readonly amount: Oere;
  readonly net: Oere | null;
  /** What a deduction line requested of the month; null for payment lines. */
  readonly requested: Oere | null;
  /** A computed payment line's share of each part of the month's composition; null otherwise. */
  readonly parts: {
    readonly sanctions: Oere;
    readonly atp: Oere;
    readonly tax: Oere;
    readonly withheld: Oere;
    readonly apo: Oere;
  } | null;
  /** How a computed payment line's amount came about (rule and composition); null otherwise. */
  readonly explanation: Record<string, unknown> | null;
}

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);
const optionalDate = (value: string | null) => (value === null ? null : date(value));
export const periodDate = (month: Temporal.PlainYearMonth): string =>
  month.toPlainDate({ day: 1 }).toString();
const periodOf = (value: string): Temporal.PlainYearMonth => date(value).toPlainYearMonth();

/** Inserts a case; returns its id. */
export async function insertCase(
  tx: Executor,
  personId: string,
  data: CaseData,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('cases')
    .values({
      person_id: personId,
      benefit: data.benefit,
      municipality: data.municipality,
      status: data.status,
      category: data.category,
      grant_from: data.from.toString(),
      grant_to: data.to?.toString() ?? null,
      monthly: data.monthly,
      created_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Inserts a standing deduction; returns its id. */
export async function insertDeduction(
  tx: Executor,
  personId: string,
  data: DeductionData,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('deductions')
    .values({
      person_id: personId,
      kind: data.kind,
      municipality: data.municipality,
      monthly: data.monthly,
      valid_from: data.from.toString(),
      valid_to: data.to?.toString() ?? null,
      created_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The person's cases, oldest first. */
export async function listPersonCases(tx: Executor, personId: string): Promise<CaseRecord[]> {
  const rows = await tx
    .selectFrom('cases')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    benefit: row.benefit as BenefitType,
    municipality: row.municipality as MunicipalityCode,
    status: row.status as CaseStatus,
    category: row.category,
    from: date(row.grant_from),
    to: optionalDate(row.grant_to),
    monthly: row.monthly === null ? null : toOere(row.monthly),
    closedReason: row.closed_reason,
  }));
}

/** The person's deductions, oldest first. */
export async function listPersonDeductions(tx: Executor, personId: string): Promise<DeductionRecord[]> {
  const rows = await tx
    .selectFrom('deductions')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    personId: row.person_id,
    kind: row.kind as DeductionKind,
    municipality: row.municipality as MunicipalityCode,
    monthly: toOere(row.monthly),
    from: date(row.valid_from),
    to: optionalDate(row.valid_to),
  }));
}

type PaymentLineRow = Selectable<PaymentLinesTable>;

function paymentLineRecord(row: PaymentLineRow): LineRecord {
  return {
    id: row.id,
    kind: 'udbetaling',
    ownerId: row.case_id,
    personId: row.person_id,
    municipality: row.municipality as MunicipalityCode,
    period: periodOf(row.period),
    runMonth: periodOf(row.run_month),
    status: row.status as LineStatus,
    amount: toOere(row.gross),
    net: row.net === null ? null : toOere(row.net),
    requested: null,
    parts:
      row.net === null
        ? null
        : {
            sanctions: toOere(row.sanctions),
            atp: toOere(row.atp),
            tax: toOere(row.tax),
            withheld: toOere(row.withheld),
            apo: toOere(row.apo),
          },
    explanation: row.explanation,
  };
}

/** The case's payment lines, by period and then the run that pays them. */
export async function listCaseLines(tx: Executor, caseId: string): Promise<LineRecord[]> {
  const rows = await tx
    .selectFrom('payment_lines')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('period')
    .orderBy('run_month')
    .orderBy('id')
    .execute();
  return rows.map(paymentLineRecord);
}

/** The person's payment and deduction lines, by period. */
export async function listPersonLines(tx: Executor, personId: string): Promise<LineRecord[]> {
  const [payments, deductions] = await Promise.all([
    tx
      .selectFrom('payment_lines')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('period')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('deduction_lines')
      .selectAll()
      .where('person_id', '=', personId)
      .orderBy('period')
      .orderBy('id')
      .execute(),
  ]);
  return [
    ...payments.map(paymentLineRecord),
    ...deductions.map((row) => ({
      id: row.id,
      kind: 'traek' as const,
      ownerId: row.deduction_id,
      personId: row.person_id,
      municipality: row.municipality as MunicipalityCode,
      period: periodOf(row.period),
      runMonth: periodOf(row.period),
      status: row.status as LineStatus,
      amount: toOere(row.amount),
      net: null,
      requested: toOere(row.requested),
      parts: null,
      explanation: null,
    })),
  ];
}

/**
 * The cases' part of the 04:00 run's one write (docs/decisions/0019): the cases the transfer closes, each
 * with the grant end the run decided, and the deductions it ends, each with the end it decided; stored as
 * they are. A closed case's grants end with it (docs/decisions/0014): a grant running past the end is
 * superseded by one ending on it, one starting after it is superseded without a successor.
 */
export const casesDailyRunPart: StatementPart<{
  readonly now: Temporal.Instant;
  readonly actor: string;
  readonly closeCases: readonly { readonly id: string; readonly grantTo: Temporal.PlainDate | null }[];
  readonly endDeductions: readonly { readonly id: string; readonly to: Temporal.PlainDate | null }[];
  readonly closeReason: string;
}> = {
  name: 'cases',
  expressions: (w) => {
    const now = w.now.toString();
    const closeIds = w.closeCases.map((c) => c.id);
    const closeTo = w.closeCases.map((c) => c.grantTo?.toString() ?? null);
    return sql`
      closed as (
        update cases c set status = 'afsluttet', closed_reason = ${w.closeReason}::text, version = version + 1,
          grant_to = v.grant_to
        from unnest(${closeIds}::uuid[], ${closeTo}::date[]) as v(id, grant_to)
        where c.id = v.id returning 1),
      superseded_grants as (
        update grants g set superseded_at = ${now}::timestamptz, superseded_by = ${w.actor}::text
        from unnest(${closeIds}::uuid[], ${closeTo}::date[]) as v(id, grant_to)
        where g.case_id = v.id and g.superseded_at is null and v.grant_to is not null
          and (g.valid_to is null or g.valid_to > v.grant_to)
        returning g.id, g.case_id, g.person_id, g.family, g.valid_from, v.grant_to),
      ended_grants as (
        insert into grants (case_id, person_id, family, valid_from, valid_to, decided_on, decided_by, reason,
          replaces, recorded_at)
        select g.case_id, g.person_id, g.family, g.valid_from, g.grant_to,
          ${localDate(w.now).toString()}::date, ${w.actor}::text, ${w.closeReason}::text, g.id, ${now}::timestamptz
        from superseded_grants g where g.valid_from <= g.grant_to returning 1),
      ended as (
        update deductions x set ended_reason = ${w.closeReason}::text, valid_to = v.valid_to
        from unnest(${w.endDeductions.map((x) => x.id)}::uuid[], ${w.endDeductions.map((x) => x.to?.toString() ?? null)}::date[])
          as v(id, valid_to)
        where x.id = v.id returning 1)`;
  },
};

/**
 * The granted HTF cases (bevilget, or afsluttet with their grant) of those of the persons who have a case of
 * særlig støtte: what the benefit cap on særlig støtte counts (docs/decisions/0021-benefit-cap.md).
 */
export async function listCappingHelpCases(
  tx: Executor,
  personIds: readonly string[],
): Promise<Map<string, CaseMonth[]>> {
  const byPerson = new Map<string, CaseMonth[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await sql<{
    id: string;
    person_id: string;
    cpr: string;
    benefit: string;
    grant_from: string;
    grant_to: string | null;
    monthly: string | null;
  }>`
    select c.id, c.person_id, (select p.cpr from persons p where p.id = c.person_id) as cpr, c.benefit,
           c.grant_from, c.grant_to, c.monthly
    from cases c
    where c.person_id = any(${[...personIds]}::uuid[])
      and c.benefit in ('kontanthjaelp', 'uddannelseshjaelp', 'hjemrejseydelse')
      and c.status in ('bevilget', 'afsluttet')
      and exists (select 1 from cases s where s.person_id = c.person_id and s.benefit = 'saerlig-stoette')
    order by c.person_id, c.grant_from, c.id`.execute(tx);
  for (const row of rows.rows) {
    const found: CaseMonth = {
      caseId: row.id,
      personId: row.person_id,
      cpr: row.cpr,
      benefit: row.benefit as BenefitType,
      from: date(row.grant_from),
      to: optionalDate(row.grant_to),
      monthly: row.monthly === null ? null : toOere(row.monthly),
    };
    const list = byPerson.get(row.person_id);
    if (list === undefined) byPerson.set(row.person_id, [found]);
    else list.push(found);
  }
  return byPerson;
}

/** The persons' granted administration (APØ) cases, with their grants. */
export async function listGrantedAdministrations(
  tx: Executor,
  personIds: readonly string[],
): Promise<Map<string, { caseId: string; from: Temporal.PlainDate; to: Temporal.PlainDate | null }[]>> {
  const byPerson = new Map<
    string,
    { caseId: string; from: Temporal.PlainDate; to: Temporal.PlainDate | null }[]
  >();
  if (personIds.length === 0) return byPerson;
  const rows = await tx
    .selectFrom('cases')
    .select(['id', 'person_id', 'grant_from', 'grant_to'])
    .where(sql<boolean>`person_id = any(${[...personIds]}::uuid[])`)
    .where('benefit', '=', 'administration')
    .where('status', '=', 'bevilget')
    .orderBy('person_id')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const found = { caseId: row.id, from: date(row.grant_from), to: optionalDate(row.grant_to) };
    const list = byPerson.get(row.person_id);
    if (list === undefined) byPerson.set(row.person_id, [found]);
    else list.push(found);
  }
  return byPerson;
}
