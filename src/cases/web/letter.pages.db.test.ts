/**
 * GET /breve/{id} and GET /breve/{id}/pdf: a case with one letter of each kind (the 225-hour rule's
 * varsling, sent; its partshøring and afgørelse, waiting). The page shows the letter as the citizen receives
 * it (recipient, CPR number, date, title, every paragraph with its line breaks, the signature), its status,
 * the way back to the case and the PDF link; the PDF is the letter with every paragraph, never cached. Each
 * read writes one access-log row (purpose `brev`); an unknown or malformed id is the Danish 404 page. The
 * case page links each of its letters.
 */
import { inflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLettersOfEachKind,
  type LettersOfEachKind,
} from '../../../test/support/letters-of-each-kind.ts';
import { pdfText } from '../../../test/support/pdf-text.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { webSession } from '../../../test/support/web-session.ts';
import { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { buildApp } from '../../platform/http/app.ts';
import { escapeHtml } from '../../platform/web/html.ts';
import { routePlugins } from '../../platform/system.ts';
import { letterKinds, type LetterKind } from '../domain/letter.ts';

let db: Db;
let app: FastifyInstance;
let made: LettersOfEachKind;
/** A browser signed in as sb101 of København, whose case the letters are. */
let browser: Record<string, string>;
const unknownId = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  made = await createLettersOfEachKind(db);
  const clock = new SimulatedClock(Temporal.Instant.from('2021-09-07T08:00:00Z'));
  app = await buildApp({ deps: { db, clock }, logger: false, plugins: routePlugins });
  browser = {
    accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
    ...(await webSession(db, clock.now())).headers,
  };
});
afterAll(() => app.close());

const get = (url: string) => app.inject({ url, headers: browser });

/** The page's text, tags dropped and spaces collapsed. */
const text = (body: string): string =>
  body
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The stored letter: its title and paragraphs as the outbox holds them. */
async function stored(kind: LetterKind): Promise<{ title: string; paragraphs: string[] }> {
  return db
    .selectFrom('letters')
    .select(['title', 'paragraphs'])
    .where('id', '=', made.letters[kind])
    .executeTakeFirstOrThrow();
}

/** The text of a (compressed) PDF: each FlateDecode stream inflated, then its text runs read. */
function compressedPdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const parts: Buffer[] = [];
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) continue;
    try {
      parts.push(inflateSync(pdf.subarray(start, end)));
    } catch {
      // not a deflated stream (or a font's binary data): no text in it
    }
  }
  return pdfText(Buffer.concat(parts));
}

/** Without any whitespace: a line the PDF wraps loses its space at the break. */
const squeezed = (value: string): string => value.replace(/\s+/g, '');

