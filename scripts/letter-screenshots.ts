/**
 * `npm run screenshots:letters`: the screenshots in docs/letters/ of one letter of each kind as a caseworker
 * of the deciding municipality sees it at /breve/{id}: the 225-hour rule's varsling, partshøring and
 * afgørelse (test/support/letters-of-each-kind.ts), each page whole, 900 px wide (scripts/screenshot-support.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { letterKinds, type LetterKind } from '../src/cases/domain/letter.ts';
import { createLettersOfEachKind } from '../test/support/letters-of-each-kind.ts';
import { startScreenshotApp } from './screenshot-support.ts';

const outFolder = fileURLToPath(new URL('../docs/letters/', import.meta.url));
/** The day after the decision, 09:00 Danish time: the page's clock (the letters carry their own dates). */
const pageNow = Temporal.Instant.from('2021-09-07T07:00:00Z');

let letters: Readonly<Record<LetterKind, string>> | undefined;
const app = await startScreenshotApp(pageNow, async (deps) => {
  letters = (await createLettersOfEachKind(deps.db)).letters;
});
try {
  // København decided: its caseworker reads the letters.
  const page = await app.newPage({ municipality: '101' });
  for (const kind of letterKinds) {
    await app.shoot(page, `/breve/${letters?.[kind] ?? ''}`, path.join(outFolder, `${kind}.png`));
  }
} finally {
  await app.close();
}
