/**
 * The outbound files, written in the same transaction as the run step that produces them and keyed by what
 * they are, so a rerun writes nothing twice.
 */
import type { Temporal } from 'temporal-polyfill';
import { formatAmount, toOere, type MunicipalityCode } from '../../kernel/index.ts';
import { periodDate } from '../../cases/index.ts';
import type { Executor } from '../../platform/db/database.ts';

export type OutboundKind = 'udk-traekanmodninger' | 'nemkonto-udbetalinger';

/** Stores a file unless one with the key exists. */
async function storeFile(
  tx: Executor,
  file: {
    key: string;
    kind: OutboundKind;
    municipality: MunicipalityCode;
    month: Temporal.PlainYearMonth;
    fileName: string;
    lines: readonly string[];
    records: number;
  },
): Promise<void> {
  await tx
    .insertInto('outbound_files')
    .values({
      key: file.key,
      kind: file.kind,
      municipality: file.municipality,
      period: periodDate(file.month),
      file_name: file.fileName,
      media_type: 'text/csv; charset=utf-8',
      content: Buffer.from(`${file.lines.join('\n')}\n`, 'utf8'),
      records: file.records,
    })
    .onConflict((c) => c.column('key').doNothing())
    .execute();
}

/**
 * The deduction requests to Udbetaling Danmark (UDK) sent by the month's run for the municipality: each
 * with what was requested, what was withheld, and the uncovered rest (domain §4: reported, not carried
 * forward; the creditor asks again).
 */
export async function writeDeductionRequestFile(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
): Promise<number> {
  const rows = await tx
    .selectFrom('deduction_lines as dl')
    .innerJoin('deductions as d', 'd.id', 'dl.deduction_id')
    .innerJoin('persons as p', 'p.id', 'dl.person_id')
    .select(['p.cpr', 'd.kind', 'dl.requested', 'dl.amount', 'dl.id'])
    .where('dl.period', '=', periodDate(month))
    .where('dl.municipality', '=', municipality)
    .where('dl.status', '=', 'sendt')
    .orderBy('dl.id')
    .execute();
  if (rows.length === 0) return 0;
  const header = 'cpr;kommune;periode;traekart;anmodet;tilbageholdt;ikke_daekket;reference';
  const lines = rows.map((r) => {
    const requested = toOere(r.requested);
    const withheld = toOere(r.amount);
    return [
      r.cpr,
      municipality,
      month.toString(),
      r.kind,
      formatAmount(requested),
      formatAmount(withheld),
      formatAmount(requested - withheld),
      r.id,
    ].join(';');
  });
  await storeFile(tx, {
    key: `udk:${month.toString()}:${municipality}`,
    kind: 'udk-traekanmodninger',
    municipality,
    month,
    fileName: `udk-traekanmodninger-${municipality}-${month.toString()}.csv`,
    lines: [header, ...lines],
    records: rows.length,
  });
  return rows.length;
}

/** The payouts to NemKonto: one record per citizen, the net of their lines paid for the municipality. */
export async function writePayoutFile(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  payoutDate: Temporal.PlainDate,
  paidAt: Temporal.Instant,
): Promise<number> {
  const rows = await tx
    .selectFrom('payment_lines as pl')
    .innerJoin('persons as p', 'p.id', 'pl.person_id')
    .select((eb) => ['p.cpr', eb.fn.sum<string>('pl.net').as('net')])
    .where('pl.municipality', '=', municipality)
    .where('pl.status', '=', 'udbetalt')
    .where('pl.paid_at', '=', new Date(paidAt.epochMilliseconds))
    .groupBy('p.cpr')
    .orderBy('p.cpr')
    .execute();
  if (rows.length === 0) return 0;
  const header = 'cpr;kommune;periode;beloeb;dispositionsdato';
  const lines = rows.map((r) =>
    [r.cpr, municipality, month.toString(), formatAmount(toOere(r.net)), payoutDate.toString()].join(';'),
  );
  await storeFile(tx, {
    key: `nemkonto:${month.toString()}:${municipality}`,
    kind: 'nemkonto-udbetalinger',
    municipality,
    month,
    fileName: `nemkonto-udbetalinger-${municipality}-${month.toString()}.csv`,
    lines: [header, ...lines],
    records: rows.length,
  });
  return rows.length;
}
