/**
 * The letters of hearings and decisions (docs/decisions/0024-letters.md): filled from a Danish template
 * when the hearing or decision is recorded, in its transaction (a template missing a value refuses it
 * all), kept in the outbox, and delivered later through a channel: a file drop now, Digital Post later.
 * Each letter is delivered under its own id, so a delivery repeated after a crash never delivers it twice,
 * and one recorded is never lost.
 */
import { mkdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  formatCpr,
  formatDanishDate,
  getMunicipality,
  localDate,
  ok,
  type Cpr,
  type MunicipalityCode,
  type Result,
} from '../kernel/index.ts';
import { findPersonSummary } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import { storedInstant, type Executor } from '../platform/db/database.ts';
import { pdfDocument } from '../platform/pdf.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { adverseEffectLabels, type DecisionDecision, type Hearing } from './domain/decision.ts';
import type { BenefitType } from './domain/case.ts';
import { fillLetter, letterTemplates, type FilledLetter, type LetterKind } from './domain/letter.ts';
import { benefitLabels } from './web/labels.ts';

/** Where a delivered letter goes: a file drop now, Digital Post later. */
export interface LetterChannel {
  readonly name: string;
  /** Puts the letter in the channel under its id; a second delivery of the same id adds nothing. */
  deliver(id: string, pdf: Buffer): Promise<void>;
}

/** A folder letters are dropped in as `<id>.pdf`, each written whole (a temporary file, then renamed). */
export function fileDrop(folder: string): LetterChannel {
  return {
    name: `mappe:${folder}`,
    async deliver(id, pdf) {
      await mkdir(folder, { recursive: true });
      const target = path.join(folder, `${id}.pdf`);
      const exists = await stat(target).then(
        () => true,
        () => false,
      );
      if (exists) return;
      const temporary = path.join(folder, `.${id}.pdf.tmp`);
      await writeFile(temporary, pdf);
      await rename(temporary, target);
    },
  };
}

interface LetterCase {
  readonly id: string;
  readonly personId: string;
  readonly municipality: MunicipalityCode;
  readonly benefit: BenefitType;
}

const danish = (date: Temporal.PlainDate) => formatDanishDate(date);

async function commonValues(context: UseCaseContext, record: LetterCase): Promise<Record<string, string>> {
  const person = await findPersonSummary(context.tx, record.personId);
  const municipality = getMunicipality(record.municipality);
  return {
    navn: person?.name ?? '',
    ydelse: benefitLabels[record.benefit].toLowerCase(),
    kommune: `${municipality.name} Kommune`,
  };
}

