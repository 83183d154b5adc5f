#!/usr/bin/env node
// The `ydelse` command. Node 24 runs the TypeScript sources directly (type stripping): no build step.
import './check-node.js';
import module from 'node:module';
import path from 'node:path';

module.enableCompileCache?.(path.join(import.meta.dirname, '..', '.cache', 'node'));
const { main } = await import('../src/cli/main.ts');
// Exit explicitly: a dependency's exit hook would otherwise end the process with 0 whatever `main` said.
process.exit(await main(process.argv));
