/** Registrations as the pure rules read them, for tests: a fact from a day, and a month's 225-rule hours. */
import { Temporal } from 'temporal-polyfill';
import type { Registration, RegistrationValue } from '../../src/cases/index.ts';

let nextId = 0;

/** A standing registration of the person `p1`, recorded 1 January 2016. */
export function registration(value: RegistrationValue, from: string, to: string | null = null): Registration {
  nextId += 1;
  return {
    id: `r${String(nextId)}`,
    personId: 'p1',
    caseId: null,
    from: Temporal.PlainDate.from(from),
    to: to === null ? null : Temporal.PlainDate.from(to),
    value,
    recordedAt: Temporal.Instant.from('2016-01-01T00:00:00Z'),
    recordedBy: 'sb101@101',
    supersededAt: null,
  };
}

/** Hours of ordinary work in one whole calendar month (`2021-03`), as the registration is made. */
export function hoursIn(month: string, hours: number): Registration {
  const m = Temporal.PlainYearMonth.from(month);
  return registration(
    { kind: 'timeregel-timer', hours },
    m.toPlainDate({ day: 1 }).toString(),
    m.toPlainDate({ day: m.daysInMonth }).toString(),
  );
}
