/**
 * A rate may be a percentage (`pct`): the withholding of A-tax without a tax card, 55 pct. of the gross
 * (KSL § 48, stk. 8; docs/decisions/0020-atp-and-tax-without-card.md). Its amount column holds hundredths of
 * a percent, as the file's two decimals give them.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rates drop constraint rates_unit_check`.execute(db);
  await sql`alter table rates add constraint rates_unit_check check (unit in ('md', 'haendelse', 'time', 'pct'))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table rates drop constraint rates_unit_check`.execute(db);
  await sql`alter table rates add constraint rates_unit_check check (unit in ('md', 'haendelse', 'time'))`.execute(
    db,
  );
}
