/**
 * The case page's journal forms: "Skriv journalnotat" (a title of one line and a text) and "Tilføj
 * dokument" (a file sent as multipart/form-data, optionally under another name). Each field is read on its
 * own, so every error is reported at once with the values kept as typed (a browser never refills a chosen
 * file, so the form says to choose it again); addJournalNote and addCaseDocument stay the authority.
 */
import { requestText, textField } from '../../platform/web/form.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { decideDocument, maxDocumentBytes, sniffType } from '../domain/journal.ts';
import { caseDocumentsPath, journalNotesPath } from './form-paths.ts';
import { errorAt, FormErrors, fileField, readText, textArea, type FieldError } from './form-support.ts';
import { UploadedFile } from './multipart.ts';

/** The note form's values as typed. */
export interface NoteForm {
  readonly overskrift: string;
  readonly notat: string;
}

export const readNoteForm = (body: unknown): NoteForm => ({
  overskrift: requestText(body, 'overskrift'),
  notat: requestText(body, 'notat'),
});

/** addJournalNote's fields at the form's fields. */
export const noteFields: Readonly<Record<string, string>> = { title: 'overskrift', text: 'notat' };

/** Both fields read on their own: addJournalNote's input, or every error found. */
export function checkNoteForm(
  form: NoteForm,
): { ok: true; input: { title: string; text: string } } | { ok: false; errors: readonly FieldError[] } {
  const errors = new FormErrors();
  const title = readText(errors, 'overskrift', form.overskrift, {
    what: 'en overskrift',
    required: true,
    kind: 'line',
  });
  const text = readText(errors, 'notat', form.notat, {
    what: 'notatets tekst',
    required: true,
    kind: 'text',
  });
  if (errors.list.length > 0 || typeof title !== 'string' || typeof text !== 'string') {
    return { ok: false, errors: errors.list };
  }
  return { ok: true, input: { title, text } };
}

/** The document form's fields: the file, and the name typed (empty: the file's own). */
export interface DocumentForm {
  readonly navn: string;
  readonly dokument: UploadedFile | undefined;
}

export function readDocumentForm(body: unknown): DocumentForm {
  const file: unknown =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['dokument'] : undefined;
  return { navn: requestText(body, 'navn'), dokument: file instanceof UploadedFile ? file : undefined };
}

/** addCaseDocument's fields at the form's fields. */
export const documentFields: Readonly<Record<string, string>> = { name: 'navn', content: 'dokument' };

const chooseAgain = 'Vælg filen igen.';

/** Both fields read on their own: addCaseDocument's input, or every error found. */
export function checkDocumentForm(
  form: DocumentForm,
): { ok: true; input: { name: string; content: Buffer } } | { ok: false; errors: readonly FieldError[] } {
  const errors = new FormErrors();
  const file = form.dokument;
  const chosen = file !== undefined && (file.filename !== '' || file.content.length > 0);
  const typed = form.navn.trim() !== '';
  const name = typed ? form.navn : (file?.filename ?? '');
  if (typed || chosen) {
    // The name is checked as the domain checks it, with content it accepts.
    const named = decideDocument(name, Buffer.from('x'));
    if (!named.ok) errors.add('navn', typed ? named.error.message : `${named.error.message}. Skriv et navn`);
  }
  if (!chosen) {
    errors.add('dokument', 'Vælg det dokument, du vil tilføje');
  } else if (file.content.length === 0) {
    errors.add('dokument', `Dokumentet er tomt. ${chooseAgain}`);
  } else if (file.content.length > maxDocumentBytes) {
    errors.add('dokument', `Dokumentet er for stort: højst 10 MB. ${chooseAgain}`);
  } else if (sniffType(file.content) === undefined) {
    errors.add(
      'dokument',
      `Dokumentet skal være en PDF, et PNG- eller JPEG-billede eller UTF-8-tekst. ${chooseAgain}`,
    );
  }
  if (errors.list.length > 0 || file === undefined) return { ok: false, errors: errors.list };
  return { ok: true, input: { name, content: file.content } };
}

/** What the journal forms show: the values as typed and the errors of the form last posted. */
export interface JournalFormState {
  readonly note: NoteForm;
  readonly document: { readonly navn: string };
  readonly errors: readonly FieldError[];
}

export const emptyJournalForms: JournalFormState = {
  note: { overskrift: '', notat: '' },
  document: { navn: '' },
  errors: [],
};

/** The two forms under the case's notes and documents. */
export function journalForms(caseId: string, state: JournalFormState): SafeHtml {
  const at = (id: string) => errorAt(state.errors, id);
  return html`<h3 id="skriv-journalnotat">Skriv journalnotat</h3>
    <form method="post" action="${journalNotesPath(caseId)}" aria-labelledby="skriv-journalnotat" novalidate>
      ${textField({ id: 'overskrift', label: 'Overskrift', hint: 'Én linje', value: state.note.overskrift, error: at('overskrift'), autocomplete: 'off' })}
      ${textArea({ id: 'notat', label: 'Notat', hint: 'Højst 4.000 tegn', value: state.note.notat, error: at('notat'), rows: 6 })}
      <button type="submit" class="button button-secondary">Gem journalnotat</button>
    </form>
    <h3 id="tilfoej-dokument">Tilføj dokument</h3>
    <form
      method="post"
      action="${caseDocumentsPath(caseId)}"
      enctype="multipart/form-data"
      aria-labelledby="tilfoej-dokument"
      novalidate
    >
      ${fileField({ id: 'dokument', label: 'Dokument', hint: `En PDF, et PNG- eller JPEG-billede eller en tekstfil, højst 10 MB${state.errors.length > 0 ? `. ${chooseAgain}` : ''}`, error: at('dokument') })}
      ${textField({ id: 'navn', label: 'Navn på dokumentet', hint: 'Tomt: filens eget navn', value: state.document.navn, error: at('navn'), optional: true, autocomplete: 'off' })}
      <button type="submit" class="button button-secondary">Tilføj dokument</button>
    </form>`;
}
