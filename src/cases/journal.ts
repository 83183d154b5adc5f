/**
 * Journal notes and documents on a case (docs/decisions/0026-journal.md): the acting municipality writes a
 * note or adds a document, under the person's lock, in one transaction with its event; reading them (the
 * list, a document's bytes) writes an access-log row. Both are append-only: a correction is a new note.
 */
import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '../kernel/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import { storedInstant } from '../platform/db/database.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { lockCase, uuidPattern } from './case-lock.ts';
import { findCase } from './db/grant.repository.ts';
import { decideDocument, decideNote, type NoteInput } from './domain/journal.ts';

export interface JournalNoteView {
  readonly id: string;
  readonly case: string;
  readonly title: string;
  readonly text: string;
  readonly source: string;
  readonly writtenBy: string;
  readonly writtenAt: string;
}

export interface CaseDocumentView {
  readonly id: string;
  readonly case: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly sha256: string;
  readonly source: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface CaseJournal {
  readonly notes: readonly JournalNoteView[];
  readonly documents: readonly CaseDocumentView[];
}

/** Writes a journal note on the case (the acting municipality). */
export function addJournalNote(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: NoteInput,
): Promise<Result<JournalNoteView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, undefined);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    const note = decideNote(input);
    if (!note.ok) return note;
    const by = actorLabel(context.actor);
    const { id } = await context.tx
      .insertInto('journal_notes')
      .values({
        case_id: record.id,
        person_id: record.personId,
        municipality: record.municipality,
        title: note.value.title,
        text: note.value.text,
        source: 'sagsbehandler',
        written_by: by,
        written_at: context.now.toString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    context.record({
      type: 'journalnotat-skrevet',
      personId: record.personId,
      municipality: record.municipality,
      data: { case: record.id, note: id, title: note.value.title },
    });
    return ok({
      id,
      case: record.id,
      ...note.value,
      source: 'sagsbehandler',
      writtenBy: by,
      writtenAt: context.now.toString(),
    });
  });
}

/** Adds a document to the case (the acting municipality); its type is read from its bytes. */
export function addCaseDocument(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
  input: { readonly name: string; readonly content: Uint8Array },
): Promise<Result<CaseDocumentView>> {
  return runUseCase(deps, actor, channel, 'sagsbehandling', async (context) => {
    const locked = await lockCase(context, caseId, undefined);
    if (!locked.ok) return locked;
    const { record } = locked.value;
    const document = decideDocument(input.name, input.content);
    if (!document.ok) return document;
    const sha256 = createHash('sha256').update(input.content).digest('hex');
    const by = actorLabel(context.actor);
    const { id } = await context.tx
      .insertInto('case_documents')
      .values({
        case_id: record.id,
        person_id: record.personId,
        municipality: record.municipality,
        name: document.value.name,
        content_type: document.value.type,
        size: document.value.size,
        sha256,
        content: Buffer.from(input.content),
        source: 'sagsbehandler',
        added_by: by,
        added_at: context.now.toString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    context.record({
      type: 'dokument-tilfoejet',
      personId: record.personId,
      municipality: record.municipality,
      data: { case: record.id, document: id, name: document.value.name, size: document.value.size },
    });
    return ok({
      id,
      case: record.id,
      name: document.value.name,
      contentType: document.value.type,
      size: document.value.size,
      sha256,
      source: 'sagsbehandler',
      addedBy: by,
      addedAt: context.now.toString(),
    });
  });
}

/** The case's notes and documents (without their bytes), the newest first, inside the caller's transaction. */
export async function journalOf(context: UseCaseContext, caseId: string): Promise<CaseJournal> {
  const [notes, documents] = await Promise.all([
    context.tx
      .selectFrom('journal_notes')
      .select(['id', 'case_id', 'title', 'text', 'source', 'written_by', 'written_at'])
      .where('case_id', '=', caseId)
      .orderBy('written_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    context.tx
      .selectFrom('case_documents')
      .select(['id', 'case_id', 'name', 'content_type', 'size', 'sha256', 'source', 'added_by', 'added_at'])
      .where('case_id', '=', caseId)
      .orderBy('added_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
  ]);
  return {
    notes: notes.map((n) => ({
      id: n.id,
      case: n.case_id,
      title: n.title,
      text: n.text,
      source: n.source,
      writtenBy: n.written_by,
      writtenAt: storedInstant(n.written_at).toString(),
    })),
    documents: documents.map((d) => ({
      id: d.id,
      case: d.case_id,
      name: d.name,
      contentType: d.content_type,
      size: d.size,
      sha256: d.sha256,
      source: d.source,
      addedBy: d.added_by,
      addedAt: storedInstant(d.added_at).toString(),
    })),
  };
}

/** Reads the case's journal (access-logged). */
export function getCaseJournal(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  caseId: string,
): Promise<Result<CaseJournal>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    if (!uuidPattern.test(caseId)) return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    const found = await findCase(context.tx, caseId);
    if (found === undefined || !(await context.mayRead(found.personId, 'journal'))) {
      return fail('ikke-fundet', 'Sagen findes ikke', 'id');
    }
    return ok(await journalOf(context, caseId));
  });
}

/** A document with its bytes (access-logged). */
export function getCaseDocument(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
): Promise<Result<CaseDocumentView & { readonly content: Buffer }>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    if (!uuidPattern.test(id)) return fail('ikke-fundet', 'Dokumentet findes ikke', 'id');
    const row = await context.tx
      .selectFrom('case_documents')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined || !(await context.mayRead(row.person_id, 'dokument'))) {
      return fail('ikke-fundet', 'Dokumentet findes ikke', 'id');
    }
    return ok({
      id: row.id,
      case: row.case_id,
      name: row.name,
      contentType: row.content_type,
      size: row.size,
      sha256: row.sha256,
      source: row.source,
      addedBy: row.added_by,
      addedAt: storedInstant(row.added_at).toString(),
      content: row.content,
    });
  });
}
