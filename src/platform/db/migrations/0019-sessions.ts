/**
 * Sign-in (docs/security.md): the sessions of signed-in users and the local API tokens, each stored only as
 * the SHA-256 of its secret, with its expiry; the OIDC sign-ins under way (state, nonce and PKCE verifier,
 * for ten minutes); and the sign-in attempts per client address, for the rate limit. All in the database,
 * so any number of web processes share them.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('token_hash', 'char(64)', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('municipality', 'char(3)')
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('csrf_token', 'char(64)', (c) => c.notNull())
    .addColumn('id_token', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('sessions_kind', sql`kind in ('web', 'api')`)
    .addCheckConstraint('sessions_subject_kind', sql`subject_kind in ('bruger', 'tjeneste')`)
    .execute();
  await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();
  await db.schema
    .createTable('pending_sign_ins')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('return_to', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('client', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_attempts_pk', ['client', 'window_start'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sign_in_attempts').execute();
  await db.schema.dropTable('pending_sign_ins').execute();
  await db.schema.dropTable('sessions').execute();
}
