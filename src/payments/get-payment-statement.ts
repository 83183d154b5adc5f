/**
 * A citizen's payment statement (udbetalingsspecifikation) for a month, rendered from the month's computed
 * lines: once computed by the run, a line's amounts never change, so the statement is the same whenever it
 * is fetched. One statement per paying municipality (normally one). The read is access-logged.
 */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  inField,
  lastBankDay,
  ok,
  parseCpr,
  parseYearMonth,
  toOere,
  type MunicipalityCode,
  type Result,
  personNotFound,
} from '../kernel/index.ts';
import { explanationTextLines, readLineExplanation } from '../benefits/index.ts';
import { periodDate } from '../cases/index.ts';
import { findPersonByCpr } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { renderStatement, type StatementContent } from './render-statement.ts';

/** The statements of the month, rendered as PDFs. */
export function getPaymentStatements(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  cprInput: string,
  periodInput: string,
  options: { compress?: boolean } = {},
): Promise<Result<{ municipality: MunicipalityCode; pdf: Buffer; content: StatementContent }[]>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    const cpr = inField(parseCpr(cprInput), 'cpr');
    if (!cpr.ok) return cpr;
    const month = inField(parseYearMonth(periodInput), 'period');
    if (!month.ok) return month;
    const person = await findPersonByCpr(context.tx, cpr.value.cpr);
    if (person === undefined || !(await context.mayRead(person.id, 'udbetalingsspecifikation')))
      return personNotFound();
    const period = periodDate(month.value);
    const [lines, deductions] = await Promise.all([
      context.tx
        .selectFrom('payment_lines as pl')
        .innerJoin('cases as c', 'c.id', 'pl.case_id')
        .select([
          'pl.municipality',
          'pl.period',
          'c.benefit',
          'pl.gross',
          'pl.net',
          'pl.sanctions',
          'pl.atp',
          'pl.tax',
          'pl.apo',
          'pl.explanation',
        ])
        .where('pl.person_id', '=', person.id)
        // The lines the month's run paid: the month's own and any late months (efterbetaling).
        .where('pl.run_month', '=', period)
        .where('pl.status', 'in', ['beregnet', 'udbetalt'])
        .orderBy('pl.id')
        .execute(),
      context.tx
        .selectFrom('deduction_lines as dl')
        .innerJoin('deductions as d', 'd.id', 'dl.deduction_id')
        .select(['dl.municipality', 'd.kind', 'dl.amount', 'dl.requested'])
        .where('dl.person_id', '=', person.id)
        .where('dl.period', '=', period)
        .where('dl.status', 'in', ['sendt', 'gennemfoert'])
        .orderBy('dl.id')
        .execute(),
    ]);
    const municipalities = [...new Set(lines.map((line) => line.municipality))].sort();
    if (municipalities.length === 0) {
      return fail(
        'ikke-fundet',
        `Der er ingen udbetalingsspecifikation for ${month.value.toString()}`,
        'period',
      );
    }
    // At the citizen's disposal on the last bank day of the month (domain §4).
    const payoutDate: Temporal.PlainDate = lastBankDay(month.value.year, month.value.month);
    const statements = [];
    for (const municipality of municipalities) {
      const own = lines
        .filter((line) => line.municipality === municipality)
        .map((line) => ({ ...line, explained: readLineExplanation(line.explanation) }));
      const content: StatementContent = {
        name: person.name,
        cpr: person.cpr,
        municipality: municipality as MunicipalityCode,
        period: month.value.toString(),
        payoutDate: payoutDate.toString(),
        lines: own.map((l) => ({
          benefit: l.benefit,
          period: l.period.slice(0, 7),
          parts: l.explained.parts.map((part) => ({ label: part.label, amount: part.amount })),
          explanation: explanationTextLines(l.explained),
          gross: toOere(l.gross),
          net: toOere(l.net ?? l.gross),
        })),
        deductions: deductions
          .filter((d) => d.municipality === municipality)
          .map((d) => ({ kind: d.kind, amount: toOere(d.amount), requested: toOere(d.requested) })),
        gross: own.reduce((sum, l) => sum + toOere(l.gross), 0),
        sanctions: own.reduce((sum, l) => sum + toOere(l.sanctions), 0),
        atp: own.reduce((sum, l) => sum + toOere(l.atp), 0),
        tax: own.reduce((sum, l) => sum + toOere(l.tax), 0),
        apo: own.reduce((sum, l) => sum + toOere(l.apo), 0),
        taxCardMissing: own.some((l) => l.explained.taxCardMissing),
        withheldWithoutCard: own.some((l) => l.explained.withheldWithoutCard),
        usesExampleRate: own.some((l) => l.explained.usesExampleRate),
        net: own.reduce((sum, l) => sum + toOere(l.net ?? l.gross), 0),
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
