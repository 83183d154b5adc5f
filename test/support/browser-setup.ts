/**
 * Global setup of the browser tests: chooses the Chromium once (unpacking the packaged one once, not in
 * every test file at the same time) and says in the test output which one is used.
 */
import type { TestProject } from 'vitest/node';
import { chooseChromium } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const choice = await chooseChromium();
  process.stdout.write(`Browsertests: ${choice.description}\n`);
  project.provide('chromiumPath', choice.executablePath);
}
