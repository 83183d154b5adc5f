/**
 * Receives an inbound CPR address change (domain §2 point 1). The residence history is a pure function of
 * the messages received for the person (`decideReceipt` in domain/residence-history.ts): per move date the
 * highest sequence number wins, an older one with another date still adds its date, and the same message
 * twice changes nothing — so the order of arrival never matters. A message that cannot be read or is
 * refused lands in the error queue with its code, stored safely (domain/read-address-change.ts) and once.
 */
import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { localDate, ok, type DomainError, type Residence, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import {
  findPersonByCpr,
  findResidenceHistory,
  lockPerson,
  setActingReview,
  upsertPendingResidence,
} from './db/person.repository.ts';
import {
  decideAddressChange,
  messageContent,
  type AddressChange,
  type AddressChangeInput,
} from './domain/decide-address-change.ts';
import {
  cut,
  messageText,
  readAddressChange,
  readAddressChangeLine,
  storableContent,
  storableText,
} from './domain/read-address-change.ts';
import { decideReceipt, type ReceiptStatus } from './domain/residence-history.ts';
import { residenceOn } from './domain/residence.ts';

export type AddressChangeStatus = ReceiptStatus;

export interface AddressChangeReceipt {
  readonly status: AddressChangeStatus;
  /** When the 04:00 run will effectuate the move; null when it changes nothing now. */
  readonly expectedDate: string | null;
}

async function storeMessage(
  context: UseCaseContext,
  change: AddressChange,
  status: 'behandlet' | 'overhalet',
): Promise<void> {
  await context.tx
    .insertInto('cpr_messages')
    .values({
      sequence: change.sequence,
      cpr: change.cpr,
      content: JSON.stringify(messageContent(change)),
      received_at: context.now.toString(),
      status,
    })
    .execute();
}

const place = (residence: Residence): string =>
  residence.kind === 'municipality' ? residence.municipality : `udlandet:${residence.country}`;

async function apply(
  context: UseCaseContext,
  input: AddressChangeInput,
): Promise<Result<AddressChangeReceipt>> {
  const today = localDate(context.now);
  const decided = decideAddressChange(input, today);
  if (!decided.ok) return decided;
  const change = decided.value;
  const earlier = await context.tx
    .selectFrom('cpr_messages')
    .select(['content'])
    .where('sequence', '=', change.sequence)
    .where('status', '<>', 'afvist')
    .executeTakeFirst();
  const person = earlier === undefined ? await findPersonByCpr(context.tx, change.cpr) : undefined;
  if (person !== undefined) await lockPerson(context.tx, person.id);
  const stored = person === undefined ? [] : await findResidenceHistory(context.tx, person.id);
  const receipt = decideReceipt(change, earlier?.content, person === undefined ? undefined : stored);
  if (!receipt.ok) return receipt;
  const { status, entry } = receipt.value;
  if (status === 'allerede-modtaget') return ok({ status, expectedDate: null });
  await storeMessage(context, change, status);
  if (status === 'overhalet' || entry === undefined || person === undefined)
    return ok({ status: 'overhalet', expectedDate: null });
  await upsertPendingResidence(
    context.tx,
    person.id,
    entry.from,
    entry.residence,
    'cpr',
    context.now,
    change.sequence,
  );
  // Effectuated by the 04:00 run on the move date, or by the next one for a late message.
  const next = nextDailyRunDate(context.now);
  const expected = Temporal.PlainDate.compare(change.date, next) > 0 ? change.date : next;
  await setActingReview(context.tx, person.id, expected, 'earliest');
  // A late move dated before a move already in force is history only: the run never effectuates it on its
  // own, since the later move decides the residence (decide-daily-run.ts).
  const passed = stored.some(
    (e) =>
      e.effectuated &&
      Temporal.PlainDate.compare(e.from, change.date) > 0 &&
      Temporal.PlainDate.compare(e.from, expected) <= 0,
  );
  if (passed) return ok({ status: 'behandlet', expectedDate: null });
  const current = residenceOn(person.residence, today);
  context.record({
    type: 'fraflytning-planlagt',
    personId: person.id,
    municipality: current?.kind === 'municipality' ? current.municipality : null,
    data: {
      expectedDate: expected.toString(),
      moveDate: change.date.toString(),
      to: place(change.residence),
      sequence: change.sequence,
    },
  });
  return ok({ status: 'behandlet', expectedDate: expected.toString() });
}

async function runOnce(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: AddressChangeInput,
): Promise<Result<AddressChangeReceipt> | 'sequence-taken'> {
  try {
    return await runUseCase(deps, actor, channel, 'modtag-cpr', (context) => apply(context, input));
  } catch (error) {
    if ((error as { code?: string; constraint?: string }).constraint === 'cpr_messages_sequence')
      return 'sequence-taken';
    throw error;
  }
}

/**
 * Writes a refusal to the error queue in a transaction of its own, once: the same text refused with the
 * same code again (a batch or file sent twice) is not queued again. Every text is made storable.
 */
async function queueRefusal(deps: Deps, raw: string, value: unknown, error: DomainError): Promise<void> {
  const fields =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  const sequence = fields.sequence;
  const cpr = fields.cpr;
  const fingerprint = createHash('sha256')
    .update(`${error.code}\n${error.field ?? ''}\n${raw}`)
    .digest('hex');
  await deps.db
    .insertInto('cpr_messages')
    .values({
      sequence: typeof sequence === 'number' && Number.isSafeInteger(sequence) ? sequence : -1,
      cpr: typeof cpr === 'string' ? storableText(cpr.slice(0, 20)) : '',
      content: JSON.stringify(storableContent(value)),
      raw: cut(storableText(raw)),
      fingerprint,
      received_at: deps.clock.now().toString(),
      status: 'afvist',
      error_code: error.code,
      error_message: cut(storableText(error.message), 1000),
      error_field: error.field === undefined ? null : cut(storableText(error.field), 100),
    })
    .onConflict((c) => c.column('fingerprint').where('status', '=', 'afvist').doNothing())
    .execute();
}

async function receiveRead(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  raw: string,
  value: unknown,
  read: Result<AddressChangeInput>,
): Promise<Result<AddressChangeReceipt>> {
  let result: Result<AddressChangeReceipt>;
  if (!read.ok) {
    result = read;
  } else {
    let once = await runOnce(deps, actor, channel, read.value);
    // Two copies of a new message at the same instant: the second meets the first's sequence number in the
    // unique index; taken again it is recognised as already received (or as a conflict).
    if (once === 'sequence-taken') once = await runOnce(deps, actor, channel, read.value);
    if (once === 'sequence-taken')
      throw new Error(`Sekvensnummer ${String(read.value.sequence)} kunne ikke gemmes`);
    result = once;
  }
  if (!result.ok) await queueRefusal(deps, raw, value, result.error);
  return result;
}

/**
 * Receives one message of any shape (the API's batch, the scenario runner, the demo); one that cannot be
 * read or is refused is returned and written to the error queue.
 */
export function receiveAddressChange(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: unknown,
): Promise<Result<AddressChangeReceipt>> {
  return receiveRead(deps, actor, channel, messageText(input), input, readAddressChange(input));
}

/** Receives one line of an import file (JSON text); a line that is not JSON is queued as it was read. */
export function receiveAddressChangeLine(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  line: string,
): Promise<Result<AddressChangeReceipt>> {
  const read = readAddressChangeLine(line);
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return receiveRead(deps, actor, channel, line, undefined, read);
  }
  return receiveRead(deps, actor, channel, messageText(value), value, read);
}
