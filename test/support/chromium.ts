/**
 * Which Chromium the browser tests drive: Debian's at /usr/bin/chromium when it is installed, otherwise the
 * one shipped inside the `@sparticuz/chromium` npm package (unpacked once into the temporary folder), so
 * `npm install && npm test` needs nothing else on the machine. playwright-core never downloads a browser.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const debianChromium = '/usr/bin/chromium';

export interface ChromiumChoice {
  readonly executablePath: string;
  /** One line for the test output: which Chromium, and where. */
  readonly description: string;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Debian's Chromium if present (or the one YDELSE_CHROMIUM names), else the npm package's. */
export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<ChromiumChoice> {
  const named = env.YDELSE_CHROMIUM;
  if (named !== undefined && named !== '') {
    if (!isExecutable(named)) throw new Error(`YDELSE_CHROMIUM=${named} er ikke en kørbar fil`);
    return { executablePath: named, description: `Chromium fra YDELSE_CHROMIUM (${named})` };
  }
  if (isExecutable(debianChromium)) {
    return { executablePath: debianChromium, description: `Debians Chromium (${debianChromium})` };
  }
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  const { version } = JSON.parse(
    fs.readFileSync(
      path.join(
        path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')),
        '..',
        'package.json',
      ),
      'utf8',
    ),
  ) as { version: string };
  return {
    executablePath,
    description: `Chromium fra npm-pakken @sparticuz/chromium ${version} (${executablePath}); ${debianChromium} findes ikke`,
  };
}
