/**
 * `ydelse person create|show|move-out` and `ydelse handlekommune`: the same use cases as the API, with the
 * CLI's own option names in errors.
 */
import fs from 'node:fs';
import {
  determineActingManually,
  getPersonOverview,
  overviewView,
  registerMoveOut,
  type ManualActionInput,
  type OverviewView,
} from '../acting-municipality/index.ts';
import { Temporal } from 'temporal-polyfill';
import {
  formatDanishAmount,
  formatLocalDateTime,
  localDate,
  parseAmount,
  type DomainError,
} from '../kernel/index.ts';
import { createPerson, personView, type NewPersonInput, type PersonView } from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';

export interface CreatePersonOptions {
  readonly cpr?: string;
  readonly navn?: string;
  readonly kommune?: string;
  readonly udland?: string;
  readonly fra?: string;
  readonly civilstand?: string;
  readonly aegtefaelle?: string;
  readonly cprAbonnement: boolean;
  readonly helbredskort: boolean;
  readonly json?: string;
}

const fieldNames: Readonly<Record<string, string>> = {
  cpr: '--cpr',
  name: '--navn',
  'residence.0.municipality': '--kommune',
  'residence.0.abroad': '--udland',
  'residence.0': '--kommune/--udland',
  'residence.0.from': '--fra',
  civilStatus: '--civilstand',
  spouse: '--aegtefaelle',
};

function inputFromOptions(options: CreatePersonOptions): NewPersonInput {
  return {
    cpr: options.cpr ?? '',
    name: options.navn ?? '',
    residence: [{ municipality: options.kommune, abroad: options.udland, from: options.fra ?? '' }],
    civilStatus: options.civilstand,
    spouse: options.aegtefaelle ?? null,
    cprSubscription: options.cprAbonnement,
    healthCard: options.helbredskort,
  };
}

/** Prints a person view as readable Danish lines. */
export function printPerson(io: Io, view: PersonView): void {
  const place = (r: PersonView['residence'][number] | NonNullable<PersonView['currentResidence']>): string =>
    'abroad' in r ? `udlandet (${r.abroad})` : `${r.municipality} ${r.municipalityName}`;
  io.out(`${view.cpr}  ${view.name}`);
  io.out(`  Civilstand: ${view.civilStatus}${view.spouse === null ? '' : ` (ægtefælle ${view.spouse})`}`);
  io.out(`  Bopæl nu: ${view.currentResidence === null ? 'ingen' : place(view.currentResidence)}`);
  io.out(
    `  CPR-abonnement: ${view.cprSubscription ? 'ja' : 'nej'}   Helbredskort: ${view.healthCard ? 'ja' : 'nej'}`,
  );
  io.out('  Bopælshistorik:');
  for (const entry of view.residence) io.out(`    fra ${entry.from}  ${place(entry)}`);
  for (const stay of view.institutionStays) io.out(`  Institutionsophold: ${stay.from} – ${stay.to ?? 'nu'}`);
  for (const a of view.administration)
    io.out(`  Administration (APØ): kommune ${a.municipality}, ${a.from} – ${a.to ?? 'nu'}`);
}

/** Creates a person from options or a JSON file (`-` for stdin); returns the exit code. */
export async function createPersonCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  options: CreatePersonOptions,
): Promise<number> {
  let input: NewPersonInput;
  if (options.json !== undefined) {
    try {
      input = JSON.parse(fs.readFileSync(options.json === '-' ? 0 : options.json, 'utf8')) as NewPersonInput;
    } catch (error) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: `Kan ikke læse JSON: ${error instanceof Error ? error.message : String(error)}`,
        field: '--json',
      });
    }
    if (
      typeof input !== 'object' ||
      typeof input.cpr !== 'string' ||
      typeof input.name !== 'string' ||
      !Array.isArray(input.residence)
    ) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: 'JSON skal have cpr, name og residence',
        field: '--json',
      });
    }
  } else {
    input = inputFromOptions(options);
  }
  const result = await createPerson(deps, actor, 'cli', input);
  if (!result.ok) return reportError(io, result.error, options.json === undefined ? fieldNames : {});
  printPerson(io, personView(result.value, localDate(deps.clock.now())));
  return 0;
}

/** Kroner in the API form (`1234.56`) shown the Danish way. */
function kroner(amount: string): string {
  const parsed = parseAmount(amount);
  return parsed.ok ? formatDanishAmount(parsed.value) : amount;
}

/** An ISO instant as Danish local time, `2025-05-05 09:00`. */
const instantText = (iso: string): string =>
  formatLocalDateTime(Temporal.Instant.from(iso)).replace('T', ' ');
const periodText = (from: string, to: string | null, open = 'nu'): string => `${from} – ${to ?? open}`;

function section(io: Io, heading: string, lines: readonly string[]): void {
  io.out(`  ${heading}:${lines.length === 0 ? ' ingen' : ''}`);
  for (const line of lines) io.out(`    ${line}`);
}

