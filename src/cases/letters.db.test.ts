/**
 * The letters' outbox (docs/decisions/0024-letters.md): a hearing and a decision each put a filled letter
 * in the outbox in their own transaction; a delivery drops each as `<id>.pdf` once, and a delivery repeated
 * after a crash between dropping and marking drops no second copy and loses none.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appWithOverpaidCase } from '../../test/support/paid-months.ts';
import { pdfText } from '../../test/support/pdf-text.ts';
import { asUser, type AuthHeaders } from '../../test/support/sign-in.ts';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock, type Cpr } from '../kernel/index.ts';
import { systemActor } from '../platform/actor.ts';
import type { Db } from '../platform/db/database.ts';
import { Temporal } from 'temporal-polyfill';
import { deliverLetters, fileDrop, renderLetter, type LetterChannel } from './letters.ts';

let app: FastifyInstance;
let db: Db;
let caseId: string;
let as101: AuthHeaders;
const deps = () => ({ db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-20T07:00:00Z')) });

beforeAll(async () => {
  ({ db } = await useTestDatabase());
  as101 = await asUser(db, '101');
  ({ app, caseId } = await appWithOverpaidCase(db, '070362-1031'));
});
afterAll(() => app.close());

const waiting = async () =>
  db
    .selectFrom('letters')
    .select(['id', 'kind', 'title', 'paragraphs', 'status'])
    .orderBy('created_at')
    .execute();

describe('the letters of a hearing and a decision', () => {
  it('a hearing puts its filled letter in the outbox, waiting', async () => {
    const heard = await app.inject({
      method: 'POST',
      url: `/api/cases/${caseId}/hearings`,
      headers: as101,
      payload: {
        effect: 'tilbagebetalingskrav',
        intended: 'Kommunen påtænker at kræve 1.000,00 kr. tilbage for marts 2025',
        sentOn: '2025-05-05',
        deadline: '2025-05-19',
      },
    });
    expect(heard.statusCode).toBe(201);
    const letters = await waiting();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      kind: 'partshoering',
      status: 'afventer',
      title: 'Partshøring: Tilbagebetalingskrav',
    });
    const text = letters[0]?.paragraphs.join('\n') ?? '';
    expect(text).toContain('Kære Rita Rute');
    expect(text).toContain('senest 19.05.2025');
    expect(text).toContain('Kommunen påtænker at kræve 1.000,00 kr. tilbage for marts 2025');
  });

  it('delivers each letter once: a crash after dropping it and before marking it drops no second copy', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ydelse-breve-'));
    const drop = fileDrop(folder);
    const crashing: LetterChannel = {
      name: drop.name,
      async deliver(id, pdf) {
        await drop.deliver(id, pdf);
        throw new Error('nedbrud efter aflevering');
      },
    };
    await expect(deliverLetters(deps(), systemActor('test'), crashing)).rejects.toThrow('nedbrud');
    expect((await waiting()).map((l) => l.status)).toEqual(['afventer']);
    expect(readdirSync(folder).filter((name) => name.endsWith('.pdf'))).toHaveLength(1);
    const sent = await deliverLetters(deps(), systemActor('test'), drop);
    expect(sent).toEqual({ ok: true, value: { delivered: 1 } });
    expect((await waiting()).map((l) => l.status)).toEqual(['sendt']);
    const files = readdirSync(folder);
    expect(files).toEqual([`${(await waiting())[0]?.id ?? ''}.pdf`]);
    expect(
      readFileSync(path.join(folder, files[0] ?? ''))
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    expect(await deliverLetters(deps(), systemActor('test'), drop)).toEqual({
      ok: true,
      value: { delivered: 0 },
    });
  });

  it('the case page lists the letter with its status', async () => {
    const shown = await app.inject({ method: 'GET', url: `/sager/${caseId}`, headers: as101 });
    expect(shown.statusCode).toBe(200);
    const text = shown.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Breve');
    expect(text).toContain('Partshøring: Tilbagebetalingskrav');
    expect(text).toMatch(/Sendt \d{2}\.\d{2}\.\d{4}/);
  });

  it('renders the letter as a PDF with its title, the recipient and every paragraph', async () => {
    const [letter] = await waiting();
    const pdf = await renderLetter(
      {
        title: letter?.title ?? '',
        paragraphs: letter?.paragraphs ?? [],
        name: 'Rita Rute',
        cpr: '0703621031' as Cpr,
        date: Temporal.PlainDate.from('2025-05-05'),
      },
      { compress: false },
    );
    const text = pdfText(pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Partshøring: Tilbagebetalingskrav');
    expect(text).toContain('CPR-nummer: 070362-1031');
    expect(text).toContain('Kære Rita Rute');
    expect(text).toContain('forvaltningslovens § 19');
  });
});
