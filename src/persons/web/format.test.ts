import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { actorText, dateInput, formatDate, formatInstant, looksLikeDate, periodText } from './format.ts';

describe('Danish formatting on the pages', () => {
  it.each([
    ['2025-05-07T07:00:00Z', '07.05.2025 kl. 09:00'],
    ['2025-01-31T23:30:00Z', '01.02.2025 kl. 00:30'],
    ['2025-10-26T00:30:00Z', '26.10.2025 kl. 02:30'],
    ['2025-10-26T01:30:00Z', '26.10.2025 kl. 02:30'],
  ])('writes the instant %s in Danish time as %s', (instant, expected) => {
    expect(formatInstant(Temporal.Instant.from(instant))).toBe(expected);
  });

  it.each([
    ['1.2.2020', '2020-02-01'],
    ['01.02.2020', '2020-02-01'],
    [' 31-12-2019 ', '2019-12-31'],
    ['2020-02-01', '2020-02-01'],
    ['1/2/2020', '1/2/2020'],
    ['', ''],
  ])('reads the typed date %j as %j', (typed, expected) => {
    expect(dateInput(typed)).toBe(expected);
  });

  it('tells a date-shaped text from any other', () => {
    expect(looksLikeDate('30.02.2020')).toBe(true);
    expect(looksLikeDate('i går')).toBe(false);
  });

  it('writes dates and periods', () => {
    expect(formatDate('2020-01-05')).toBe('05.01.2020');
    expect(periodText('2020-01-01', null)).toBe('fra 01.01.2020');
    expect(periodText('2020-01-01', '2020-03-31')).toBe('01.01.2020 – 31.03.2020');
  });

  it.each([
    ['bruger:sb101@101', 'sb101, København (101)'],
    ['bruger:sb101', 'sb101'],
    ['system:demo-data', 'System (demo-data)'],
    ['noget-andet', 'noget-andet'],
  ])('writes the actor %s as %s', (label, expected) => {
    expect(actorText(label)).toBe(expected);
  });
});
