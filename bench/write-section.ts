/**
 * Writes one benchmark's section into docs/benchmarks.md when it is run alone: the section whose heading
 * (its first line) is already there is replaced, else the section is added at the end; the rest is kept.
 */
import fs from 'node:fs';

export function writeBenchmarkSection(section: string): void {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '# Benchmarks\n';
  const heading = section.slice(0, section.indexOf('\n'));
  const start = text.indexOf(heading);
  const end = start === -1 ? -1 : text.indexOf('\n## ', start + heading.length);
  fs.writeFileSync(
    file,
    start === -1
      ? `${text.trimEnd()}\n\n${section}`
      : `${text.slice(0, start)}${section.trimEnd()}\n${end === -1 ? '' : text.slice(end)}`,
  );
}
