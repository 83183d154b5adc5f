/**
 * One letter of the outbox as the caseworker opens it (GET /breve/{id} and its PDF): the title and
 * paragraphs as the citizen receives them, its kind, whether it is sent, its case, and the recipient's
 * name and CPR number. One access-logged read (purpose `brev`), as the case page's.
 */
import type { Temporal } from 'temporal-polyfill';
import { fail, localDate, ok, type Cpr, type MunicipalityCode, type Result } from '../kernel/index.ts';
import { findPersonSummary } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { storedInstant } from '../platform/db/database.ts';
import { runUseCase, type Channel, type Deps } from '../platform/use-case.ts';
import { uuidPattern } from './case-lock.ts';
import type { BenefitType } from './domain/case.ts';
import { letterKinds, type LetterKind } from './domain/letter.ts';
import { renderLetter } from './letters.ts';

export type LetterStatus = 'afventer' | 'sendt';

export interface LetterView {
  readonly id: string;
  readonly kind: LetterKind;
  readonly status: LetterStatus;
  readonly title: string;
  readonly paragraphs: readonly string[];
  readonly createdAt: Temporal.Instant;
  /** Null while the letter waits in the outbox. */
  readonly sentAt: Temporal.Instant | null;
  /** The channel it was delivered through; null while it waits. */
  readonly channel: string | null;
  /** The letter's date as the citizen reads it: the day it was made, Danish time (as the PDF). */
  readonly date: Temporal.PlainDate;
  readonly case: {
    readonly id: string;
    readonly benefit: BenefitType;
    readonly municipality: MunicipalityCode;
  };
  readonly person: { readonly id: string; readonly name: string; readonly cpr: Cpr };
}

const notFound = () => fail('ikke-fundet', 'Brevet findes ikke', 'id');

const isKind = (kind: string): kind is LetterKind => (letterKinds as readonly string[]).includes(kind);

/** The letter `id`; `ikke-fundet` for an unknown or malformed id. */
export function getLetter(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  id: string,
): Promise<Result<LetterView>> {
  return runUseCase(deps, actor, channel, 'laes-borger', async (context) => {
    if (!uuidPattern.test(id)) return notFound();
    const row = await context.tx
      .selectFrom('letters')
      .innerJoin('cases', 'cases.id', 'letters.case_id')
      .select([
        'letters.id',
        'letters.case_id',
        'letters.person_id',
        'letters.kind',
        'letters.status',
        'letters.title',
        'letters.paragraphs',
        'letters.created_at',
        'letters.sent_at',
        'letters.channel',
        'cases.benefit',
        'cases.municipality',
      ])
      .where('letters.id', '=', id)
      .executeTakeFirst();
    if (row === undefined || !isKind(row.kind)) return notFound();
    const person = await findPersonSummary(context.tx, row.person_id);
    if (person === undefined || !(await context.mayRead(row.person_id, 'brev'))) return notFound();
    const createdAt = storedInstant(row.created_at);
    return ok({
      id: row.id,
      kind: row.kind,
      status: row.status === 'sendt' ? 'sendt' : 'afventer',
      title: row.title,
      paragraphs: row.paragraphs,
      createdAt,
      sentAt: row.sent_at === null ? null : storedInstant(row.sent_at),
      channel: row.channel,
      date: localDate(createdAt),
      case: {
        id: row.case_id,
        benefit: row.benefit as BenefitType,
        municipality: row.municipality as MunicipalityCode,
      },
      person: { id: row.person_id, name: person.name, cpr: person.cpr },
    });
  });
}

/** The letter as the PDF the citizen receives (the same rendering the delivery uses). */
export function letterPdf(letter: LetterView, options: { compress?: boolean } = {}): Promise<Buffer> {
  return renderLetter(
    {
      title: letter.title,
      paragraphs: letter.paragraphs,
      name: letter.person.name,
      cpr: letter.person.cpr,
      date: letter.date,
    },
    options,
  );
}
