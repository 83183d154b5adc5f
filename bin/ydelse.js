#!/usr/bin/env node
// The `ydelse` command. Node 24 runs the TypeScript sources directly (type stripping): no build step.
import module from 'node:module';
import path from 'node:path';

module.enableCompileCache?.(path.join(import.meta.dirname, '..', '.cache', 'node'));
await import('../src/platform/node-version.ts');
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
