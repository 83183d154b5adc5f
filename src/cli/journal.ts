/**
 * `ydelse sag notat|dokument|journal`: a journal note or a document on a case, and the case's journal
 * (docs/decisions/0026-journal.md). Writing is the acting municipality's (`--bruger-kommune`).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addCaseDocument, addJournalNote, getCaseJournal, maxDocumentBytes } from '../cases/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';

const fields = {
  title: '--titel',
  text: '--tekst',
  name: '--navn',
  content: 'FIL',
  id: 'SAG',
};

export interface JournalCommandDeps {
  readonly act: (
    who: 'reader' | 'writer',
    work: (deps: Deps, actor: Actor) => Promise<number>,
  ) => Promise<void>;
}

export function registerJournalCommands(sag: Command, io: Io, { act }: JournalCommandDeps): void {
  const report = (error: Parameters<typeof reportError>[1]) =>
    reportError(
      io,
      error.code === 'ikke-handlekommune' && error.field === undefined
        ? { ...error, field: '--bruger-kommune' }
        : error,
      fields,
    );
  sag
    .command('notat')
    .description('skriv et journalnotat på sagen (kun handlekommunen)')
    .argument('<SAG>', 'sagens id')
    .option('--titel <tekst>', 'overskrift (én linje)')
    .option('--tekst <tekst>', 'notatets tekst')
    .action((id: string, options: { titel?: string; tekst?: string }) =>
      act('writer', async (deps, actor) => {
        const done = await addJournalNote(deps, actor, 'cli', id, {
          title: options.titel ?? '',
          text: options.tekst ?? '',
        });
        if (!done.ok) return report(done.error);
        io.out(`Journalnotat ${done.value.id} skrevet: ${done.value.title}`);
        return 0;
      }),
    );
  sag
    .command('dokument')
    .description(
      'tilføj et dokument til sagen: PDF, PNG, JPEG eller UTF-8-tekst, højst 10 MB (kun handlekommunen)',
    )
    .argument('<SAG>', 'sagens id')
    .argument('<FIL>', 'filen')
    .option('--navn <navn>', 'dokumentets navn; udeladt: filens navn')
    .action((id: string, file: string, options: { navn?: string }) =>
      act('writer', async (deps, actor) => {
        let content: Buffer;
        try {
          const stat = fs.statSync(file);
          if (!stat.isFile()) throw new Error('ikke en fil');
          if (stat.size > maxDocumentBytes) {
            return reportError(io, {
              code: 'ugyldigt-input',
              message: 'Dokumentet er for stort: højst 10 MB',
              field: 'FIL',
            });
          }
          content = fs.readFileSync(file);
        } catch {
          return reportError(io, {
            code: 'ugyldigt-input',
            message: `Filen findes ikke: ${file}`,
            field: 'FIL',
          });
        }
        const done = await addCaseDocument(deps, actor, 'cli', id, {
          name: options.navn ?? path.basename(file),
          content,
        });
        if (!done.ok) return report(done.error);
        io.out(
          `Dokument ${done.value.id} tilføjet: ${done.value.name} (${done.value.contentType}, ${String(done.value.size)} byte)`,
        );
        return 0;
      }),
    );
  sag
    .command('journal')
    .description('vis sagens journalnotater og dokumenter (opslaget logges)')
    .argument('<SAG>', 'sagens id')
    .option('--json', 'som JSON (samme som GET /api/cases/{id}/journal)', false)
    .action((id: string, options: { json: boolean }) =>
      act('reader', async (deps, actor) => {
        const found = await getCaseJournal(deps, actor, 'cli', id);
        if (!found.ok) return report(found.error);
        if (options.json) {
          io.out(JSON.stringify(found.value, null, 2));
          return 0;
        }
        for (const note of found.value.notes)
          io.out(
            `${note.writtenAt}  ${note.writtenBy}  ${note.title}\n  ${note.text.replaceAll('\n', '\n  ')}`,
          );
        for (const document of found.value.documents)
          io.out(
            `${document.addedAt}  ${document.addedBy}  ${document.name} (${document.contentType}, ${String(document.size)} byte)  ${document.id}`,
          );
        if (found.value.notes.length + found.value.documents.length === 0)
          io.out('Ingen journalnotater eller dokumenter.');
        return 0;
      }),
    );
}
