/**
 * Journal notes and documents on a case (docs/decisions/0026-journal.md): both append-only, each with who
 * wrote or added it and when, and where it came from (a caseworker, or the conversion of the legacy
 * system's journal). A document keeps its bytes, type, size and SHA-256.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('journal_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('written_by', 'text', (c) => c.notNull())
    .addColumn('written_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('journal_notes_source', sql`source in ('sagsbehandler', 'konvertering')`)
    .execute();
  await db.schema.createIndex('journal_notes_case').on('journal_notes').column('case_id').execute();
  await db.schema
    .createTable('case_documents')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'uuid', (c) => c.notNull().references('persons.id'))
    .addColumn('municipality', 'char(3)', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'char(64)', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('case_documents_source', sql`source in ('sagsbehandler', 'konvertering')`)
    .addCheckConstraint('case_documents_size', sql`size > 0 and size = octet_length(content)`)
    .execute();
  await db.schema.createIndex('case_documents_case').on('case_documents').column('case_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('case_documents').execute();
  await db.schema.dropTable('journal_notes').execute();
}
