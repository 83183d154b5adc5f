/** The 225-hour rule's notices and decided effects (docs/decisions/0025-hours-rule.md). */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { HoursRuleEffect } from '../../benefits/index.ts';
import { storedInstant, type Executor } from '../../platform/db/database.ts';

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);

interface Owner {
  readonly caseId: string;
  readonly personId: string;
  readonly municipality: string;
}

export type HoursRuleConsequenceDecided = 'nedsaettelse' | 'bortfald';

export interface HoursRuleNotice {
  readonly id: string;
  readonly caseId: string;
  readonly sentOn: Temporal.PlainDate;
  readonly ruleDate: Temporal.PlainDate;
  readonly consequence: HoursRuleConsequenceDecided;
  readonly recordedAt: Temporal.Instant;
}

export async function insertNotice(
  tx: Executor,
  owner: Owner,
  notice: Pick<HoursRuleNotice, 'sentOn' | 'ruleDate' | 'consequence'>,
  recordedBy: string,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('hours_rule_notices')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      sent_on: notice.sentOn.toString(),
      rule_date: notice.ruleDate.toString(),
      consequence: notice.consequence,
      recorded_by: recordedBy,
      recorded_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The case's notices, the newest first. */
export async function listNotices(tx: Executor, caseId: string): Promise<HoursRuleNotice[]> {
  const rows = await tx
    .selectFrom('hours_rule_notices')
    .select(['id', 'case_id', 'sent_on', 'rule_date', 'consequence', 'recorded_at'])
    .where('case_id', '=', caseId)
    .orderBy('recorded_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    caseId: row.case_id,
    sentOn: date(row.sent_on),
    ruleDate: date(row.rule_date),
    consequence: row.consequence as HoursRuleConsequenceDecided,
    recordedAt: storedInstant(row.recorded_at),
  }));
}

export interface EffectDecision {
  readonly decision: string;
  readonly notice: string | null;
  readonly consequence: HoursRuleConsequenceDecided;
  readonly ruleDate: Temporal.PlainDate;
  readonly from: Temporal.PlainDate;
  readonly decidedOn: Temporal.PlainDate;
}

export async function insertEffect(
  tx: Executor,
  owner: Owner,
  effect: EffectDecision,
  now: Temporal.Instant,
): Promise<string> {
  const { id } = await tx
    .insertInto('hours_rule_effects')
    .values({
      case_id: owner.caseId,
      person_id: owner.personId,
      municipality: owner.municipality,
      decision_id: effect.decision,
      notice_id: effect.notice,
      consequence: effect.consequence,
      rule_date: effect.ruleDate.toString(),
      from_date: effect.from.toString(),
      decided_on: effect.decidedOn.toString(),
      recorded_at: now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** The persons' decided effects, by case. */
export async function listHoursRuleEffects(
  tx: Executor,
  personIds: readonly string[],
): Promise<Map<string, HoursRuleEffect[]>> {
  const byCase = new Map<string, HoursRuleEffect[]>();
  if (personIds.length === 0) return byCase;
  const rows = await tx
    .selectFrom('hours_rule_effects')
    .select(['id', 'case_id', 'decision_id', 'consequence', 'from_date', 'decided_on'])
    .where('person_id', '=', sql<string>`any(${[...personIds]}::uuid[])`)
    .orderBy('from_date')
    .execute();
  for (const row of rows) {
    const effect: HoursRuleEffect = {
      id: row.id,
      caseId: row.case_id,
      decision: row.decision_id,
      consequence: row.consequence as HoursRuleConsequenceDecided,
      from: date(row.from_date),
      decidedOn: date(row.decided_on),
    };
    const list = byCase.get(row.case_id);
    if (list === undefined) byCase.set(row.case_id, [effect]);
    else list.push(effect);
  }
  return byCase;
}

/** The periods help to self-support (HTF) was granted the person in this system (granted or closed). */
export async function listHelpGrants(
  tx: Executor,
  personId: string,
): Promise<{ from: Temporal.PlainDate; to: Temporal.PlainDate | null }[]> {
  const rows = await tx
    .selectFrom('cases')
    .select(['grant_from', 'grant_to'])
    .where('person_id', '=', personId)
    .where('benefit', 'in', ['kontanthjaelp', 'uddannelseshjaelp', 'hjemrejseydelse'])
    .where('status', 'in', ['bevilget', 'afsluttet'])
    .execute();
  return rows.map((row) => ({
    from: date(row.grant_from),
    to: row.grant_to === null ? null : date(row.grant_to),
  }));
}
