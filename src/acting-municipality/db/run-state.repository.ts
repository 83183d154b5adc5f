/**
 * Everything the 04:00 run needs about one person, locked and read in one statement: the run is bound by
 * statements per person, so it is prepared once per connection (planning was three times the execution)
 * and is one round trip. The decision is written in one statement too, built from the parts the contexts
 * register for their own tables (`composeWrite`, docs/decisions/0019).
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
import type { PersonRunState } from '../domain/decide-daily-run.ts';

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
