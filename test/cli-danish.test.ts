/** The CLI speaks Danish also where commander speaks: its refusals and its help. No database is needed. */
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ydelse', ...args], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const english =
  /\b(error|Usage|Options|Commands|Arguments|required|option|unknown|argument|missing|Did you mean|display help|default)\b/;

describe("commander's messages in Danish", () => {
  it.each([
    [['tasks', 'close'], 'Fejl: tilvalget --types <typer> skal angives'],
    [['tasks', 'close', '--types', 'x'], 'Fejl: tilvalget --reason <begrundelse> skal angives'],
    [['--nope'], 'Fejl: ukendt tilvalg --nope'],
    [['calendar', 'bank-days', '2025-01-01'], 'Fejl: argumentet TO mangler'],
    [
      ['calendar', 'bank-days', '2025-01-01', '2025-01-02', '2025-01-03'],
      "Fejl: for mange argumenter til 'bank-days': højst 2, fik 3: 2025-01-01, 2025-01-02, 2025-01-03.",
    ],
    [['persn'], 'Fejl: ukendt kommando persn\n(Mente du person?)'],
    [['person', 'show', '0101010101', '--formaal'], 'Fejl: tilvalget --formaal <formaal> mangler en værdi'],
  ])('%j is refused in Danish with exit code 2', async (args, message) => {
    const result = await cli(...args);
    expect(result).toEqual({ code: 2, out: '', err: message });
  });

  it.each([
    [['--help']],
    [['person', '--help']],
    [['tasks', 'restart', '--help']],
    [['help', 'person']],
    [['satser', 'import', '--help']],
    [['satser', 'vis', '--help']],
  ])('the help of %j has Danish headings and no English', async (args) => {
    const result = await cli(...args);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^Brug: ydelse/);
    expect(result.out).toMatch(/Tilvalg:/);
    expect(result.out).toContain('-h, --help');
    expect(result.out).not.toMatch(english);
  });
});

describe('ydelse person show --formaal', () => {
  it('accepts only the documented purposes, naming the option', async () => {
    const result = await cli('person', 'show', '0101010101', '--formaal', 'sjov');
    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'Fejl i --formaal: Ukendt formål "sjov"; brug sagsbehandling eller opfølgning [ugyldigt-input]',
    });
  });
});
