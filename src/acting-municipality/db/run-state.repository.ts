/**
 * Everything the 04:00 run needs about one person, locked and read in one statement, and the decision
 * written in one: the run is bound by statements per person, so both are prepared once per connection
 * (planning was three times the execution) and each is one round trip.
 */
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
  toOere,
  type CountryCode,
  type Cpr,
  type MunicipalityCode,
  type Residence,
} from '../../kernel/index.ts';
import { prepared, type Executor } from '../../platform/db/database.ts';
import type { ManualActingReason } from '../domain/acting-rule.ts';
import type { DecidedEvent, PersonRunState } from '../domain/decide-daily-run.ts';

interface Row {
  cpr: string;
  acting_review_on: string | null;
  health_card: boolean;
  spouse_cpr: string | null;
  residences: {
    id: number;
    from: string;
    municipality: string | null;
    country: string | null;
    effectuated: boolean;
    effectuated_municipality: string | null;
    effectuated_country: string | null;
  }[];
  manual: {
    id: string;
    municipality: string;
    from: string;
    to: string | null;
    reason: string;
    registered_by: string;
    started: boolean;
    agreement: boolean;
    consent: boolean;
  } | null;
  acting: string | null;
  lines: {
    id: number;
    kind: 'udbetaling' | 'traek';
    owner: string;
    period: string;
    amount: number | string;
    municipality: string;
  }[];
  cases: { id: string; municipality: string; from: string; to: string | null }[];
  deductions: { id: string; municipality: string; from: string; to: string | null }[];
  administration: boolean;
  institution: boolean;
}

const date = (value: string): Temporal.PlainDate => Temporal.PlainDate.from(value);
const optionalDate = (value: string | null): Temporal.PlainDate | null =>
  value === null ? null : date(value);
const residenceOf = (r: { municipality: string | null; country: string | null }): Residence =>
  r.municipality !== null
    ? { kind: 'municipality', municipality: r.municipality as MunicipalityCode }
    : { kind: 'abroad', country: (r.country ?? '') as CountryCode };

/**
 * Locks the person (`FOR UPDATE`) and reads the run state for `day`; undefined when the person is gone.
 * It also lets this transaction commit without waiting for the disk (synchronous_commit off, local to the
 * transaction): a crash may lose the last few persons' commits, but they keep their review date and the run
 * is not marked finished until its own synchronous commit, which flushes every earlier one — so a rerun
 * picks them up and nothing is done twice.
 */
