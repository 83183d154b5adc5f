/**
 * Moves and the acting municipality (KP 5.4.0), cases with their grant, standing deductions, the monthly
 * payment and deduction lines, follow-up tasks, and the inbound CPR messages with their error queue.
 */
import { sql, type Kysely } from 'kysely';

const uuidPk = sql`gen_random_uuid()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // When the daily run must look at the person next (a move, a manual period starting or ending, an edit).
  await db.schema.alterTable('persons').addColumn('acting_review_on', 'date').execute();
  await db.schema.createIndex('persons_acting_review').on('persons').column('acting_review_on').execute();
  // A residence entry takes effect for the acting municipality when the 04:00 run effectuates it.
  await db.schema.alterTable('residences').addColumn('effectuated_at', 'timestamptz').execute();
  await db.schema
    .alterTable('residences')
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('cpr'))
    .execute();

  await db.schema
    .createTable('acting_periods')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)')
    .addColumn('from_at', 'timestamptz', (c) => c.notNull())
    .addColumn('to_at', 'timestamptz')
    .addColumn('reason', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('acting_periods_person')
    .on('acting_periods')
    .columns(['person_id', 'from_at'])
    .execute();
  // rsl §9: never two acting municipalities at one instant.
  await sql`create unique index acting_periods_one_open on acting_periods (person_id) where to_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('manual_acting_periods')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('agreement', 'boolean', (c) => c.notNull())
    .addColumn('consent', 'boolean', (c) => c.notNull())
    .addColumn('registered_by', 'char(3)', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz')
    .addColumn('ended_at', 'timestamptz')
    .addColumn('undone_at', 'timestamptz')
    .addCheckConstraint('manual_acting_period', sql`valid_to is null or valid_to >= valid_from`)
    .execute();
  await db.schema
    .createIndex('manual_acting_person')
    .on('manual_acting_periods')
    .column('person_id')
    .execute();

  await db.schema
    .createTable('financing_periods')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('registered_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('benefit', 'text', (c) => c.notNull())
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('grant_from', 'date', (c) => c.notNull())
    .addColumn('grant_to', 'date')
    .addColumn('monthly', 'bigint')
    .addColumn('closed_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('cases_person').on('cases').column('person_id').execute();
  // The monthly run plans the next month per municipality from its granted cases.
  await db.schema.createIndex('cases_municipality').on('cases').columns(['municipality', 'status']).execute();

  await db.schema
    .createTable('deductions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('monthly', 'bigint', (c) => c.notNull())
    .addColumn('valid_from', 'date', (c) => c.notNull())
    .addColumn('valid_to', 'date')
    .addColumn('ended_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('deductions_person').on('deductions').column('person_id').execute();
  await db.schema.createIndex('deductions_municipality').on('deductions').column('municipality').execute();

  // One line per case and month; `period` is the month's first day. Status, amounts and times are in no
  // index and the pages keep a fifth free, so a run's status change is a HOT update.
  await db.schema
    .createTable('payment_lines')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('gross', 'bigint', (c) => c.notNull())
    .addColumn('net', 'bigint')
    .addColumn('computed_at', 'timestamptz')
    .addColumn('paid_at', 'timestamptz')
    .addColumn('stopped_at', 'timestamptz')
    .modifyEnd(sql`with (fillfactor = 80)`)
    .addUniqueConstraint('payment_lines_case_period', ['case_id', 'period'])
    .execute();
  await db.schema
    .createIndex('payment_lines_run')
    .on('payment_lines')
    .columns(['period', 'municipality'])
    .execute();
  await db.schema.createIndex('payment_lines_person').on('payment_lines').column('person_id').execute();

  await db.schema
    .createTable('deduction_lines')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('deduction_id', 'uuid', (c) => c.notNull().references('deductions.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('period', 'date', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .addColumn('done_at', 'timestamptz')
    .addColumn('stopped_at', 'timestamptz')
    .modifyEnd(sql`with (fillfactor = 80)`)
    .addUniqueConstraint('deduction_lines_deduction_period', ['deduction_id', 'period'])
    .execute();
  await db.schema
    .createIndex('deduction_lines_run')
    .on('deduction_lines')
    .columns(['period', 'municipality'])
    .execute();
  await db.schema.createIndex('deduction_lines_person').on('deduction_lines').column('person_id').execute();

  await db.schema
    .createTable('tasks')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuidPk))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closed_at', 'timestamptz')
    .addColumn('close_reason', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('tasks_person').on('tasks').column('person_id').execute();
  await db.schema
    .createIndex('tasks_inbox')
    .on('tasks')
    .columns(['municipality', 'status', 'created_at'])
    .execute();

  // Inbound CPR address changes: every message is kept, refused ones with their reason (the error queue).
  await db.schema
    .createTable('cpr_messages')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('sequence', 'bigint', (c) => c.notNull())
    .addColumn('cpr', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_field', 'text')
    .execute();
  // A sequence number is used once by the messages taken in; refused ones may repeat it.
  await sql`create unique index cpr_messages_sequence on cpr_messages (sequence) where status <> 'afvist'`.execute(
    db,
  );
  await db.schema.createIndex('cpr_messages_status').on('cpr_messages').columns(['status', 'id']).execute();
  await db.schema.createIndex('cpr_messages_cpr').on('cpr_messages').columns(['cpr', 'sequence']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'cpr_messages',
    'tasks',
    'deduction_lines',
    'payment_lines',
    'deductions',
    'cases',
    'financing_periods',
    'manual_acting_periods',
    'acting_periods',
  ]) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('residences').dropColumn('source').dropColumn('effectuated_at').execute();
  await db.schema.alterTable('persons').dropColumn('acting_review_on').execute();
}
