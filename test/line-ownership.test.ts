/**
 * `payment_lines` and `deduction_lines` have one owner (docs/decisions/0019): only the cases context's line
 * repository inserts, updates or deletes them. dependency-cruiser cannot see SQL, so this test reads every
 * source file under src/ and fails on a write to either table anywhere else. Tests (which set up and break
 * lines on purpose) and migrations (the schema's own history) are outside the rule.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const owner = 'src/cases/db/line.repository.ts';
const tables = '(payment_lines|deduction_lines)';

/** SQL text (`update payment_lines`, `insert into only "deduction_lines"`) and Kysely's builders. */
const writes = [
  new RegExp(
    `\\b(insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(\\s+table)?|copy)\\s+(only\\s+)?"?${tables}\\b`,
    'gi',
  ),
  new RegExp(`\\b(insertInto|updateTable|deleteFrom|mergeInto|replaceInto)\\(\\s*['"\`]${tables}\\b`, 'g'),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every write to a line table in the text, as `file:line: match`. */
function writesIn(file: string, text: string): string[] {
  return writes.flatMap((pattern) =>
    [...text.matchAll(pattern)].map(
      (m) => `${file}:${text.slice(0, m.index).split('\n').length}: ${m[0].replace(/\s+/g, ' ')}`,
    ),
  );
}

describe('who writes payment_lines and deduction_lines', () => {
  it('recognises the ways a write is spelled', () => {
    const samples = [
      "tx.updateTable('payment_lines').set({ status: 'stoppet' })",
      'tx.insertInto("deduction_lines").values(row)',
      'db.deleteFrom(`payment_lines`)',
      'sql`UPDATE payment_lines p SET status = $1`',
      'sql`with x as (\n  update\n    deduction_lines set status = 1)`',
      'sql`insert into only payment_lines (id) values (1)`',
      'sql`delete from "payment_lines" where id = 1`',
    ];
    for (const sample of samples) expect(writesIn('x.ts', sample), sample).toHaveLength(1);
    const reads = [
      "tx.selectFrom('payment_lines')",
      'sql`select * from payment_lines l join deduction_lines d on true`',
      'sql`update cases set status = 1 from payment_lines`',
    ];
    for (const sample of reads) expect(writesIn('x.ts', sample), sample).toEqual([]);
  });

  it('the owner is the only source file that writes them', () => {
    const found = sourceFiles(join(root, 'src'))
      .map((path) => relative(root, path).split('\\').join('/'))
      .filter((file) => file !== owner && !file.startsWith('src/platform/db/migrations/'))
      .flatMap((file) => writesIn(file, readFileSync(join(root, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it('the owner does write them, so the rule points at the right file', () => {
    expect(writesIn(owner, readFileSync(join(root, owner), 'utf8')).length).toBeGreaterThan(0);
  });
});