export async function lockRunState(
  tx: Executor,
  personId: string,
  day: Temporal.PlainDate,
): Promise<{ reviewOn: Temporal.PlainDate | null; state: PersonRunState } | undefined> {
  const d = day.toString();
  const { rows } = await sql<Row>`${sql.raw(prepared('acting-run-state'))}
    select set_config('synchronous_commit', 'off', true) as async_commit,
      p.cpr, p.acting_review_on::text, p.health_card, p.spouse_cpr,
      (select coalesce(json_agg(json_build_object('id', r.id, 'from', r.valid_from, 'municipality', r.municipality,
          'country', r.country, 'effectuated', r.effectuated_at is not null,
          'effectuated_municipality', r.effectuated_municipality, 'effectuated_country', r.effectuated_country)
          order by r.valid_from), '[]')
        from residences r where r.person_id = p.id) as residences,
      (select json_build_object('id', m.id, 'municipality', m.municipality, 'from', m.valid_from, 'to', m.valid_to,
          'reason', m.reason, 'registered_by', m.registered_by, 'started', m.started_at is not null,
          'agreement', m.agreement, 'consent', m.consent)
        from manual_acting_periods m
        where m.person_id = p.id and m.undone_at is null and m.ended_at is null
        order by m.valid_from desc limit 1) as manual,
      (select a.municipality from acting_periods a where a.person_id = p.id and a.to_at is null) as acting,
      (select coalesce(json_agg(l order by l.period, l.id), '[]') from (
          select id, 'udbetaling' as kind, case_id::text as owner, period, gross as amount, municipality
            from payment_lines where person_id = p.id and status = 'planlagt'
          union all
          select id, 'traek', deduction_id::text, period, amount, municipality
            from deduction_lines where person_id = p.id and status = 'planlagt') l) as lines,
      (select coalesce(json_agg(json_build_object('id', c.id, 'municipality', c.municipality,
          'from', c.grant_from, 'to', c.grant_to)), '[]')
        from cases c where c.person_id = p.id and c.status in ('bevilget', 'under-oplysning')) as cases,
      (select coalesce(json_agg(json_build_object('id', x.id, 'municipality', x.municipality,
          'from', x.valid_from, 'to', x.valid_to)), '[]')
        from deductions x where x.person_id = p.id and x.ended_reason is null) as deductions,
      exists (select 1 from administration_arrangements a where a.person_id = p.id
        and a.valid_from <= ${d}::date and (a.valid_to is null or a.valid_to >= ${d}::date)) as administration,
      exists (select 1 from institution_stays s where s.person_id = p.id
        and s.valid_from <= ${d}::date and (s.valid_to is null or s.valid_to >= ${d}::date)) as institution
    from persons p where p.id = ${personId}::uuid
    for update of p`.execute(tx);
  const row = rows[0];
  if (row === undefined) return undefined;
  return {
    reviewOn: optionalDate(row.acting_review_on),
    state: {
      cpr: row.cpr as Cpr,
      healthCard: row.health_card,
      spouse: row.spouse_cpr as Cpr | null,
      residences: row.residences.map((r) => ({
        id: String(r.id),
        from: date(r.from),
        residence: residenceOf(r),
        effectuated: r.effectuated,
        effectuatedAs:
          r.effectuated_municipality === null && r.effectuated_country === null
            ? undefined
            : residenceOf({ municipality: r.effectuated_municipality, country: r.effectuated_country }),
      })),
      manualPeriod:
        row.manual === null
          ? undefined
          : {
              id: row.manual.id,
              municipality: row.manual.municipality as MunicipalityCode,
              from: date(row.manual.from),
              to: optionalDate(row.manual.to),
              reason: row.manual.reason as ManualActingReason,
              registeredBy: row.manual.registered_by as MunicipalityCode,
              started: row.manual.started,
              agreement: row.manual.agreement,
              consent: row.manual.consent,
              ended: false,
            },
      currentActing: row.acting as MunicipalityCode | null,
      plannedLines: row.lines.map((l) => ({
        lineId: String(l.id),
        kind: l.kind,
        ownerId: l.owner,
        period: date(l.period).toPlainYearMonth(),
        planned: toOere(l.amount),
        municipality: l.municipality as MunicipalityCode,
      })),
      openCases: row.cases.map((c) => ({
        id: c.id,
        municipality: c.municipality as MunicipalityCode,
        from: date(c.from),
        to: optionalDate(c.to),
      })),
      activeDeductions: row.deductions.map((x) => ({
        id: x.id,
        municipality: x.municipality as MunicipalityCode,
        from: date(x.from),
        to: optionalDate(x.to),
      })),
      underAdministration: row.administration,
      inInstitution: row.institution,
    },
  };
}

export interface RunWrites {
  readonly personId: string;
  readonly now: Temporal.Instant;
  readonly actor: string;
  readonly effectuate: readonly string[];
  readonly manual: {
    readonly id: string;
    readonly started: boolean;
    readonly ended: boolean;
    readonly endedTo: Temporal.PlainDate | null;
  } | null;
  readonly stopPayments: readonly string[];
  readonly stopDeductions: readonly string[];
  /** Cases to close, each with the grant end the domain decided; stored as it is. */
  readonly closeCases: readonly { readonly id: string; readonly grantTo: Temporal.PlainDate | null }[];
  /** Deductions to end, each with the end the domain decided; stored as it is. */
  readonly endDeductions: readonly { readonly id: string; readonly to: Temporal.PlainDate | null }[];
  readonly closeReason: string;
  readonly events: readonly DecidedEvent[];
  /** Task rows and their events, as `taskRows` of the tasks context makes them. */
  readonly tasks: readonly Record<string, unknown>[];
  readonly taskEvents: readonly Record<string, unknown>[];
  readonly nextReview: Temporal.PlainDate | null;
}

/**
 * Writes the run's decision for one person in one call (besides the acting period): effectuated
 * residences, the manual period, stopped lines, closed cases and their grants, ended deductions, events,
 * tasks and the next review date.
 */
