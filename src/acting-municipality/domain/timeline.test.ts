import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { MunicipalityCode, Residence } from '../../kernel/index.ts';
import { actingStartDates, residenceActingTimeline, type TimelineActing } from './timeline.ts';

const d = (text: string): Temporal.PlainDate => Temporal.PlainDate.from(text);
/** 04:00 Danish time on the day (the daily run), or the registration's moment. */
const at = (text: string, time = '04:00'): Temporal.Instant =>
  Temporal.PlainDateTime.from(`${text}T${time}`).toZonedDateTime('Europe/Copenhagen').toInstant();
const kbh = '101' as MunicipalityCode;
const aarhus = '751' as MunicipalityCode;
const odense = '461' as MunicipalityCode;
const lives = (municipality: MunicipalityCode, from: string) => ({
  residence: { kind: 'municipality', municipality } as Residence,
  from: d(from),
});

describe('the timeline of residence and acting municipality', () => {
  it('starts the history at the residence date, not at the registration in the system', () => {
    const rows = residenceActingTimeline(
      [lives(kbh, '2020-01-15')],
      [{ municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' }],
      [],
    );
    expect(rows).toEqual([
      {
        from: d('2020-01-15'),
        to: null,
        residence: { kind: 'municipality', municipality: kbh },
        acting: { municipality: kbh, reason: 'bopael' },
      },
    ]);
  });

  it.each([
    {
      case: 'a move effectuated by the run on the move date',
      residences: [lives(kbh, '2020-01-15'), lives(aarhus, '2025-06-01')],
      acting: [
        { municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' },
        { municipality: aarhus, from: at('2025-06-01'), reason: 'bopael' },
      ],
      manual: [],
      starts: ['2020-01-15', '2025-06-01'],
    },
    {
      case: 'a move effectuated late (the run after a late CPR message)',
      residences: [lives(kbh, '2020-01-15'), lives(aarhus, '2025-06-01')],
      acting: [
        { municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' },
        { municipality: aarhus, from: at('2025-06-04'), reason: 'bopael' },
      ],
      manual: [],
      starts: ['2020-01-15', '2025-06-01'],
    },
    {
      case: 'a manual period and the return to the residence municipality',
      residences: [lives(kbh, '2020-01-15')],
      acting: [
        { municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' },
        { municipality: odense, from: at('2025-06-01'), reason: 'manuel' },
        { municipality: kbh, from: at('2025-09-01'), reason: 'bopael' },
      ],
      manual: [{ municipality: odense, from: d('2025-06-01'), status: 'ophoert' }],
      starts: ['2020-01-15', '2025-06-01', '2025-09-01'],
    },
    {
      case: 'a back-dated manual period starts at its registration (the financing covers the past)',
      residences: [lives(kbh, '2020-01-15')],
      acting: [
        { municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' },
        { municipality: odense, from: at('2025-06-02'), reason: 'manuel' },
      ],
      manual: [{ municipality: odense, from: d('2025-03-01'), status: 'i-kraft' }],
      starts: ['2020-01-15', '2025-03-01'],
    },
    {
      case: 'a citizen registered abroad',
      residences: [{ residence: { kind: 'abroad', country: 'SE' } as Residence, from: d('2019-02-01') }],
      acting: [{ municipality: null, from: at('2025-05-05', '09:12'), reason: 'udlandet' }],
      manual: [],
      starts: ['2019-02-01'],
    },
  ])('dates $case', ({ residences, acting, manual, starts }) => {
    expect(
      actingStartDates(residences, acting as TimelineActing[], manual).map((date) => date.toString()),
    ).toEqual(starts);
  });

  it('cuts at every change and joins what does not change', () => {
    const rows = residenceActingTimeline(
      [lives(kbh, '2020-01-15'), lives(aarhus, '2025-06-01')],
      [
        { municipality: kbh, from: at('2025-05-05', '09:12'), reason: 'bopael' },
        { municipality: aarhus, from: at('2025-06-04'), reason: 'bopael' },
      ],
      [],
    );
    expect(rows.map((row) => [row.from.toString(), row.to?.toString() ?? null])).toEqual([
      ['2020-01-15', '2025-05-31'],
      ['2025-06-01', null],
    ]);
  });

  it('is ordered, gapless and never starts an acting period after it was registered', () => {
    const code = fc.constantFrom(kbh, aarhus, odense);
    const day = fc.integer({ min: 0, max: 3000 }).map((n) => d('2018-01-01').add({ days: n }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(code, day), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(code, day, fc.constantFrom('bopael', 'manuel')), { minLength: 1, maxLength: 5 }),
        (residenceList, actingList) => {
          const residences = residenceList
            .map(([m, from]) => lives(m, from.toString()))
            .sort((a, b) => Temporal.PlainDate.compare(a.from, b.from));
          const acting = actingList
            .map(([m, from, reason]) => ({ municipality: m, from: at(from.toString()), reason }))
            .sort((a, b) => Temporal.Instant.compare(a.from, b.from));
          const manual = actingList.map(([m, from]) => ({
            municipality: m,
            from: from.subtract({ days: 10 }),
            status: 'i-kraft',
          }));
          const starts = actingStartDates(residences, acting, manual);
          starts.forEach((start, i) => {
            const registered = acting[i]?.from.toZonedDateTimeISO('Europe/Copenhagen').toPlainDate();
            if (registered !== undefined)
              expect(Temporal.PlainDate.compare(start, registered)).toBeLessThanOrEqual(0);
            if (i > 0)
              expect(Temporal.PlainDate.compare(starts[i - 1] ?? start, start)).toBeLessThanOrEqual(0);
          });
          const rows = residenceActingTimeline(residences, acting, manual);
          rows.forEach((row, i) => {
            const next = rows[i + 1];
            if (next === undefined) expect(row.to).toBeNull();
            else expect(row.to?.add({ days: 1 }).equals(next.from)).toBe(true);
          });
          const last = rows.at(-1);
          expect(last?.acting?.municipality).toBe(acting.at(-1)?.municipality);
        },
      ),
      { numRuns: 300 },
    );
  });
});