describe('the letter page', () => {
  it('shows the varsling as the citizen receives it, sent, with the way back and the PDF link', async () => {
    const id = made.letters.varsling;
    const response = await get(`/breve/${id}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const body = response.body;
    expect(body).toContain('<h1>Varsling: 225-timersreglen</h1>');
    expect(body).toContain('<title>Varsling: Varsling: 225-timersreglen – Tage Timer – OpenYdelse</title>');
    const page = text(body);
    expect(page).toContain('Status: Sendt 15.03.2021 kl. 10:30');
    expect(page).toContain('Tage Timer CPR-nummer: 010680-5643');
    expect(page).toContain('15.03.2021');
    expect(page).toContain('Har du ikke de 225 timer, vil din hjælp blive nedsat fra den 01.10.2021.');
    expect(body).toContain(`href="/sager/${made.caseId}"`);
    expect(body).toContain(`href="/breve/${id}/pdf"`);
    expect(page).toContain('Hent som PDF');
    expect(page).toContain('Tilbage til sagen');
  });

  it('shows every paragraph of each kind, line breaks kept, and the municipality’s signature', async () => {
    for (const kind of letterKinds) {
      const letter = await stored(kind);
      const response = await get(`/breve/${made.letters[kind]}`);
      expect(response.statusCode, kind).toBe(200);
      expect(response.body, kind).toContain(`<h1>${escapeHtml(letter.title)}</h1>`);
      expect(response.body, kind).toContain(`>${escapeHtml(letter.title)}</h3>`);
      for (const paragraph of letter.paragraphs) {
        const lines = paragraph.split('\n').map(escapeHtml);
        expect(response.body, `${kind}: ${paragraph}`).toContain(`<p>${lines.join('<br />')}</p>`);
      }
      expect(response.body, kind).toContain('<p>Med venlig hilsen<br />København Kommune</p>');
    }
  });

  it('says a letter not yet sent awaits sending', async () => {
    for (const kind of ['partshoering', 'afgoerelse'] as const) {
      const page = text((await get(`/breve/${made.letters[kind]}`)).body);
      expect(page, kind).toContain('Status: Afventer afsendelse');
    }
    const hearing = text((await get(`/breve/${made.letters.partshoering}`)).body);
    expect(hearing).toContain('Partshøring: Nedsættelse');
    expect(hearing).toContain('senest 03.09.2021');
    const decision = text((await get(`/breve/${made.letters.afgoerelse}`)).body);
    expect(decision).toContain(
      'Begrundelse: Du har ikke haft 225 timers arbejde inden for de seneste 12 måneder.',
    );
    expect(decision).toContain('Klagevejledning:');
  });

  it('writes one access-log row per read of the page or the PDF, purpose brev', async () => {
    const count = async () =>
      (await db.selectFrom('access_log').select('id').where('purpose', '=', 'brev').execute()).length;
    const before = await count();
    await get(`/breve/${made.letters.afgoerelse}`);
    await get(`/breve/${made.letters.afgoerelse}/pdf`);
    expect(await count()).toBe(before + 2);
    const last = await db
      .selectFrom('access_log')
      .innerJoin('persons', 'persons.id', 'access_log.person_id')
      .select(['purpose', 'channel', 'actor', 'persons.cpr'])
      .orderBy('access_log.id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toEqual({
      purpose: 'brev',
      channel: 'web',
      actor: 'bruger:sb101@101',
      cpr: made.cpr,
    });
  });

  it('answers an unknown or malformed id with the Danish 404 page, for the page and the PDF', async () => {
    const before = (await db.selectFrom('access_log').select('id').execute()).length;
    for (const url of [
      `/breve/${unknownId}`,
      '/breve/abc',
      "/breve/'%20or%201=1",
      `/breve/${unknownId}/pdf`,
      '/breve/abc/pdf',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(response.body, url).toContain('Siden findes ikke');
      expect(response.body, url).toContain('Brevet findes ikke.');
    }
    expect((await db.selectFrom('access_log').select('id').execute()).length).toBe(before);
  });

  it('answers a caseworker of a municipality with no relation to the citizen as for an unknown letter', async () => {
    const other = await webSession(db, Temporal.Instant.from('2021-09-07T08:00:00Z'), {
      municipality: '751',
    });
    const before = (await db.selectFrom('access_log').select('id').execute()).length;
    for (const url of [`/breve/${made.letters.varsling}`, `/breve/${made.letters.varsling}/pdf`]) {
      const response = await app.inject({ url, headers: { ...browser, ...other.headers } });
      expect(response.statusCode, url).toBe(404);
      expect(response.body, url).toContain('Brevet findes ikke.');
      expect(response.body, url).not.toContain('Tage Timer');
    }
    expect((await db.selectFrom('access_log').select('id').execute()).length).toBe(before);
  });
});

describe('the letter as a PDF', () => {
  it('serves each letter as an uncached PDF with its title, recipient and every paragraph', async () => {
    for (const kind of letterKinds) {
      const letter = await stored(kind);
      const response = await get(`/breve/${made.letters[kind]}/pdf`);
      expect(response.statusCode, kind).toBe(200);
      expect(response.headers['content-type'], kind).toBe('application/pdf');
      expect(response.headers['cache-control'], kind).toBe('no-store');
      expect(response.headers['content-disposition'], kind).toContain('inline');
      const pdf = response.rawPayload;
      expect(pdf.subarray(0, 5).toString(), kind).toBe('%PDF-');
      const content = squeezed(compressedPdfText(pdf));
      expect(content, kind).toContain(squeezed(letter.title));
      expect(content, kind).toContain(squeezed('Tage Timer'));
      expect(content, kind).toContain(squeezed('CPR-nummer: 010680-5643'));
      for (const paragraph of letter.paragraphs) {
        expect(content, `${kind}: ${paragraph}`).toContain(squeezed(paragraph));
      }
    }
    const varsling = squeezed(
      compressedPdfText((await get(`/breve/${made.letters.varsling}/pdf`)).rawPayload),
    );
    expect(varsling).toContain(squeezed('15.03.2021'));
  });
});

describe('the case page', () => {
  it('links each of the case’s letters to its page', async () => {
    const response = await get(`/sager/${made.caseId}`);
    expect(response.statusCode).toBe(200);
    for (const kind of letterKinds) {
      const letter = await stored(kind);
      expect(response.body, kind).toContain(
        `<a href="/breve/${made.letters[kind]}">${escapeHtml(letter.title)}</a>`,
      );
    }
    expect(text(response.body)).toContain('Sendt 15.03.2021 kl. 10:30');
  });
});
