import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  SimulatedClock,
  ZONE,
  atLocalTime,
  daysInMonth,
  formatLocalDateTime,
  localDate,
  parseDate,
  parseLocalDateTime,
  parseYearMonth,
} from './time.ts';

const date = (iso: string): Temporal.PlainDate => Temporal.PlainDate.from(iso);
const instant = (iso: string): Temporal.Instant => Temporal.Instant.from(iso);

describe('ZONE', () => {
  it('is Danish time', () => {
    expect(ZONE).toBe('Europe/Copenhagen');
  });
});

describe('SimulatedClock', () => {
  it('reports the instant it was started at until moved', () => {
    const clock = new SimulatedClock(instant('2025-01-01T00:00:00Z'));
    expect(clock.now().toString()).toBe('2025-01-01T00:00:00Z');
    clock.advanceTo(instant('2025-01-02T00:00:00Z'));
    expect(clock.now().toString()).toBe('2025-01-02T00:00:00Z');
  });

  it('may be set to the same instant again', () => {
    const clock = new SimulatedClock(instant('2025-01-01T00:00:00Z'));
    clock.advanceTo(instant('2025-01-01T00:00:00Z'));
    expect(clock.now().toString()).toBe('2025-01-01T00:00:00Z');
  });

  it('refuses to go backwards', () => {
    const clock = new SimulatedClock(instant('2025-01-02T00:00:00Z'));
    expect(() => clock.advanceTo(instant('2025-01-01T23:59:59Z'))).toThrow(RangeError);
  });
});

describe('parseDate', () => {
  it.each([['2024-02-29'], ['2025-02-28'], ['2025-12-31'], ['2000-02-29']])('accepts %j', (text) => {
    const result = parseDate(text);
    expect(result.ok && result.value.toString()).toBe(text);
  });

  it.each([['2025-02-29'], ['1900-02-29'], ['2025-04-31'], ['2025-13-01'], ['2025-00-10'], ['2025-01-00']])(
    'refuses %j, which does not exist',
    (text) => {
      expect(parseDate(text)).toEqual({
        ok: false,
        error: { code: 'ugyldig-dato', message: `Datoen ${text} findes ikke` },
      });
    },
  );

  it.each([
    ['2025-2-3'],
    ['20250203'],
    ['03-02-2025'],
    ['2025-02-03T00:00'],
    [' 2025-02-03'],
    ['+002025-02-03'],
    [''],
  ])('refuses %j, which is not written YYYY-MM-DD', (text) => {
    const result = parseDate(text);
    expect(!result.ok && result.error.code).toBe('ugyldig-dato');
    expect(!result.ok && result.error.message).toMatch(/ÅÅÅÅ-MM-DD/);
  });

  it('a formatted date parses back to itself', () => {
    const first = date('1900-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (days) => {
        const d = first.add({ days });
        const result = parseDate(d.toString());
        expect(result.ok && result.value.equals(d)).toBe(true);
      }),
    );
  });
});

describe('parseYearMonth', () => {
  it('accepts YYYY-MM', () => {
    const result = parseYearMonth('2025-03');
    expect(result.ok && result.value.toString()).toBe('2025-03');
  });

  it.each([['2025-13'], ['2025-00'], ['2025-3'], ['202503'], ['2025-03-01']])('refuses %j', (text) => {
    const result = parseYearMonth(text);
    expect(!result.ok && result.error.code).toBe('ugyldig-dato');
  });
});

