/**
 * The residence history as a pure function of the CPR messages received for the person (domain §2 point 1,
 * "(our rule) Arrival order never matters"): each message states the residence from its move date onward;
 * for one move date the highest sequence number wins; an older sequence with another date still adds its
 * date. The residence registered at the start (or a move registered by hand) counts as lower than any
 * message for its date. Taking one message in is a join (per date, the maximum by sequence number), so the
 * history of a set of messages is the same in every order, and a message taken twice changes nothing.
 *
 * The one exception is a broken feed: CPR numbers its messages uniquely, so a sequence number already used
 * with other content is refused (`sekvens-konflikt`) and the first stays; the rule holds for every set of
 * messages in which a sequence number names one message.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, formatCpr, ok, type Residence, type Result } from '../../kernel/index.ts';
import { messageContent, type AddressChange } from './decide-address-change.ts';
import type { ResidencePeriod } from './person.ts';

export interface HistoryEntry extends ResidencePeriod {
  /** The sequence number of the message that decided this date; null for a registration without one. */
  readonly sequence: number | null;
}

/** What a message states: the residence from its date onward, under its sequence number. */
export interface MoveMessage {
  readonly sequence: number;
  readonly date: Temporal.PlainDate;
  readonly residence: Residence;
}

const sameResidence = (a: Residence, b: Residence): boolean =>
  a.kind === 'municipality'
    ? b.kind === 'municipality' && a.municipality === b.municipality
    : b.kind === 'abroad' && a.country === b.country;

/**
 * What one message does to the history: `ny-dato` adds its date, `erstatter` replaces the entry of its date
 * (a lower sequence number or a registration), `overhalet` changes nothing because a higher sequence number
 * decided its date, `samme` changes nothing because it is the message that decided it.
 */
export type MessageEffect = 'ny-dato' | 'erstatter' | 'overhalet' | 'samme';

/** Takes one message into the history (oldest first); returns the new history and what changed. */
export function addMessage(
  history: readonly HistoryEntry[],
  message: MoveMessage,
): { readonly history: readonly HistoryEntry[]; readonly effect: MessageEffect } {
  const entry: HistoryEntry = {
    from: message.date,
    residence: message.residence,
    sequence: message.sequence,
  };
  const index = history.findIndex((e) => Temporal.PlainDate.compare(e.from, message.date) >= 0);
  const found = index === -1 ? undefined : history[index];
  if (found === undefined || !found.from.equals(message.date)) {
    const at = index === -1 ? history.length : index;
    return { history: [...history.slice(0, at), entry, ...history.slice(at)], effect: 'ny-dato' };
  }
  if (found.sequence !== null && found.sequence > message.sequence) return { history, effect: 'overhalet' };
  if (found.sequence === message.sequence) {
    // One sequence number names one message (a conflict is refused before it gets here); should two
    // contents still meet, the smaller place wins, so even then the result does not depend on order.
    if (sameResidence(found.residence, message.residence)) return { history, effect: 'samme' };
    if (placeKey(found.residence) < placeKey(message.residence)) return { history, effect: 'samme' };
  }
  return {
    history: history.map((e, i) => (i === index ? entry : e)),
    effect: 'erstatter',
  };
}

const placeKey = (r: Residence): string => (r.kind === 'municipality' ? r.municipality : `~${r.country}`);

/** The history of a set of messages on top of the residence registered at the start. */
export function residenceHistory(
  start: readonly ResidencePeriod[],
  messages: Iterable<MoveMessage>,
): readonly HistoryEntry[] {
  let history: readonly HistoryEntry[] = [...start]
    .sort((a, b) => Temporal.PlainDate.compare(a.from, b.from))
    .map((e) => ({ from: e.from, residence: e.residence, sequence: null }));
  for (const message of messages) history = addMessage(history, message).history;
  return history;
}

export type ReceiptStatus = 'behandlet' | 'allerede-modtaget' | 'overhalet';

export interface ReceiptDecision {
  readonly status: ReceiptStatus;
  /** The entry to write for the message's date (when `behandlet`). */
  readonly entry: HistoryEntry | undefined;
  readonly history: readonly HistoryEntry[];
}

/** Flat message contents are equal when they have the same keys and values (jsonb reorders keys). */
function sameContent(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * Decides a valid message against what is known: `earlier` is the content of the message already taken
 * with the same sequence number (any citizen), `history` the citizen's history (undefined when the citizen
 * is unknown).
 * - the same sequence number and content: `allerede-modtaget`; with other content: `sekvens-konflikt`;
 * - a higher sequence number already decided the message's date: `overhalet`, nothing changes;
 * - otherwise `behandlet`: the message adds its date or replaces the entry of its date.
 */
export function decideReceipt(
  change: AddressChange,
  earlier: Readonly<Record<string, unknown>> | undefined,
  history: readonly HistoryEntry[] | undefined,
): Result<ReceiptDecision> {
  if (earlier !== undefined) {
    return sameContent(earlier, messageContent(change))
      ? ok({ status: 'allerede-modtaget', entry: undefined, history: history ?? [] })
      : fail(
          'sekvens-konflikt',
          `Sekvensnummer ${change.sequence} er allerede modtaget med et andet indhold`,
          'sequence',
        );
  }
  if (history === undefined)
    return fail('ikke-fundet', `Borgeren ${formatCpr(change.cpr)} findes ikke`, 'cpr');
  const added = addMessage(history, change);
  if (added.effect === 'overhalet' || added.effect === 'samme')
    return ok({ status: 'overhalet', entry: undefined, history });
  return ok({
    status: 'behandlet',
    entry: { from: change.date, residence: change.residence, sequence: change.sequence },
    history: added.history,
  });
}
