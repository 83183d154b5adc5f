/**
 * A letter's page (GET /breve/{id}): the letter as the citizen receives it (recipient, CPR number, date,
 * title, the paragraphs with their line breaks, the municipality's signature), whether it waits in the
 * outbox or was sent, the way back to its case, and the link to the PDF (GET /breve/{id}/pdf) the delivery
 * sends.
 */
import { formatCpr, formatDanishDate } from '../../kernel/index.ts';
import { formatInstant } from '../../persons/index.ts';
import { factList, icon, withLineBreaks } from '../../platform/web/components.ts';
import { html, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { LetterKind } from '../domain/letter.ts';
import type { LetterView } from '../letter-view.ts';
import { casePath, personPath } from './case-page.ts';
import { benefitLabels } from './labels.ts';

/** The address of a letter's PDF. */
export const letterPdfPath = (id: string): string => `/breve/${id}/pdf`;

export const letterKindLabels: Readonly<Record<LetterKind, string>> = {
  varsling: 'Varsling',
  partshoering: 'Partshøring',
  afgoerelse: 'Afgørelse',
};

/** Whether the letter waits in the outbox or was sent, and when. */
export function letterStatusText(letter: Pick<LetterView, 'sentAt'>): string {
  return letter.sentAt === null ? 'Afventer afsendelse' : `Sendt ${formatInstant(letter.sentAt)}`;
}

/** A paragraph with its line breaks kept (the signature's "Med venlig hilsen" and the municipality). */
function paragraph(text: string): SafeHtml {
  return html`<p>${withLineBreaks(text)}</p>`;
}

/** The letter itself, as the citizen reads it (the same parts, in the same order, as the PDF). */
function letterBody(letter: LetterView): SafeHtml {
  return html`<article class="card" aria-labelledby="brev-titel">
    <div class="p-6">
      <p class="mt-0">${letter.person.name}<br />CPR-nummer: ${formatCpr(letter.person.cpr)}</p>
      <p class="align-text-right">${formatDanishDate(letter.date)}</p>
      <h3 id="brev-titel" class="h2">${letter.title}</h3>
      ${letter.paragraphs.map(paragraph)}
    </div>
  </article>`;
}

/** The letter's page. */
export function letterPage(web: WebActor, letter: LetterView): SafeHtml {
  const benefit = benefitLabels[letter.case.benefit];
  const kind = letterKindLabels[letter.kind];
  return page({
    title: `${kind}: ${letter.title} – ${letter.person.name}`,
    actor: web,
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: letter.person.name, href: personPath(letter.person.id) },
      { text: `Sag: ${benefit}`, href: casePath(letter.case.id) },
      { text: `Brev: ${kind}` },
    ],
    main: html`<h1>${letter.title}</h1>
      <p class="font-lead">${kind} til ${letter.person.name} i sagen om ${benefit.toLowerCase()}</p>
      <p id="brev-status"><strong>Status:</strong> ${letterStatusText(letter)}</p>
      ${factList([
        { label: 'Brev', value: kind },
        { label: 'Modtager', value: letter.person.name },
        { label: 'CPR-nummer', value: formatCpr(letter.person.cpr) },
        { label: 'Oprettet', value: formatInstant(letter.createdAt) },
      ])}
      <ul class="nobullet-list">
        <li>
          <a id="hent-pdf" class="icon-link" href="${letterPdfPath(letter.id)}"
            >${icon('file-pdf')}Hent som PDF<span class="sr-only">: ${letter.title}</span></a
          >
        </li>
        <li>
          <a id="tilbage-til-sagen" class="icon-link" href="${casePath(letter.case.id)}"
            >${icon('arrow-back')}Tilbage til sagen<span class="sr-only">
              om ${benefit.toLowerCase()}</span
            ></a
          >
        </li>
      </ul>
      <h2 id="brevet">Brevet, som borgeren modtager det</h2>
      ${letterBody(letter)}`,
  });
}
