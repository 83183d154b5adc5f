/** The rates table and the installation settings: rows to domain rates and back. */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { toOere } from '../../kernel/index.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import type { StoredRate } from '../domain/plan-import.ts';
import type { Rate, RateSourceKind, RateUnit } from '../domain/rate.ts';

interface RateRecord {
  id: string;
  key: string;
  description: string;
  valid_from: string;
  valid_to: string;
  amount: string;
  unit: string;
  reference: string;
  source: string;
  source_kind: string;
}

const toStored = (row: RateRecord): StoredRate => ({
  id: row.id,
  rate: {
    key: row.key,
    description: row.description,
    from: Temporal.PlainDate.from(row.valid_from),
    to: Temporal.PlainDate.from(row.valid_to),
    amount: toOere(row.amount),
    // The table's check constraints hold these to the domain's lists.
    unit: row.unit as RateUnit,
    reference: row.reference,
    source: row.source,
    sourceKind: row.source_kind as RateSourceKind,
  },
});

/** Serializes imports: a second import waits until the first has committed, so two cannot overlap. */
export async function lockRates(tx: Tx): Promise<void> {
  await sql`lock table rates in share row exclusive mode`.execute(tx);
}

/** The standing rows (not superseded), by key and start date; optionally of one key and covering a date. */
export async function standingRates(
  db: Executor,
  filter: { readonly key?: string; readonly on?: Temporal.PlainDate } = {},
): Promise<StoredRate[]> {
  let query = db
    .selectFrom('rates')
    .select([
      'id',
      'key',
      'description',
      sql<string>`valid_from::text`.as('valid_from'),
      sql<string>`valid_to::text`.as('valid_to'),
      'amount',
      'unit',
      'reference',
      'source',
      'source_kind',
    ])
    .where('superseded_at', 'is', null);
  if (filter.key !== undefined) query = query.where('key', '=', filter.key);
  if (filter.on !== undefined) {
    const on = filter.on.toString();
    query = query.where('valid_from', '<=', on).where('valid_to', '>=', on);
  }
  const rows = await query.orderBy('key').orderBy('valid_from').execute();
  return rows.map(toStored);
}

/** Stores new standing rows with who imported them from which file, when. */
export async function insertRates(
  tx: Tx,
  rates: readonly Rate[],
  meta: { readonly at: Temporal.Instant; readonly by: string; readonly sha256: string },
): Promise<void> {
  for (let i = 0; i < rates.length; i += 1000) {
    await tx
      .insertInto('rates')
      .values(
        rates.slice(i, i + 1000).map((rate) => ({
          key: rate.key,
          description: rate.description,
          valid_from: rate.from.toString(),
          valid_to: rate.to.toString(),
          amount: rate.amount,
          unit: rate.unit,
          reference: rate.reference,
          source: rate.source,
          source_kind: rate.sourceKind,
          imported_at: meta.at.toString(),
          imported_by: meta.by,
          file_sha256: meta.sha256,
        })),
      )
      .execute();
  }
}

/** Marks standing rows as superseded; they stay in the table as history. */
export async function supersedeRates(tx: Tx, ids: readonly string[], at: Temporal.Instant): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .updateTable('rates')
    .set({ superseded_at: at.toString() })
    .where('id', 'in', ids)
    .where('superseded_at', 'is', null)
    .execute();
}

/** Whether this installation is the demo (set only by the demo seeding). */
export async function isDemoInstallation(db: Executor): Promise<boolean> {
  const row = await db
    .selectFrom('installation_settings')
    .select(sql<boolean>`value = 'true'::jsonb`.as('demo'))
    .where('key', '=', 'demo')
    .executeTakeFirst();
  return row?.demo === true;
}

/** Marks this installation as the demo, the only one that may hold and use `eksempel` rates. */
export async function markDemoInstallation(tx: Executor): Promise<void> {
  await tx
    .insertInto('installation_settings')
    .values({ key: 'demo', value: 'true' })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: 'true' }))
    .execute();
}
