/** Runs the `ydelse` command in-process, as a test does, with its exit code and what it printed. */
import { main } from '../../src/cli/main.ts';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ydelse', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
