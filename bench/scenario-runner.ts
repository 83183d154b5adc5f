/**
 * Scenario runner overhead: files of 10 steps (advances across run days and expectations), each on a
 * freshly migrated schema. Target (foundation issue): under 200 ms per file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDatabase, withDatabaseName } from '../src/platform/db/connect.ts';
import { runScenarioFiles } from '../src/scenario/index.ts';

export interface ScenarioBenchResult {
  readonly files: number;
  readonly stepsPerFile: number;
  readonly meanMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly totalMs: number;
}

function scenarioText(index: number): string {
  const cpr = `0101${String(50 + (index % 40)).padStart(2, '0')}${String(1000 + index).padStart(4, '0')}`;
  const step = (day: number) => `  - advance: 2025-05-${String(day).padStart(2, '0')}T12:00
  - expect:
      residence: { cpr: "${cpr}", is: "101" }
      events:
        - { type: borger-oprettet, cpr: "${cpr}", count: 1 }`;
  return `title: Benchmark ${index}
start: 2025-05-01T09:00
persons:
  - cpr: "${cpr}"
    name: Bench Borger ${index}
    residence:
      - { municipality: "101", from: 2015-01-01 }
steps:
${[4, 8, 15, 23, 31].map(step).join('\n')}
`;
}

/** Writes `count` generated files, runs them once to warm up and once measured. */
export async function benchScenarioRunner(adminUrl: string, count: number): Promise<ScenarioBenchResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ydelse-bench-scenarios-'));
  const files = Array.from({ length: count }, (_, index) => {
    const file = path.join(dir, `s${String(index).padStart(4, '0')}.yaml`);
    fs.writeFileSync(file, scenarioText(index));
    return file;
  });
  await ensureDatabase(adminUrl, 'ydelse_bench');
  const server = { databaseUrl: withDatabaseName(adminUrl, 'ydelse_bench') };
  await runScenarioFiles(server, files.slice(0, 5));
  const started = performance.now();
  const outcomes = await runScenarioFiles(server, files);
  const totalMs = performance.now() - started;
  fs.rmSync(dir, { recursive: true, force: true });
  const failed = outcomes.filter((o) => !o.passed);
  if (failed.length > 0) throw new Error(`benchmark scenarios failed: ${JSON.stringify(failed[0])}`);
  const durations = outcomes.map((o) => o.durationMs).sort((a, b) => a - b);
  const at = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
  return {
    files: count,
    stepsPerFile: 10,
    meanMs: totalMs / count,
    p95Ms: at(0.95),
    maxMs: durations.at(-1) ?? 0,
    totalMs,
  };
}
