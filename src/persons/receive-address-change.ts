/**
 * Receives an inbound CPR address change. Idempotent (the same sequence number and content twice changes
 * nothing), order-tolerant (a message older than one already applied for the person is kept as `overhalet`
 * and changes nothing), and never silent: a refused message lands in the error queue with its reason.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, formatCpr, localDate, ok, type Residence, type Result } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { nextDailyRunDate } from '../platform/jobs/domain/schedule.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import {
  findPersonByCpr,
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
import { residenceOn } from './domain/residence.ts';

export type AddressChangeStatus = 'behandlet' | 'allerede-modtaget' | 'overhalet';

export interface AddressChangeReceipt {
  readonly status: AddressChangeStatus;
  /** When the 04:00 run will effectuate the move. */
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

/** Flat message contents are equal when they have the same keys and values (jsonb reorders keys). */
function sameContent(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
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
  const content = messageContent(change);
  const earlier = await context.tx
    .selectFrom('cpr_messages')
    .select(['content'])
    .where('sequence', '=', change.sequence)
    .where('status', '<>', 'afvist')
    .executeTakeFirst();
  if (earlier !== undefined) {
    return sameContent(earlier.content, content)
      ? ok({ status: 'allerede-modtaget', expectedDate: null })
      : fail(
          'sekvens-konflikt',
          `Sekvensnummer ${change.sequence} er allerede modtaget med et andet indhold`,
          'sequence',
        );
  }
  const person = await findPersonByCpr(context.tx, change.cpr);
  if (person === undefined)
    return fail('ikke-fundet', `Borgeren ${formatCpr(change.cpr)} findes ikke`, 'cpr');
  await lockPerson(context.tx, person.id);
  const newer = await context.tx
    .selectFrom('cpr_messages')
    .select('sequence')
    .where('cpr', '=', change.cpr)
    .where('sequence', '>', change.sequence)
    .where('status', '=', 'behandlet')
    .limit(1)
    .executeTakeFirst();
  if (newer !== undefined) {
    await storeMessage(context, change, 'overhalet');
    return ok({ status: 'overhalet', expectedDate: null });
  }
  await upsertPendingResidence(context.tx, person.id, change.date, change.residence, 'cpr', context.now);
  // Effectuated by the 04:00 run on the move date, or by the next one for a late message.
  const next = nextDailyRunDate(context.now);
  const expected = Temporal.PlainDate.compare(change.date, next) > 0 ? change.date : next;
  await setActingReview(context.tx, person.id, expected, 'earliest');
  await storeMessage(context, change, 'behandlet');
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
    return await runUseCase(deps, actor, channel, (context) => apply(context, input));
  } catch (error) {
    if ((error as { code?: string; constraint?: string }).constraint === 'cpr_messages_sequence')
      return 'sequence-taken';
    throw error;
  }
}

/** Receives one message; a refusal is returned and written to the error queue in a transaction of its own. */
export async function receiveAddressChange(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  input: AddressChangeInput,
): Promise<Result<AddressChangeReceipt>> {
  let result = await runOnce(deps, actor, channel, input);
  // Two copies of a new message at the same instant: the second meets the first's sequence number in the
  // unique index; taken again it is recognised as already received (or as a conflict).
  if (result === 'sequence-taken') result = await runOnce(deps, actor, channel, input);
  if (result === 'sequence-taken')
    throw new Error(`Sekvensnummer ${String(input.sequence)} kunne ikke gemmes`);
  if (!result.ok) {
    const rawCpr: unknown = input.cpr;
    await deps.db
      .insertInto('cpr_messages')
      .values({
        sequence: Number.isSafeInteger(input.sequence) ? input.sequence : -1,
        cpr: typeof rawCpr === 'string' ? rawCpr.slice(0, 20) : '',
        content: JSON.stringify(input),
        received_at: deps.clock.now().toString(),
        status: 'afvist',
        error_code: result.error.code,
        error_message: result.error.message,
        error_field: result.error.field ?? null,
      })
      .execute();
  }
  return result;
}
