/**
 * Journal notes and documents on the API (docs/decisions/0026-journal.md): the acting municipality writes a
 * note or adds a document, whose type is read from its bytes; each read is access-logged; every refusal is
 * problem+json naming the field and changes nothing.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithOverpaidCase } from '../../../test/support/paid-months.ts';
import { asUser, type AuthHeaders } from '../../../test/support/sign-in.ts';
import { useTestDatabase } from '../../../test/support/test-db.ts';
import { webSession } from '../../../test/support/web-session.ts';
import type { SimulatedClock } from '../../kernel/index.ts';
import type { Db } from '../../platform/db/database.ts';
import { maxDocumentBytes } from '../domain/journal.ts';

let app: FastifyInstance;
let db: Db;
let as101: AuthHeaders;
let as147: AuthHeaders;
const cpr = '070362-1031';
let caseId: string;
let clock: SimulatedClock;

type Inject = Awaited<ReturnType<FastifyInstance['inject']>>;
const post = (url: string, payload: object, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'POST', url, headers, payload });
const get = (url: string, headers: Record<string, string> = as101): Promise<Inject> =>
  app.inject({ method: 'GET', url, headers });

async function counts(): Promise<unknown> {
  const rows = await sql`select (select count(*) from journal_notes) as notes,
      (select count(*) from case_documents) as documents, (select count(*) from events) as events`.execute(
    db,
  );
  return rows.rows[0];
}

const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  as147 = await asUser(db, '147');
  ({ app, caseId, clock } = await appWithOverpaidCase(db, cpr));
});
afterAll(() => app.close());

describe('journal notes', () => {
  it('the acting municipality writes a note; the journal lists it, access-logged', async () => {
    const written = await post(`/api/cases/${caseId}/journal-notes`, {
      title: 'Samtale med borgeren',
      text: 'Borgeren ringede om marts.\nAftalt at sende dokumentation.',
    });
    expect(written.statusCode).toBe(201);
    expect(written.json()).toMatchObject({
      case: caseId,
      title: 'Samtale med borgeren',
      source: 'sagsbehandler',
      writtenBy: 'bruger:sb101@101',
    });
    const journal = await get(`/api/cases/${caseId}/journal`);
    expect(journal.statusCode).toBe(200);
    expect(journal.json<{ notes: { text: string }[] }>().notes[0]?.text).toBe(
      'Borgeren ringede om marts.\nAftalt at sende dokumentation.',
    );
    const logged = await sql<{
      n: string;
    }>`select count(*) as n from access_log where purpose = 'journal'`.execute(db);
    expect(Number(logged.rows[0]?.n)).toBeGreaterThan(0);
  });

  it.each<[string, object, '101' | '147', number, string, string | undefined]>([
    ['an empty title', { title: '  ', text: 'x' }, '101', 400, 'ugyldigt-input', 'title'],
    ['an empty text', { title: 'Notat', text: '' }, '101', 400, 'ugyldigt-input', 'text'],
    ['a title over two lines', { title: 'a\nb', text: 'x' }, '101', 400, 'ugyldigt-input', 'title'],
    [
      'a text over 4,000 characters',
      { title: 'Notat', text: 'x'.repeat(4001) },
      '101',
      400,
      'ugyldigt-input',
      'text',
    ],
    [
      'a municipality with no relation to the citizen, as an unknown case',
      { title: 'Notat', text: 'x' },
      '147',
      404,
      'ikke-fundet',
      'id',
    ],
  ])(
    '%s is refused, naming the field, and changes nothing',
    async (_name, body, headers, status, code, field) => {
      const before = await counts();
      const refused = await post(
        `/api/cases/${caseId}/journal-notes`,
        body,
        headers === '101' ? as101 : as147,
      );
      expect(refused.statusCode).toBe(status);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.json()).toMatchObject({ code, ...(field === undefined ? {} : { field }) });
      expect(await counts()).toEqual(before);
    },
  );

  it('an unknown case is 404', async () => {
    const refused = await post('/api/cases/00000000-0000-4000-8000-000000000000/journal-notes', {
      title: 'a',
      text: 'b',
    });
    expect(refused.statusCode).toBe(404);
  });
});

describe('documents', () => {
  it('a PDF is kept with its type read from its bytes, its size and SHA-256, and comes back as it was', async () => {
    const added = await post(`/api/cases/${caseId}/documents`, {
      name: 'lønseddel marts.pdf',
      content: pdf.toString('base64'),
    });
    expect(added.statusCode).toBe(201);
    const document = added.json<{ id: string; contentType: string; size: number; sha256: string }>();
    expect(document).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
    expect(document.sha256).toMatch(/^[0-9a-f]{64}$/);
    const fetched = await get(`/api/documents/${document.id}`);
    expect(fetched.statusCode).toBe(200);
    expect(fetched.headers['content-type']).toBe('application/pdf');
    expect(fetched.headers['cache-control']).toBe('no-store');
    expect(fetched.headers['content-disposition']).toBe(
      "attachment; filename*=UTF-8''l%C3%B8nseddel%20marts.pdf",
    );
    expect(fetched.rawPayload.equals(pdf)).toBe(true);
    const journal = await get(`/api/cases/${caseId}/journal`);
    expect(journal.json<{ documents: { name: string }[] }>().documents.map((d) => d.name)).toContain(
      'lønseddel marts.pdf',
    );
    const logged = await sql<{
      n: string;
    }>`select count(*) as n from access_log where purpose = 'dokument'`.execute(db);
    expect(Number(logged.rows[0]?.n)).toBe(1);
  });

  it('text is kept as text/plain whatever the name says', async () => {
    const added = await post(`/api/cases/${caseId}/documents`, {
      name: 'notat.pdf',
      content: Buffer.from('Blot tekst').toString('base64'),
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ contentType: 'text/plain' });
  });

  it.each<[string, object, '101' | '147', number, string]>([
    [
      'bytes of no known type',
      { name: 'x.bin', content: Buffer.from([0, 1, 2, 255, 254]).toString('base64') },
      '101',
      400,
      'content',
    ],
    ['an empty document', { name: 'tom.pdf', content: '' }, '101', 400, 'content'],
    ['a name with a folder', { name: '../etc/passwd', content: pdf.toString('base64') }, '101', 400, 'name'],
    ['content that is not base64', { name: 'a.pdf', content: '%%%' }, '101', 400, 'content'],
    [
      'a municipality with no relation to the citizen, as an unknown case',
      { name: 'a.pdf', content: pdf.toString('base64') },
      '147',
      404,
      'id',
    ],
  ])('%s is refused, naming the field, and changes nothing', async (_name, body, headers, status, field) => {
    const before = await counts();
    const refused = await post(`/api/cases/${caseId}/documents`, body, headers === '101' ? as101 : as147);
    expect(refused.statusCode).toBe(status);
    expect(refused.json()).toMatchObject({ field });
    expect(await counts()).toEqual(before);
  });

  it('a document over 10 MB is refused and changes nothing', async () => {
    const before = await counts();
    const big = Buffer.concat([pdf, Buffer.alloc(maxDocumentBytes)]);
    const refused = await post(`/api/cases/${caseId}/documents`, {
      name: 'stor.pdf',
      content: big.toString('base64'),
    });
    expect([400, 413]).toContain(refused.statusCode);
    expect(await counts()).toEqual(before);
  });

  it('an unknown or malformed document id is 404, and so is a document of a citizen unrelated to the caller', async () => {
    expect((await get('/api/documents/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get("/api/documents/x' or 1=1")).statusCode).toBe(404);
    const journal = await get(`/api/cases/${caseId}/journal`);
    const [document] = journal.json<{ documents: { id: string }[] }>().documents;
    expect((await get(`/api/documents/${document?.id ?? ''}`)).statusCode).toBe(200);
    const unrelated = await get(`/api/documents/${document?.id ?? ''}`, as147);
    expect(unrelated.statusCode).toBe(404);
    expect(unrelated.json()).toMatchObject({ code: 'ikke-fundet' });
    expect((await get(`/api/cases/${caseId}/journal`, as147)).statusCode).toBe(404);
  });

  it('the sagsside lists the notes and documents, linking each document', async () => {
    const signedIn = await webSession(db, clock.now());
    const page = await app.inject({ method: 'GET', url: `/sager/${caseId}`, headers: signedIn.headers });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Journalnotater og dokumenter');
    expect(page.body).toContain('Borgeren ringede om marts.<br />Aftalt at sende dokumentation.');
    expect(page.body).toMatch(/<a href="\/dokumenter\/[0-9a-f-]{36}">lønseddel marts.pdf<\/a>/);
  });
});
