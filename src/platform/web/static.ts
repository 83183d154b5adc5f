/**
 * Serves Det Fælles Designsystem (the `dkfds` package's dist: CSS, JS, fonts, icons) under /static/dkfds/,
 * from node_modules, so the pages need no CDN and no network.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { AppPlugin } from '../http/app.ts';
import { dkfdsPath } from './components.ts';

/** The dkfds package's dist folder (its main entry is dist/js/dkfds.min.js). */
export function dkfdsDistDir(): string {
  const main = createRequire(import.meta.url).resolve('dkfds');
  return path.resolve(path.dirname(main), '..');
}

const servedFolders = /^\/(css|js|fonts|img)\//;

/** The assets plugin. */
export const webAssets: AppPlugin = async (app) => {
  await app.register(fastifyStatic, {
    root: dkfdsDistDir(),
    prefix: `${dkfdsPath}/`,
    decorateReply: false,
    index: false,
    maxAge: '1h',
    allowedPath: (pathName) => servedFolders.test(pathName),
  });
};