/** Prints the overview: the person, then who acts, cases, deductions, the monthly lines and open tasks. */
export function printOverview(io: Io, view: OverviewView): void {
  printPerson(io, view);
  const acting = view.actingNow;
  io.out(
    `  Handlekommune nu: ${acting === null ? 'ingen' : `${acting.municipality} ${acting.municipalityName}`}`,
  );
  section(
    io,
    'Handlekommunehistorik',
    view.actingHistory.map(
      (p) =>
        `${periodText(instantText(p.from), p.to === null ? null : instantText(p.to))}  ` +
        `${p.municipality === null ? 'ingen (udlandet)' : `${p.municipality} ${p.municipalityName ?? ''}`} (${p.reason})`,
    ),
  );
  section(
    io,
    'Sager',
    view.cases.map(
      (c) =>
        `${c.id}  ${c.benefit}  ${c.status}  kommune ${c.municipality}  ${periodText(c.from, c.to, 'løbende')}` +
        `${c.monthly === null ? '' : `  ${kroner(c.monthly)}/md.`}${c.closedReason === null ? '' : `  (${c.closedReason})`}`,
    ),
  );
  section(
    io,
    'Træk',
    view.deductions.map(
      (d) =>
        `${d.id}  ${d.kind}  kommune ${d.municipality}  ${periodText(d.from, d.to, 'løbende')}  ${kroner(d.monthly)}/md.`,
    ),
  );
  section(
    io,
    'Udbetalingslinjer',
    view.paymentLines.map(
      (l) =>
        `${l.period}  ${l.status}  kommune ${l.municipality}  sag ${l.case}  ${kroner(l.amount)}` +
        (l.net === null ? '' : `  netto ${kroner(l.net)}`),
    ),
  );
  section(
    io,
    'Træklinjer',
    view.deductionLines.map(
      (l) => `${l.period}  ${l.status}  kommune ${l.municipality}  træk ${l.deduction}  ${kroner(l.amount)}`,
    ),
  );
  section(
    io,
    'Åbne opgaver',
    view.tasks
      .filter((t) => t.status === 'aaben')
      .map((t) => `${t.type}  kommune ${t.municipality}  oprettet ${instantText(t.createdAt)}`),
  );
}

/** The purposes a caseworker may give for a read (the access log's `purpose`), as documented in the README. */
export const readPurposes = ['sagsbehandling', 'opfølgning'] as const;

/** Refuses a `--formaal` outside the documented purposes; returns the exit code, or undefined when valid. */
export function refusePurpose(io: Io, purpose: string): number | undefined {
  if ((readPurposes as readonly string[]).includes(purpose)) return undefined;
  return reportError(io, {
    code: 'ugyldigt-input',
    message: `Ukendt formål "${purpose}"; brug ${readPurposes.join(' eller ')}`,
    field: '--formaal',
  });
}

/**
 * Shows a person's overview (logged in the access log with the purpose); `json` prints the API's overview
 * JSON (GET /api/persons/{cpr}/overview).
 */
export async function showPersonCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  cpr: string,
  options: { formaal: string; json: boolean },
): Promise<number> {
  const result = await getPersonOverview(deps, actor, 'cli', cpr, options.formaal);
  if (!result.ok) return reportError(io, result.error, { cpr: 'CPR' });
  const view = overviewView(result.value, localDate(deps.clock.now()));
  if (options.json) io.out(JSON.stringify(view, null, 2));
  else printOverview(io, view);
  return 0;
}

/** Only the acting municipality may act: when refused, the user's municipality is at fault. */
function actingError(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined
    ? { ...error, field: '--bruger-kommune' }
    : error;
}

export interface MoveOutOptions {
  readonly kommune?: string;
  readonly udland?: string;
  readonly dato?: string;
}

/** "Registrer fraflytning" started by hand; returns the exit code. */
export async function moveOutCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  cpr: string,
  options: MoveOutOptions,
): Promise<number> {
  const result = await registerMoveOut(deps, actor, 'cli', cpr, {
    municipality: options.kommune,
    abroad: options.udland,
    date: options.dato ?? '',
  });
  if (!result.ok) {
    return reportError(io, actingError(result.error), {
      cpr: 'CPR',
      municipality: '--kommune',
      abroad: '--udland',
      date: '--dato',
    });
  }
  io.out(`Fraflytning registreret; kørslen kl. 04:00 den ${result.value.expectedDate} effektuerer den`);
  return 0;
}

export interface ManualActingOptions {
  readonly kommune?: string;
  readonly fra?: string;
  readonly til?: string;
  readonly udenSlutdato?: boolean;
  readonly aarsag?: string;
  readonly aftale?: boolean;
  readonly samtykke?: boolean;
}

const manualFieldNames: Readonly<Record<string, string>> = {
  cpr: 'CPR',
  action: 'handlingen',
  municipality: '--kommune',
  from: '--fra',
  to: '--til',
  reason: '--aarsag',
  agreement: '--aftale',
  consent: '--samtykke',
};

const manualDone: Readonly<Record<string, string>> = {
  opret: 'oprettet',
  rediger: 'rettet',
  stands: 'standset',
  fortryd: 'fortrudt',
};

/** "Bestem handlekommune manuelt": opret, rediger, stands or fortryd; returns the exit code. */
export async function manualActingCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  action: string,
  cpr: string,
  options: ManualActingOptions,
): Promise<number> {
  const input: ManualActionInput = {
    action,
    municipality: options.kommune,
    from: options.fra,
    to: options.udenSlutdato === true ? null : options.til,
    reason: options.aarsag,
    agreement: options.aftale,
    consent: options.samtykke,
  };
  const result = await determineActingManually(deps, actor, 'cli', cpr, input);
  if (!result.ok) return reportError(io, actingError(result.error), manualFieldNames);
  io.out(
    `Manuel handlekommune ${manualDone[action] ?? action} (periode ${result.value.manualPeriod}); ` +
      `virkning ved kørslen kl. 04:00 den ${result.value.effectiveFrom}`,
  );
  return 0;
}