describe('parseLocalDateTime', () => {
  it.each([
    ['2025-01-15T12:00', '2025-01-15T11:00:00Z', 'winter time is UTC+1'],
    ['2025-07-15T12:00', '2025-07-15T10:00:00Z', 'summer time is UTC+2'],
    ['2025-03-30T01:59', '2025-03-30T00:59:00Z', 'just before the spring gap'],
    ['2025-03-30T03:00', '2025-03-30T01:00:00Z', 'just after the spring gap'],
    ['2025-10-26T02:30', '2025-10-26T00:30:00Z', 'the repeated autumn hour resolves to the earlier instant'],
    ['2025-10-26T03:00', '2025-10-26T02:00:00Z', 'after the repeated hour'],
    ['2025-12-31T23:59', '2025-12-31T22:59:00Z', 'the last minute of the year'],
  ])('%s is %s (%s)', (text, utc) => {
    const result = parseLocalDateTime(text);
    expect(result.ok && result.value.toString()).toBe(utc);
  });

  it.each([['2025-03-30T02:00'], ['2025-03-30T02:30'], ['2025-03-30T02:59']])(
    'refuses %s, which the spring change to summer time skips',
    (text) => {
      const result = parseLocalDateTime(text);
      expect(!result.ok && result.error.code).toBe('ugyldigt-tidspunkt');
      expect(!result.ok && result.error.message).toMatch(/findes ikke.*sommertid/);
    },
  );

  it.each([
    ['2025-02-29T12:00'],
    ['2025-01-01T24:00'],
    ['2025-01-01T12:60'],
    ['2025-01-01 12:00'],
    ['2025-01-01T12:00:00'],
    ['2025-01-01T12:00Z'],
    ['2025-01-01'],
  ])('refuses %j', (text) => {
    const result = parseLocalDateTime(text);
    expect(!result.ok && result.error.code).toBe('ugyldigt-tidspunkt');
  });

  it('formatting an instant on a whole minute and parsing it gives an instant with the same local time', () => {
    const start = instant('2000-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60 * 24 * 366 * 40 }), (minutes) => {
        const moment = start.add({ minutes });
        const text = formatLocalDateTime(moment);
        const result = parseLocalDateTime(text);
        expect(result.ok && formatLocalDateTime(result.value)).toBe(text);
        // Only the second pass through the repeated autumn hour maps to a different (earlier) instant.
        expect(result.ok && Temporal.Instant.compare(result.value, moment) <= 0).toBe(true);
      }),
    );
  });
});

describe('atLocalTime', () => {
  it.each([
    ['2025-03-30', 4, '2025-03-30T02:00:00Z', '04:00 on the spring DST day exists once'],
    ['2025-10-26', 4, '2025-10-26T03:00:00Z', '04:00 on the autumn DST day exists once'],
    ['2025-03-30', 18, '2025-03-30T16:00:00Z', '18:00 on the spring DST day'],
    ['2025-10-26', 18, '2025-10-26T17:00:00Z', '18:00 on the autumn DST day'],
    ['2025-01-15', 0, '2025-01-14T23:00:00Z', 'midnight in winter'],
  ])('%s at %i:00 is %s (%s)', (day, hour, utc) => {
    expect(atLocalTime(date(day), hour).toString()).toBe(utc);
  });

  it('takes minutes', () => {
    expect(atLocalTime(date('2025-07-01'), 18, 30).toString()).toBe('2025-07-01T16:30:00Z');
  });

  it.each([
    [24, 0],
    [-1, 0],
    [12, 60],
  ])('refuses %i:%i', (hour, minute) => {
    expect(() => atLocalTime(date('2025-07-01'), hour, minute)).toThrow(RangeError);
  });

  it('04:00 and 18:00 fall on the same local date and read back as the same local time', () => {
    const first = date('1970-01-01');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 60_000 }), fc.constantFrom(4, 18), (days, hour) => {
        const d = first.add({ days });
        const moment = atLocalTime(d, hour);
        expect(localDate(moment).equals(d)).toBe(true);
        expect(formatLocalDateTime(moment)).toBe(`${d.toString()}T${String(hour).padStart(2, '0')}:00`);
      }),
    );
  });
});

describe('localDate and formatLocalDateTime', () => {
  it('a late evening UTC instant is already the next day in Denmark', () => {
    expect(localDate(instant('2025-06-30T22:30:00Z')).toString()).toBe('2025-07-01');
    expect(formatLocalDateTime(instant('2025-06-30T22:30:00Z'))).toBe('2025-07-01T00:30');
  });
});

describe('daysInMonth', () => {
  it.each([
    [2024, 2, 29],
    [2025, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2025, 4, 30],
    [2025, 12, 31],
  ])('%i-%i has %i days', (year, month, days) => {
    expect(daysInMonth(year, month)).toBe(days);
  });

  it.each([[0], [13], [1.5]])('refuses month %s', (month) => {
    expect(() => daysInMonth(2025, month)).toThrow(RangeError);
  });

  it('agrees with Temporal for every month', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
        expect(daysInMonth(year, month)).toBe(Temporal.PlainYearMonth.from({ year, month }).daysInMonth);
      }),
    );
  });
});
