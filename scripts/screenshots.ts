/**
 * `npm run screenshots`: the screenshots in docs/screenshots/ of the main pages on the demo data, as the
 * README shows them: the demo's half year of history played up to Monday 7 December 2026, 09:00, each page
 * whole, 1280 px wide, and the borgeroverblik on a 390 px phone (scripts/screenshot-support.ts).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { seedDemo } from '../src/demo/index.ts';
import { startScreenshotApp } from './screenshot-support.ts';

const outFolder = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));
const now = Temporal.Instant.from('2026-12-07T08:00:00Z');
const file = (name: string): string => path.join(outFolder, `${name}.png`);

const app = await startScreenshotApp(now, async (deps) => {
  await seedDemo(deps, { onlyIfEmpty: true });
});
const personId = async (cpr: string): Promise<string> =>
  (await app.db.selectFrom('persons').select('id').where('cpr', '=', cpr).executeTakeFirstOrThrow()).id;
try {
  const karen = await personId('0703621007');
  const boEfter = await personId('2802671000');
  const karensTask = await app.db
    .selectFrom('tasks')
    .select('id')
    .where('person_id', '=', karen)
    .where('type', '=', 'bestem-handlekommune-manuelt')
    .executeTakeFirstOrThrow();
  const boCase = await app.db
    .selectFrom('cases')
    .select('id')
    .where('person_id', '=', boEfter)
    .where('benefit', '=', 'kontanthjaelp')
    .executeTakeFirstOrThrow();

  const kbh = await app.newPage({ municipality: '101' }, 1280);
  await app.shoot(kbh, '/', file('forside'));
  await app.shoot(kbh, '/borgere', file('borgere'));
  await app.shoot(kbh, `/borgere/${karen}`, file('borgeroverblik'));
  await app.shoot(kbh, '/opgaver', file('opgaveindbakke'));
  await app.shoot(kbh, `/opgaver/${karensTask.id}`, file('opgave'));

  const odense = await app.newPage({ municipality: '461' }, 1280);
  await app.shoot(odense, `/sager/${boCase.id}`, file('sag'));
  await app.shoot(odense, `/borgere/${boEfter}/fraflytning`, file('fraflytning'));

  const owner = await app.newPage({ municipality: '101', user: 'sa101', roles: ['systemansvarlig'] }, 1280);
  await app.shoot(owner, '/koersler', file('koersler'));

  const phone = await app.newPage({ municipality: '101' }, 390);
  await app.shoot(phone, `/borgere/${karen}`, file('borgeroverblik-mobil'));
} finally {
  await app.close();
}
