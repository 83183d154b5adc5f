import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import * as m0006 from '../platform/db/migrations/0006-cpr-messages-in-any-order.ts';

describe('migration 0006: messages kept as overhalet count by the order-free rule', () => {
  it('adds their dates (or replaces a lower sequence number’s entry) and asks the 04:00 run to look', async () => {
    const { db } = await useTestDatabase();
    await m0006.down(db as never);
    const person = await sql<{ id: string }>`insert into persons
        (cpr, name, civil_status, cpr_subscription, health_card, created_at)
      values ('0101800001', 'Borger', 'ugift', true, false, '2025-12-01T08:00:00Z') returning id`.execute(db);
    const id = person.rows[0]?.id ?? '';
    await sql`insert into residences (person_id, valid_from, municipality, registered_at, effectuated_at, source) values
      (${id}::uuid, '2015-01-01', '101', '2025-12-01T08:00:00Z', '2025-12-01T08:00:00Z', 'cpr'),
      (${id}::uuid, '2025-12-10', '851', '2025-12-01T08:00:00Z', '2025-12-10T03:00:00Z', 'cpr')`.execute(db);
    await sql`insert into cpr_messages (sequence, cpr, content, received_at, status) values
      (3, '0101800001', '{"cpr":"0101800001","date":"2025-12-10","municipality":"851"}', '2025-12-01T08:00:00Z', 'behandlet'),
      (2, '0101800001', '{"cpr":"0101800001","date":"2025-12-28","municipality":"461"}', '2025-12-11T08:00:00Z', 'overhalet'),
      (1, '0101800001', '{"cpr":"0101800001","date":"2025-12-10","municipality":"147"}', '2025-12-11T08:00:00Z', 'overhalet')`.execute(
      db,
    );
    await m0006.up(db as never);
    const rows = await sql<{
      valid_from: string;
      municipality: string;
      sequence: string | null;
      pending: boolean;
    }>`
      select valid_from::text, municipality, sequence, effectuated_at is null as pending
      from residences where person_id = ${id}::uuid order by valid_from`.execute(db);
    expect(rows.rows).toEqual([
      { valid_from: '2015-01-01', municipality: '101', sequence: null, pending: false },
      { valid_from: '2025-12-10', municipality: '851', sequence: '3', pending: false },
      { valid_from: '2025-12-28', municipality: '461', sequence: '2', pending: true },
    ]);
    const review = await sql<{
      on: string;
    }>`select acting_review_on::text as on from persons where id = ${id}::uuid`.execute(db);
    expect(review.rows[0]?.on).toBe('2025-12-28');
  });
});
