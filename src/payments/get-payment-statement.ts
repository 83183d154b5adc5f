/** Reads a citizen's payment statement for a month and renders it (access-logged). */
import {
  fail,
  formatCpr,
  inField,
  ok,
  parseCpr,
  parseYearMonth,
  toOere,
  type MunicipalityCode,
  type Result,
} from '../kernel/index.ts';
import { findPersonByCpr } from '../persons/index.ts';
import { periodDate } from '../cases/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { renderStatement, type StatementContent } from './render-statement.ts';

interface FrozenData {
  readonly lines: readonly { benefit: string; gross: number | string; net: number | string | null }[];
  readonly deductions: readonly { kind: string; amount: number | string }[];
  readonly gross: number | string;
  readonly net: number | string | null;
}

/** The statements of the month (one per paying municipality, normally one), rendered as PDFs. */
export function getPaymentStatements(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  periodInput: string,
  options: { compress?: boolean } = {},
): Promise<Result<{ municipality: MunicipalityCode; pdf: Buffer; content: StatementContent }[]>> {
  return runUseCase(deps, actor, channel, async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const month = inField(parseYearMonth(periodInput), 'period');
    if (!month.ok) return month;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined)
      return fail('ikke-fundet', `Borgeren ${formatCpr(cpr.value.cpr)} findes ikke`, 'cpr');
    context.logAccess({ personId: person.id, purpose: 'udbetalingsspecifikation' });
    const rows = await context.tx
      .selectFrom('payment_statements')
      .select(['municipality', 'payout_date', 'data'])
      .where('person_id', '=', person.id)
      .where('period', '=', periodDate(month.value))
      .orderBy('municipality')
      .execute();
    if (rows.length === 0) {
      return fail(
        'ikke-fundet',
        `Der er ingen udbetalingsspecifikation for ${month.value.toString()}`,
        'period',
      );
    }
    const statements = [];
    for (const row of rows) {
      const data = row.data as unknown as FrozenData;
      const content: StatementContent = {
        name: person.name,
        cpr: person.cpr,
        municipality: row.municipality as MunicipalityCode,
        period: month.value.toString(),
        payoutDate: row.payout_date,
        lines: data.lines.map((l) => ({
          benefit: l.benefit,
          gross: toOere(l.gross),
          net: toOere(l.net ?? l.gross),
        })),
        deductions: data.deductions.map((d) => ({ kind: d.kind, amount: toOere(d.amount) })),
        gross: toOere(data.gross),
        net: toOere(data.net ?? data.gross),
      };
      statements.push({
        municipality: content.municipality,
        content,
        pdf: await renderStatement(content, options),
      });
    }
    return ok(statements);
  });
}
