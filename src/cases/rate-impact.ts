/**
 * The release impact preview (issue: "the release impact preview KY lacked"): before a rate file is
 * imported, every case whose coming payment would change, and by how much. Each planned line of a case the
 * rules compute is computed with the rates as they stand and as they would stand after the import.
 */
import { Temporal } from 'temporal-polyfill';
import {
  rateTable,
  type AffectedCase,
  type AffectedCasesFinder,
  type ImportPlan,
  type Rate,
} from '../rates/index.ts';
import { listRates } from '../rates/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { listStandingRegistrations } from './db/registration.repository.ts';
import type { BenefitType } from './domain/case.ts';
import { monthInputs, type CaseMonth } from './line-amounts.ts';

const sameRow = (a: Rate, b: Rate): boolean =>
  a.key === b.key && a.from.equals(b.from) && a.to.equals(b.to) && a.amount === b.amount && a.unit === b.unit;

/** The standing rows as they would stand after the plan: superseded rows out, added rows and remainders in. */
export function ratesAfter(standing: readonly Rate[], plan: ImportPlan): Rate[] {
  const superseded = plan.superseded.map((row) => row.rate);
  return [
    ...standing.filter((rate) => !superseded.some((gone) => sameRow(gone, rate))),
    ...plan.added.map((added) => added.row.rate),
    ...plan.remainders,
  ];
}

async function plannedComputedLines(
  tx: Executor,
): Promise<(CaseMonth & { month: Temporal.PlainYearMonth })[]> {
  const rows = await tx
    .selectFrom('payment_lines as l')
    .innerJoin('cases as c', 'c.id', 'l.case_id')
    .innerJoin('persons as p', 'p.id', 'l.person_id')
    .select(['l.period', 'c.id', 'c.person_id', 'p.cpr', 'c.benefit', 'c.grant_from', 'c.grant_to'])
    .where('l.status', '=', 'planlagt')
    .where('c.monthly', 'is', null)
    .orderBy('l.period')
    .orderBy('l.id')
    .execute();
  return rows.map((row) => ({
    caseId: row.id,
    personId: row.person_id,
    cpr: row.cpr,
    benefit: row.benefit as BenefitType,
    from: Temporal.PlainDate.from(row.grant_from),
    to: row.grant_to === null ? null : Temporal.PlainDate.from(row.grant_to),
    monthly: null,
    month: Temporal.PlainDate.from(row.period).toPlainYearMonth(),
  }));
}

/** Every planned line whose amount the plan would change (a month that cannot be computed counts as 0). */
export const findAffectedCases: AffectedCasesFinder = async (tx, plan) => {
  const [standing, lines] = await Promise.all([listRates(tx, {}), plannedComputedLines(tx)]);
  const registrations = await listStandingRegistrations(tx, [...new Set(lines.map((l) => l.personId))]);
  const before = monthInputs(rateTable(standing), registrations).amount;
  const after = monthInputs(rateTable(ratesAfter(standing, plan)), registrations).amount;
  const gross = (result: ReturnType<typeof before>) => (result?.ok === true ? result.value.gross : 0);
  const affected: AffectedCase[] = [];
  for (const line of lines) {
    const old = gross(before(line, line.month));
    const changed = gross(after(line, line.month));
    if (old !== changed) {
      affected.push({ caseId: line.caseId, cpr: line.cpr, month: line.month, before: old, after: changed });
    }
  }
  return affected;
};