export async function writeRunDecision(tx: Executor, w: RunWrites): Promise<void> {
  const now = w.now.toString();
  const closeIds = w.closeCases.map((c) => c.id);
  const closeTo = w.closeCases.map((c) => c.grantTo?.toString() ?? null);
  const endIds = w.endDeductions.map((x) => x.id);
  const endTo = w.endDeductions.map((x) => x.to?.toString() ?? null);
  await sql`${sql.raw(prepared('acting-run-write'))}
    with
      effectuated as (
        update residences set effectuated_at = ${now}::timestamptz,
          effectuated_municipality = municipality, effectuated_country = country
        where id = any(${w.effectuate.map(Number)}::bigint[]) returning 1),
      manual as (
        update manual_acting_periods
        set started_at = case when ${w.manual?.started ?? false}::boolean then ${now}::timestamptz else started_at end,
            ended_at = case when ${w.manual?.ended ?? false}::boolean then ${now}::timestamptz else ended_at end,
            valid_to = coalesce(${w.manual?.endedTo?.toString() ?? null}::date, valid_to)
        where id = ${w.manual?.id ?? null}::uuid returning 1),
      stopped_payments as (
        update payment_lines set status = 'stoppet', stopped_at = ${now}::timestamptz
        where id = any(${w.stopPayments.map(Number)}::bigint[]) and status = 'planlagt' returning 1),
      stopped_deductions as (
        update deduction_lines set status = 'stoppet', stopped_at = ${now}::timestamptz
        where id = any(${w.stopDeductions.map(Number)}::bigint[]) and status = 'planlagt' returning 1),
      closed as (
        update cases c set status = 'afsluttet', closed_reason = ${w.closeReason}::text, version = version + 1,
          grant_to = v.grant_to
        from unnest(${closeIds}::uuid[], ${closeTo}::date[]) as v(id, grant_to)
        where c.id = v.id returning 1),
      -- A closed case's grants end with it on the end the domain decided (docs/decisions/0014): a grant running
      -- past it is superseded by one ending on it; one starting after it is superseded without a successor.
      superseded_grants as (
        update grants g set superseded_at = ${now}::timestamptz, superseded_by = ${w.actor}::text
        from unnest(${closeIds}::uuid[], ${closeTo}::date[]) as v(id, grant_to)
        where g.case_id = v.id and g.superseded_at is null and v.grant_to is not null
          and (g.valid_to is null or g.valid_to > v.grant_to)
        returning g.id, g.case_id, g.person_id, g.family, g.valid_from, v.grant_to),
      ended_grants as (
        insert into grants (case_id, person_id, family, valid_from, valid_to, decided_on, decided_by, reason,
          replaces, recorded_at)
        select g.case_id, g.person_id, g.family, g.valid_from, g.grant_to,
          (${now}::timestamptz at time zone 'Europe/Copenhagen')::date, ${w.actor}::text, ${w.closeReason}::text,
          g.id, ${now}::timestamptz
        from superseded_grants g where g.valid_from <= g.grant_to returning 1),
      ended as (
        update deductions x set ended_reason = ${w.closeReason}::text, valid_to = v.valid_to
        from unnest(${endIds}::uuid[], ${endTo}::date[]) as v(id, valid_to)
        where x.id = v.id returning 1),
      new_events as (
        insert into events (occurred_at, type, person_id, municipality, actor, data)
        select ${now}::timestamptz, e.type, ${w.personId}::uuid, e.municipality, ${w.actor}::text, e.data
        from jsonb_to_recordset(${JSON.stringify(w.events)}::jsonb) as e(type text, municipality text, data jsonb)
        returning 1),
      new_tasks as (
        insert into tasks (id, type, person_id, case_id, municipality, status, data, steps, queries, current_step,
          open_queries, close_reason, due_on, created_at, updated_at, closed_at)
        select * from jsonb_to_recordset(${JSON.stringify(w.tasks)}::jsonb) as t(id uuid, type text,
          person_id uuid, case_id uuid, municipality text, status text, data jsonb, steps jsonb, queries jsonb,
          current_step text, open_queries smallint, close_reason text, due_on date, created_at timestamptz,
          updated_at timestamptz, closed_at timestamptz)
        returning id),
      new_task_events as (
        insert into task_events (task_id, occurred_at, actor, type, step, data)
        select e.task_id, e.occurred_at, e.actor, e.type, e.step, e.data
        from jsonb_to_recordset(${JSON.stringify(w.taskEvents)}::jsonb)
          as e(task_id uuid, occurred_at timestamptz, actor text, type text, step text, data jsonb)
        where e.task_id in (select id from new_tasks))
    update persons set acting_review_on = ${w.nextReview?.toString() ?? null}::date where id = ${w.personId}::uuid`.execute(
    tx,
  );
}
