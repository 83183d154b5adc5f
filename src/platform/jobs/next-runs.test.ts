import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { nextOccurrences, nextPayout } from './run-overview.ts';

const at = (text: string) => Temporal.Instant.from(text);

describe('the next occurrence of each scheduled job', () => {
  it('on a morning in May 2025: tomorrow 04:00, the May run and the May payout', () => {
    const next = nextOccurrences(at('2025-05-05T07:00:00Z'));
    expect(next['daglig-flytning']).toEqual({
      job: 'daglig-flytning',
      key: 'daglig-flytning:2025-05-06',
      at: at('2025-05-06T02:00:00Z'),
    });
    expect(next.maanedskoersel.key).toBe('maanedskoersel:2025-05');
    expect(next.maanedskoersel.at).toEqual(at('2025-05-22T16:00:00Z'));
    expect(next.udbetaling.key).toBe('udbetaling:2025-05');
    expect(next.udbetaling.at).toEqual(at('2025-05-28T04:00:00Z'));
  });

  it('a run that starts at this very moment is not next: the next one is', () => {
    expect(nextOccurrences(at('2025-05-06T02:00:00Z'))['daglig-flytning'].key).toBe(
      'daglig-flytning:2025-05-07',
    );
    expect(nextOccurrences(at('2025-05-22T16:00:00Z')).maanedskoersel.key).toBe('maanedskoersel:2025-06');
    expect(nextPayout(at('2025-05-28T03:59:59Z')).key).toBe('udbetaling:2025-05');
    expect(nextPayout(at('2025-05-28T04:00:00Z')).key).toBe('udbetaling:2025-06');
  });
});
