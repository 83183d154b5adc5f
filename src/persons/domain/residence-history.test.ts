import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { CountryCode, MunicipalityCode, Residence } from '../../kernel/index.ts';
import { decideAddressChange } from './decide-address-change.ts';
import { addMessage, decideReceipt, residenceHistory, type MoveMessage } from './residence-history.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const living = (municipality: string): Residence => ({
  kind: 'municipality',
  municipality: municipality as MunicipalityCode,
});
const abroad = (country: string): Residence => ({ kind: 'abroad', country: country as CountryCode });
const start = [{ from: d('2015-01-01'), residence: living('101') }];
const show = (history: ReturnType<typeof residenceHistory>) =>
  history.map(
    (e) =>
      `${e.from.toString()} ${e.residence.kind === 'municipality' ? e.residence.municipality : e.residence.country}`,
  );

describe('the residence history of a set of CPR messages', () => {
  // The measured case: sequence 2 moves the citizen to 461 from 28 Dec, sequence 3 to 851 from 10 Dec.
  const seq2: MoveMessage = { sequence: 2, date: d('2025-12-28'), residence: living('461') };
  const seq3: MoveMessage = { sequence: 3, date: d('2025-12-10'), residence: living('851') };

  it('is the same whether sequence 2 or 3 arrives first: 851 from 10 Dec, then 461 from 28 Dec', () => {
    const expected = ['2015-01-01 101', '2025-12-10 851', '2025-12-28 461'];
    expect(show(residenceHistory(start, [seq2, seq3]))).toEqual(expected);
    expect(show(residenceHistory(start, [seq3, seq2]))).toEqual(expected);
  });

  it('an older sequence number for a date a newer one decided changes nothing (overhalet), in either order', () => {
    const newer: MoveMessage = { sequence: 9, date: d('2025-12-10'), residence: living('147') };
    expect(addMessage(residenceHistory(start, [newer]), seq3).effect).toBe('overhalet');
    expect(addMessage(residenceHistory(start, [seq3]), newer).effect).toBe('erstatter');
    expect(show(residenceHistory(start, [seq3, newer]))).toEqual(
      show(residenceHistory(start, [newer, seq3])),
    );
  });

  it('a message for the date of the registered residence replaces it; the same message twice changes nothing', () => {
    const same: MoveMessage = { sequence: 1, date: d('2015-01-01'), residence: living('147') };
    expect(show(residenceHistory(start, [same]))).toEqual(['2015-01-01 147']);
    expect(addMessage(residenceHistory(start, [same]), same).effect).toBe('samme');
  });

  it('decides a received message: allerede-modtaget, sekvens-konflikt, ikke-fundet, overhalet, behandlet', () => {
    const today = d('2025-12-01');
    const change = decideAddressChange(
      { sequence: 2, cpr: '0703621007', municipality: '461', date: '2025-12-28' },
      today,
    );
    if (!change.ok) throw new Error(change.error.message);
    const content = { cpr: '0703621007', date: '2025-12-28', municipality: '461' };
    const history = residenceHistory(start, [seq3]);
    expect(decideReceipt(change.value, content, history)).toMatchObject({
      ok: true,
      value: { status: 'allerede-modtaget' },
    });
    expect(decideReceipt(change.value, { ...content, municipality: '147' }, history)).toMatchObject({
      ok: false,
      error: { code: 'sekvens-konflikt', field: 'sequence' },
    });
    expect(decideReceipt(change.value, undefined, undefined)).toMatchObject({
      ok: false,
      error: { code: 'ikke-fundet', field: 'cpr' },
    });
    const later = residenceHistory(start, [{ ...seq2, sequence: 5, residence: living('147') }]);
    expect(decideReceipt(change.value, undefined, later)).toMatchObject({
      ok: true,
      value: { status: 'overhalet' },
    });
    const received = decideReceipt(change.value, undefined, history);
    expect(received.ok && received.value.status).toBe('behandlet');
    expect(received.ok && show(received.value.history)).toEqual(show(residenceHistory(start, [seq2, seq3])));
  });
});

/** Message sets of one citizen: few dates so they repeat, moves abroad, sequence numbers naming one message. */
const messageSet = fc
  .array(
    fc.record({
      day: fc.integer({ min: 0, max: 12 }),
      place: fc.constantFrom(
        living('101'),
        living('147'),
        living('461'),
        living('851'),
        abroad('SE'),
        abroad('DE'),
      ),
    }),
    { minLength: 1, maxLength: 10 },
  )
  .chain((drafts) =>
    fc
      .shuffledSubarray(
        Array.from({ length: 40 }, (_, i) => i + 1),
        { minLength: drafts.length, maxLength: drafts.length },
      )
      .map((sequences) =>
        drafts.map((draft, i): MoveMessage => ({
          sequence: sequences[i] ?? 0,
          date: d('2025-12-01').add({ days: draft.day * 3 }),
          residence: draft.place,
        })),
      ),
  );

/** The set delivered in another order, some messages more than once. */
const delivery = (messages: readonly MoveMessage[]) =>
  fc
    .array(fc.integer({ min: 0, max: messages.length - 1 }), { maxLength: messages.length })
    .chain((repeats) =>
      fc.shuffledSubarray([...messages, ...repeats.map((i) => messages[i] as MoveMessage)], {
        minLength: messages.length + repeats.length,
        maxLength: messages.length + repeats.length,
      }),
    );

describe('arrival order never matters (domain §2 point 1)', () => {
  it('every permutation and duplication of a message set gives the same history', () => {
    fc.assert(
      fc.property(
        messageSet.chain((messages) => fc.tuple(fc.constant(messages), delivery(messages))),
        ([messages, delivered]) => {
          const inOrder = [...messages].sort((a, b) => a.sequence - b.sequence);
          const expected = residenceHistory(start, inOrder);
          expect(show(residenceHistory(start, delivered))).toEqual(show(expected));
          // Per date, the message with the highest sequence number.
          for (const entry of expected.slice(1)) {
            const forDate = messages.filter((m) => m.date.equals(entry.from));
            expect(entry.sequence).toBe(Math.max(...forDate.map((m) => m.sequence)));
          }
        },
      ),
      { seed: 20251210, numRuns: 500 },
    );
  });
});
