/**
 * Release 6.1's conversion of the legacy system's 225-hour rule data, and the extract of the cases whose
 * bortfaldsdato no longer matches (docs/decisions/0025-hours-rule.md).
 *
 * The legacy file (CSV with a header) has per HTF case: `cpr`, `kommune`, `overgangsdato`, `bortfaldsdato`,
 * `varslet` (the notice sent), `partshoert` (the hearing sent), `aabent_brev` (an open "Send brev" task:
 * `varsling` or `partshoering`), `kmd_fejl` (the legacy system's error mark). Converting it, all or nothing:
 * - the legacy row is kept (`hours_rule_legacy`), for the extract;
 * - a notice sent is recorded as the case's notice (its letter went out from the legacy system);
 * - the notice's assumption: for a bortfaldsdato of 1 February 2024 the hearing counts as done by that day
 *   (a hearing recorded as converted), so a decision in January 2024 takes effect on 1 February; for every
 *   other date the normal logic applies and a late hearing postpones the date. A recalculation before the
 *   decision never uses the assumption: only a decided effect lowers a month;
 * - an open "Send brev" becomes a `send-brev` task, which release 6.1 then closes.
 */
import { Temporal } from 'temporal-polyfill';
import {
  compareLegacy,
  extractReasonLabels,
  hoursHistory,
  hoursRulePeriod,
  inForceOn,
  latest,
  type ExtractReason,
  type LegacyHoursRule,
} from '../benefits/index.ts';
import {
  domainError,
  err,
  fail,
  formatCpr,
  localDate,
  ok,
  parseCpr,
  parseDate,
  parseMunicipalityCode,
  type Cpr,
  type MunicipalityCode,
  type Result,
} from '../kernel/index.ts';
import { findPersonByCpr, lockPerson } from '../persons/index.ts';
import { actorLabel, type Actor } from '../platform/actor.ts';
import type { Executor } from '../platform/db/database.ts';
import { runUseCase, type Channel, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { readCsv } from '../rates/index.ts';
import { createTasks, TaskTypes } from '../tasks/index.ts';
import { listPersonCases } from './db/case.repository.ts';
import { insertHearing } from './db/decision.repository.ts';
import { insertNotice, listHelpGrants } from './db/hours-rule.repository.ts';
import { listPersonRegistrations } from './db/registration.repository.ts';
import { knownAt } from './domain/decide-registration.ts';
import { familyOf } from './domain/lifecycle.ts';
import { sendLetterTask } from './hours-rule-task.ts';

export const legacyColumns = [
  'cpr',
  'kommune',
  'overgangsdato',
  'bortfaldsdato',
  'varslet',
  'partshoert',
  'aabent_brev',
  'kmd_fejl',
] as const;

/** The bortfaldsdato release 6.1 assumed a hearing for (and only it). */
export const assumedHearingDate = Temporal.PlainDate.from('2024-02-01');

export interface LegacyRow extends LegacyHoursRule {
  readonly line: number;
  readonly cpr: Cpr;
  readonly municipality: MunicipalityCode;
  readonly varslet: Temporal.PlainDate | null;
  readonly partshoert: Temporal.PlainDate | null;
  readonly openLetter: 'varsling' | 'partshoering' | null;
}

export interface LegacyProblem {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

function refused(problems: readonly LegacyProblem[], what: string): Result<never> {
  const first = problems[0];
  return err(
    domainError(
      'ugyldigt-input',
      `${what} har ${String(problems.length)} fejl; intet er konverteret${first === undefined ? '' : ` (linje ${String(first.line)}, ${first.field}: ${first.message})`}`,
      'fil',
      { problems },
    ),
  );
}

/** Reads the legacy file: every problem by line and column, or the rows. */
export function parseLegacyFile(text: string): Result<LegacyRow[]> {
  const csv = readCsv(text);
  const problems: LegacyProblem[] = csv.problems.map((p) => ({
    line: p.line,
    field: 'fil',
    message: p.message,
  }));
  const [header, ...records] = csv.records;
  if (header === undefined || header.fields.join(',') !== legacyColumns.join(',')) {
    return refused(
      [{ line: 1, field: 'fil', message: `Første linje skal være ${legacyColumns.join(',')}` }],
      'Filen',
    );
  }
  const rows: LegacyRow[] = [];
  for (const record of records) {
    if (record.fields.length !== legacyColumns.length) {
      problems.push({
        line: record.line,
        field: 'fil',
        message: `Linjen skal have ${String(legacyColumns.length)} felter`,
      });
      continue;
    }
    const field = (name: (typeof legacyColumns)[number]) =>
      record.fields[legacyColumns.indexOf(name)]?.trim() ?? '';
    const date = (name: 'overgangsdato' | 'bortfaldsdato' | 'varslet' | 'partshoert') => {
      const value = field(name);
      if (value === '') return null;
      const parsed = parseDate(value);
      if (!parsed.ok) {
        problems.push({ line: record.line, field: name, message: parsed.error.message });
        return null;
      }
      return parsed.value;
    };
    const cpr = parseCpr(field('cpr'));
    if (!cpr.ok) problems.push({ line: record.line, field: 'cpr', message: cpr.error.message });
    const municipality = parseMunicipalityCode(field('kommune'));
    if (!municipality.ok)
      problems.push({ line: record.line, field: 'kommune', message: municipality.error.message });
    const letter = field('aabent_brev');
    if (letter !== '' && letter !== 'varsling' && letter !== 'partshoering') {
      problems.push({
        line: record.line,
        field: 'aabent_brev',
        message: 'Skal være tom, varsling eller partshoering',
      });
    }
    const row = {
      overgangsdato: date('overgangsdato'),
      bortfaldsdato: date('bortfaldsdato'),
      varslet: date('varslet'),
      partshoert: date('partshoert'),
    };
    if (!cpr.ok || !municipality.ok) continue;
    rows.push({
      line: record.line,
      cpr: cpr.value.cpr,
      municipality: municipality.value,
      ...row,
      openLetter: letter === 'varsling' || letter === 'partshoering' ? letter : null,
      kmdFejl: field('kmd_fejl') === '' ? null : field('kmd_fejl'),
    });
  }
  return problems.length > 0 ? refused(problems, 'Filen') : ok(rows);
}

interface Located {
  readonly row: LegacyRow;
  readonly personId: string;
  readonly caseId: string;
}

/** The person's granted HTF case in the row's municipality (the newest). */
async function locate(tx: Executor, row: LegacyRow): Promise<Result<Located>> {
  const person = await findPersonByCpr(tx, row.cpr);
  if (person === undefined) {
    return err(domainError('ikke-fundet', `Borgeren ${formatCpr(row.cpr)} findes ikke`, 'cpr'));
  }
  const cases = (await listPersonCases(tx, person.id)).filter(
    (c) => familyOf(c.benefit) === 'htf' && c.status === 'bevilget' && c.municipality === row.municipality,
  );
  const chosen = cases.at(-1);
  if (chosen === undefined) {
    return err(
      domainError(
        'ikke-fundet',
        `Borgeren har ingen bevilget sag om hjælp til forsørgelse i kommune ${row.municipality}`,
        'kommune',
      ),
    );
  }
  return ok({ row, personId: person.id, caseId: chosen.id });
}

const sendLetterTypes = new TaskTypes([sendLetterTask]);

export interface ConversionSummary {
  readonly rows: number;
  readonly notices: number;
  readonly assumedHearings: number;
  readonly letterTasks: number;
  readonly dryRun: boolean;
}

/**
 * The user's own municipality when it is not `municipality`, else null: a municipality's system owner
 * converts and extracts only the municipality's own 225-hour data; the operator (the installation's system
 * owner, without a municipality) and the system any municipality's.
 */
function ownMunicipalityOnly(actor: Actor, municipality: string): MunicipalityCode | null {
  return actor.kind === 'bruger' && actor.municipality !== null && actor.municipality !== municipality
    ? actor.municipality
    : null;
}

/** Converts the legacy file, all or nothing (a dry run checks it and writes nothing). */
export function convertHoursRuleData(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  text: string,
  options: { readonly dryRun: boolean },
): Promise<Result<ConversionSummary>> {
  return runUseCase(deps, actor, channel, 'timeregel', async (context) => {
    const parsed = parseLegacyFile(text);
    if (!parsed.ok) return parsed;
    const problems: LegacyProblem[] = [];
    const located: Located[] = [];
    const seen = new Set<string>();
    for (const row of parsed.value) {
      const own = ownMunicipalityOnly(actor, row.municipality);
      if (own !== null) {
        problems.push({
          line: row.line,
          field: 'kommune',
          message: `Kun din egen kommunes rækker (${own}) kan konverteres`,
        });
        continue;
      }
      const found = await locate(context.tx, row);
      if (!found.ok) {
        problems.push({ line: row.line, field: found.error.field ?? 'cpr', message: found.error.message });
        continue;
      }
      const converted = await context.tx
        .selectFrom('hours_rule_legacy')
        .select('id')
        .where('case_id', '=', found.value.caseId)
        .executeTakeFirst();
      if (seen.has(found.value.caseId) || converted !== undefined) {
        problems.push({
          line: row.line,
          field: 'cpr',
          message: 'Sagens 225-timersdata er allerede konverteret',
        });
        continue;
      }
      seen.add(found.value.caseId);
      located.push(found.value);
    }
    if (problems.length > 0) return refused(problems, 'Filen');
    let notices = 0;
    let assumedHearings = 0;
    let letterTasks = 0;
    for (const item of located) {
      const { row } = item;
      const notice = row.varslet !== null && row.bortfaldsdato?.day === 1 && !inFuture(row.varslet, context);
      const assumed = notice && row.bortfaldsdato.equals(assumedHearingDate);
      notices += notice ? 1 : 0;
      assumedHearings += assumed ? 1 : 0;
      letterTasks += row.openLetter === null ? 0 : 1;
      if (options.dryRun) continue;
      await lockPerson(context.tx, item.personId);
      await writeRow(context, item, notice, assumed);
    }
    return ok({ rows: located.length, notices, assumedHearings, letterTasks, dryRun: options.dryRun });
  });
}

const inFuture = (date: Temporal.PlainDate, context: UseCaseContext) =>
  Temporal.PlainDate.compare(date, localDate(context.now)) > 0;

async function writeRow(context: UseCaseContext, item: Located, notice: boolean, assumed: boolean) {
  const { row } = item;
  const by = actorLabel(context.actor);
  const { id } = await context.tx
    .insertInto('hours_rule_legacy')
    .values({
      case_id: item.caseId,
      person_id: item.personId,
      municipality: row.municipality,
      overgangsdato: row.overgangsdato?.toString() ?? null,
      bortfaldsdato: row.bortfaldsdato?.toString() ?? null,
      varslet: row.varslet?.toString() ?? null,
      partshoert: row.partshoert?.toString() ?? null,
      kmd_fejl: row.kmdFejl,
      converted_by: by,
      converted_at: context.now.toString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const owner = { caseId: item.caseId, personId: item.personId, municipality: row.municipality };
  if (notice && row.varslet !== null && row.bortfaldsdato !== null) {
    const married = await marriedOn(context, item.personId, row.bortfaldsdato);
    const consequence = married ? 'bortfald' : 'nedsaettelse';
    await insertNotice(
      context.tx,
      owner,
      { sentOn: row.varslet, ruleDate: row.bortfaldsdato, consequence },
      by,
      context.now,
    );
    if (assumed) {
      // Release 6.1's assumption: heard by 1 February 2024 (the legacy hearing's day, at the latest 1 January).
      const sentOn =
        row.partshoert !== null &&
        Temporal.PlainDate.compare(row.partshoert, Temporal.PlainDate.from('2024-01-01')) <= 0
          ? row.partshoert
          : Temporal.PlainDate.from('2024-01-01');
      await insertHearing(
        context.tx,
        owner,
        {
          effect: consequence,
          intended:
            'Antaget partshørt til 1. februar 2024 ved konverteringen af 225-timersdata (release 6.1)',
          sentOn,
          deadline: sentOn.add({ days: 7 }),
        },
        by,
        context.now,
      );
    }
  }
  context.record({
    type: 'timeregel-data-konverteret',
    personId: item.personId,
    municipality: row.municipality,
    data: {
      case: item.caseId,
      legacy: id,
      bortfaldsdato: row.bortfaldsdato?.toString() ?? null,
      notice,
      assumedHearing: assumed,
    },
  });
  if (row.openLetter !== null) {
    const created = await createTasks(context, sendLetterTypes, item.personId, [
      {
        type: 'send-brev',
        municipality: row.municipality,
        caseId: item.caseId,
        data: { sag: item.caseId, brev: row.openLetter },
      },
    ]);
    if (!created.ok) throw new Error(created.error.message);
  }
}

/** Whether the person's civil status in force on the day (the latest, as the rules read it) is `gift`. */
async function marriedOn(
  context: UseCaseContext,
  personId: string,
  day: Temporal.PlainDate,
): Promise<boolean> {
  const registrations = knownAt(await listPersonRegistrations(context.tx, personId), context.now);
  const civil = latest(inForceOn(registrations, day).filter((r) => r.value.kind === 'civilstand'))?.value;
  return civil?.kind === 'civilstand' && civil.status === 'gift';
}

/** One line of the extract: a case whose bortfaldsdato differs, and why. */
export interface ExtractRow {
  readonly cpr: string;
  readonly municipality: MunicipalityCode;
  readonly before: string | null;
  readonly after: string | null;
  readonly reason: ExtractReason;
  readonly reasonText: string;
}

/**
 * The cases of the municipality whose legacy bortfaldsdato differs from the rule's after conversion, with
 * the reason. `legacyText` given: a preview before the release, over the legacy file's rows of the
 * municipality and the data here now; absent: the converted rows. Each person read is access-logged.
 */
export function hoursRuleExtract(
  deps: Deps,
  actor: Actor,
  channel: Channel,
  municipalityText: string,
  legacyText?: string,
): Promise<Result<ExtractRow[]>> {
  return runUseCase(deps, actor, channel, 'timeregel', async (context) => {
    const municipality = parseMunicipalityCode(municipalityText);
    if (!municipality.ok) return err({ ...municipality.error, field: 'kommune' });
    const own = ownMunicipalityOnly(actor, municipality.value);
    if (own !== null) {
      return fail('ingen-adgang', `Du kan kun udtrække din egen kommunes sager (${own})`, 'kommune');
    }
    const candidates: { cpr: Cpr; personId: string; legacy: LegacyHoursRule }[] = [];
    if (legacyText === undefined) {
      const rows = await context.tx
        .selectFrom('hours_rule_legacy as l')
        .innerJoin('persons as p', 'p.id', 'l.person_id')
        .select(['p.cpr', 'l.person_id', 'l.overgangsdato', 'l.bortfaldsdato', 'l.kmd_fejl'])
        .where('l.municipality', '=', municipality.value)
        .orderBy('p.cpr')
        .execute();
      const date = (value: string | null) => (value === null ? null : Temporal.PlainDate.from(value));
      for (const row of rows) {
        candidates.push({
          cpr: row.cpr as Cpr,
          personId: row.person_id,
          legacy: {
            overgangsdato: date(row.overgangsdato),
            bortfaldsdato: date(row.bortfaldsdato),
            kmdFejl: row.kmd_fejl,
          },
        });
      }
    } else {
      const parsed = parseLegacyFile(legacyText);
      if (!parsed.ok) return parsed;
      for (const row of parsed.value.filter((r) => r.municipality === municipality.value)) {
        const person = await findPersonByCpr(context.tx, row.cpr);
        if (person === undefined) continue; // not here yet: the preview compares what is
        candidates.push({ cpr: row.cpr, personId: person.id, legacy: row });
      }
    }
    const extract: ExtractRow[] = [];
    for (const candidate of candidates) {
      const [registrations, grants] = await Promise.all([
        listPersonRegistrations(context.tx, candidate.personId),
        listHelpGrants(context.tx, candidate.personId),
      ]);
      const history = hoursHistory(knownAt(registrations, context.now), grants, hoursRulePeriod.to);
      const compared = compareLegacy(candidate.legacy, history);
      context.logAccess({ personId: candidate.personId, purpose: 'timeregel-udtraek' });
      if (compared.reason === null) continue;
      extract.push({
        cpr: formatCpr(candidate.cpr),
        municipality: municipality.value,
        before: candidate.legacy.bortfaldsdato?.toString() ?? null,
        after: compared.after?.toString() ?? null,
        reason: compared.reason,
        reasonText: extractReasonLabels[compared.reason],
      });
    }
    return ok(extract);
  });
}

/** The extract's columns, Danish headers. */
export const extractHeader = [
  'CPR-nummer',
  'Kommune',
  'Bortfaldsdato før konvertering',
  'Bortfaldsdato efter konvertering',
  'Grund',
  'Forklaring',
];

/** The extract as rows of text, in the header's order. */
export function extractCells(rows: readonly ExtractRow[]): string[][] {
  return rows.map((row) => [
    row.cpr,
    row.municipality,
    row.before ?? '',
    row.after ?? '',
    row.reason,
    row.reasonText,
  ]);
}