async function queue(
  context: UseCaseContext,
  record: LetterCase,
  kind: LetterKind,
  source: { hearing: string | null; decision: string | null; notice?: string },
  values: Record<string, string>,
): Promise<Result<string>> {
  const filled = fillLetter(letterTemplates[kind], { ...(await commonValues(context, record)), ...values });
  if (!filled.ok) return filled;
  const { id } = await context.tx
    .insertInto('letters')
    .values({
      case_id: record.id,
      person_id: record.personId,
      municipality: record.municipality,
      kind,
      hearing_id: source.hearing,
      decision_id: source.decision,
      notice_id: source.notice ?? null,
      title: filled.value.title,
      paragraphs: JSON.stringify(filled.value.paragraphs),
      status: 'afventer',
      created_at: context.now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return ok(id);
}

/** The 225-hour rule's notice (varsling), into the outbox in the notice's transaction. */
export function queueNoticeLetter(
  context: UseCaseContext,
  record: LetterCase,
  notice: {
    readonly id: string;
    readonly ruleDate: Temporal.PlainDate;
    readonly consequence: 'nedsaettelse' | 'bortfald';
    readonly situation: string;
  },
): Promise<Result<string>> {
  return queue(
    context,
    record,
    'varsling',
    { hearing: null, decision: null, notice: notice.id },
    {
      situation: notice.situation,
      konsekvens:
        notice.consequence === 'bortfald'
          ? 'din hjælp bortfalde, fordi du er gift og ikke opfylder kravet'
          : 'din hjælp blive nedsat',
      dato: danish(notice.ruleDate),
    },
  );
}

/** The hearing's letter, into the outbox in the hearing's transaction. */
export function queueHearingLetter(
  context: UseCaseContext,
  record: LetterCase,
  hearing: Hearing,
): Promise<Result<string>> {
  const effect = adverseEffectLabels[hearing.effect];
  return queue(
    context,
    record,
    'partshoering',
    { hearing: hearing.id, decision: null },
    {
      virkning: effect,
      virkning_lille: effect.toLowerCase(),
      paataenkt: hearing.intended,
      frist: danish(hearing.deadline),
    },
  );
}

/** The decision's letter (reasons, rules, what it rests on, complaint guidance), in its transaction. */
export function queueDecisionLetter(
  context: UseCaseContext,
  record: LetterCase,
  id: string,
  decision: DecisionDecision,
  hearing: Hearing | undefined,
): Promise<Result<string>> {
  const effect = adverseEffectLabels[decision.effect];
  const basis = decision.basis;
  const grounds =
    basis.kind === 'undtagelse'
      ? `Kommunen har ikke partshørt dig før afgørelsen: ${basis.reason} (${basis.legalBasis}).`
      : hearing === undefined
        ? 'Du er blevet partshørt før afgørelsen.'
        : `Du blev partshørt den ${danish(hearing.sentOn)} med frist til den ${danish(hearing.deadline)}` +
          (hearing.answeredOn === null
            ? ', og kommunen har ikke modtaget bemærkninger fra dig.'
            : `, og kommunen modtog dine bemærkninger den ${danish(hearing.answeredOn)}.`);
  return queue(
    context,
    record,
    'afgoerelse',
    { hearing: null, decision: id },
    {
      virkning: effect,
      virkning_lille: effect.toLowerCase(),
      dato: danish(decision.decidedOn),
      begrundelse: decision.reasons,
      hjemmel: decision.legalBasis,
      grundlag: grounds,
      klagevejledning: decision.complaintGuidance,
    },
  );
}

/** Renders a letter as a PDF with the recipient's name and CPR number; `compress: false` for tests. */
export function renderLetter(
  letter: FilledLetter & { readonly name: string; readonly cpr: Cpr; readonly date: Temporal.PlainDate },
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const { doc, done } = pdfDocument(letter.title, options);
  doc
    .fontSize(11)
    .text(letter.name)
    .text(`CPR-nummer: ${formatCpr(letter.cpr)}`);
  doc.moveDown().text(formatDanishDate(letter.date), { align: 'right' });
  doc.moveDown().fontSize(16).text(letter.title);
  doc.fontSize(11);
  for (const paragraph of letter.paragraphs) doc.moveDown().text(paragraph);
  doc.end();
  return done;
}

interface WaitingLetter {
  readonly id: string;
  readonly title: string;
  readonly paragraphs: string[];
  readonly createdAt: Temporal.Instant;
  readonly personId: string;
}

async function nextWaiting(tx: Executor): Promise<WaitingLetter | undefined> {
  const row = await tx
    .selectFrom('letters')
    .select(['id', 'title', 'paragraphs', 'created_at', 'person_id'])
    .where('status', '=', 'afventer')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  return row === undefined
    ? undefined
    : {
        id: row.id,
        title: row.title,
        paragraphs: row.paragraphs,
        createdAt: storedInstant(row.created_at),
        personId: row.person_id,
      };
}

/**
 * Delivers the outbox's waiting letters through the channel, oldest first, each in a transaction of its
 * own: rendered, delivered under its id, then marked `sendt`. A crash between delivering and marking
 * delivers the same id again next time, which the channel ignores; `limit` bounds one call.
 */
export async function deliverLetters(
  deps: Deps,
  actor: Actor,
  channel: LetterChannel,
  limit = 1000,
): Promise<Result<{ delivered: number }>> {
  let delivered = 0;
  for (let index = 0; index < limit; index++) {
    const result = await runUseCase(deps, actor, 'job', 'send-breve', async (context) => {
      const letter = await nextWaiting(context.tx);
      if (letter === undefined) return ok(false);
      const person = await findPersonSummary(context.tx, letter.personId);
      if (person === undefined) return fail('ikke-fundet', `Brevets modtager findes ikke (${letter.id})`);
      const pdf = await renderLetter({
        title: letter.title,
        paragraphs: letter.paragraphs,
        name: person.name,
        cpr: person.cpr,
        date: localDate(letter.createdAt),
      });
      await channel.deliver(letter.id, pdf);
      await context.tx
        .updateTable('letters')
        .set({ status: 'sendt', sent_at: context.now.toString(), channel: channel.name })
        .where('id', '=', letter.id)
        .execute();
      return ok(true);
    });
    if (!result.ok) return result;
    if (!result.value) break;
    delivered += 1;
  }
  return ok({ delivered });
}

/** A case's letter as the case page lists it. */
export interface LetterRecord {
  readonly id: string;
  readonly kind: LetterKind;
  readonly title: string;
  readonly status: string;
  readonly createdAt: Temporal.Instant;
  readonly sentAt: Temporal.Instant | null;
  readonly channel: string | null;
}

/** The case's letters, oldest first. */
export async function listLetters(tx: Executor, caseId: string): Promise<LetterRecord[]> {
  const rows = await tx
    .selectFrom('letters')
    .select(['id', 'kind', 'title', 'status', 'created_at', 'sent_at', 'channel'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind as LetterKind,
    title: row.title,
    status: row.status,
    createdAt: storedInstant(row.created_at),
    sentAt: row.sent_at === null ? null : storedInstant(row.sent_at),
    channel: row.channel,
  }));
}
