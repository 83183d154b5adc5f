/**
 * A citizen's letters and journal (notes and documents) across all their cases, for the borgeroverblik:
 * the titles and dates only, the newest first; the case page shows each in full.
 */
import type { Temporal } from 'temporal-polyfill';
import { storedInstant, type Executor } from '../../platform/db/database.ts';

export interface PersonLetter {
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly createdAt: Temporal.Instant;
  readonly sentAt: Temporal.Instant | null;
}

export interface PersonJournalEntry {
  readonly kind: 'notat' | 'dokument';
  readonly id: string;
  readonly caseId: string;
  readonly title: string;
  readonly by: string;
  readonly at: Temporal.Instant;
}

export async function listPersonLetters(tx: Executor, personId: string): Promise<PersonLetter[]> {
  const rows = await tx
    .selectFrom('letters')
    .select(['id', 'case_id', 'title', 'created_at', 'sent_at'])
    .where('person_id', '=', personId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    title: row.title,
    createdAt: storedInstant(row.created_at),
    sentAt: row.sent_at === null ? null : storedInstant(row.sent_at),
  }));
}

/** The notes and documents of every case of the person, merged newest first. */
export async function listPersonJournal(tx: Executor, personId: string): Promise<PersonJournalEntry[]> {
  const [notes, documents] = await Promise.all([
    tx
      .selectFrom('journal_notes')
      .select(['id', 'case_id', 'title', 'written_by', 'written_at'])
      .where('person_id', '=', personId)
      .execute(),
    tx
      .selectFrom('case_documents')
      .select(['id', 'case_id', 'name', 'added_by', 'added_at'])
      .where('person_id', '=', personId)
      .execute(),
  ]);
  const entries: PersonJournalEntry[] = [
    ...notes.map((n) => ({
      kind: 'notat' as const,
      id: n.id,
      caseId: n.case_id,
      title: n.title,
      by: n.written_by,
      at: storedInstant(n.written_at),
    })),
    ...documents.map((d) => ({
      kind: 'dokument' as const,
      id: d.id,
      caseId: d.case_id,
      title: d.name,
      by: d.added_by,
      at: storedInstant(d.added_at),
    })),
  ];
  return entries.sort((a, b) => b.at.epochMilliseconds - a.at.epochMilliseconds || a.id.localeCompare(b.id));
}
