/**
 * The 04:00 run for one person on date d (KP 5.4.0 §3.1-3.3, domain §2): effectuate the residence changes
 * that are due, start and end the manual period, and — when the acting municipality changes — every
 * consequence of the transfer. Pure: the shell loads the state, applies the decision and writes it.
 */
import { Temporal } from 'temporal-polyfill';
import type {
  Cpr,
  DomainEvent,
  ManualPeriodDetails,
  MunicipalityCode,
  Residence,
} from '../../kernel/index.ts';
import type { TaskRequest } from '../../tasks/index.ts';
import { decideActingMunicipality, manualPeriodHolds, type ManualPeriod } from './acting-rule.ts';
import type { MoveTaskKey } from './task-types.ts';
import { calculateOutstanding, outstandingEventData, type StoppedItem } from './outstanding.ts';

export interface ResidenceEntry {
  readonly id: string;
  readonly from: Temporal.PlainDate;
  readonly residence: Residence;
  /** Whether the run has put this entry's residence in force. */
  readonly effectuated: boolean;
  /**
   * The residence the run last put in force for the date, when it differs from a later correction (a higher
   * sequence number for the same date); without it, the entry's own residence once effectuated.
   */
  readonly effectuatedAs?: Residence | undefined;
}

export interface PlannedLine extends StoppedItem {
  readonly lineId: string;
  readonly municipality: MunicipalityCode;
}

/** A case's grant or a deduction: who owns it and the days it runs. */
export interface DatedItem {
  readonly id: string;
  readonly municipality: MunicipalityCode;
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate | null;
}

export interface PersonRunState {
  readonly cpr: Cpr;
  readonly healthCard: boolean;
  readonly spouse: Cpr | null;
  /** Oldest first. */
  readonly residences: readonly ResidenceEntry[];
  /** The current or coming manual period (not undone, not ended), if any. */
  readonly manualPeriod: ManualPeriod | undefined;
  readonly currentActing: MunicipalityCode | null;
  /** Lines not yet taken by a monthly run. */
  readonly plannedLines: readonly PlannedLine[];
  /** Open cases with their grant's first and last day. */
  readonly openCases: readonly DatedItem[];
  /** Deductions not yet ended, with their first and last day. */
  readonly activeDeductions: readonly DatedItem[];
  readonly underAdministration: boolean;
  readonly inInstitution: boolean;
}

/** An event the run records: a known type with data of its shape, and the municipality it concerns. */
export type DecidedEvent = DomainEvent & { readonly municipality: MunicipalityCode | null };

export interface DailyRunDecision {
  readonly effectuate: readonly string[];
  readonly manualStarted: boolean;
  /**
   * The manual period's end as the run records it: its own end, or d − 1 on a move abroad; null when it
   * never came to hold (the citizen was abroad before its first day).
   */
  readonly manualEnded: { readonly to: Temporal.PlainDate | null } | undefined;
  readonly transfer:
    | {
        readonly from: MunicipalityCode | null;
        readonly to: MunicipalityCode | null;
        readonly reason: string;
      }
    | undefined;
  readonly stopPayments: readonly string[];
  readonly stopDeductions: readonly string[];
  /**
   * Cases closed by the transfer with the grant's end the run stores: the last day before the transfer, an
   * earlier end kept; a grant that starts after that day keeps its own end (null included).
   */
  readonly closeCases: readonly { readonly id: string; readonly grantTo: Temporal.PlainDate | null }[];
  /** Deductions ended by the transfer, with the end the run stores, decided as for a grant. */
  readonly endDeductions: readonly { readonly id: string; readonly to: Temporal.PlainDate | null }[];
  readonly events: readonly DecidedEvent[];
  readonly tasks: readonly TaskRequest[];
  /** When the run must look at the person again; null when nothing is coming. */
  readonly nextReview: Temporal.PlainDate | null;
}

const before = (a: Temporal.PlainDate, b: Temporal.PlainDate): boolean =>
  Temporal.PlainDate.compare(a, b) < 0;
const earlier = (a: Temporal.PlainDate, b: Temporal.PlainDate): Temporal.PlainDate => (before(a, b) ? a : b);
const place = (r: Residence): string =>
  r.kind === 'municipality' ? r.municipality : `udlandet:${r.country}`;
const municipalityOf = (r: Residence | undefined): MunicipalityCode | null =>
  r?.kind === 'municipality' ? r.municipality : null;

/** The residence the run last put in force for the entry's date, if it has. */
const lastEffectuated = (entry: ResidenceEntry): Residence | undefined =>
  entry.effectuated ? entry.residence : entry.effectuatedAs;

/** A task the run asks for; the task engine decides whether it waits for a caseworker (task-types.ts). */
function task(
  type: MoveTaskKey,
  municipality: MunicipalityCode,
  data: Record<string, unknown>,
  facts: Record<string, unknown> = {},
): TaskRequest {
  return { type, municipality, data, facts };
}

function manualDetails(period: ManualPeriod): ManualPeriodDetails {
  return {
    manualPeriod: period.id,
    municipality: period.municipality,
    from: period.from.toString(),
    to: period.to?.toString() ?? null,
    reason: period.reason,
    registeredBy: period.registeredBy,
  };
}

/** The next date something is due for the person after `date`, or null. */
function nextReviewAfter(
  state: PersonRunState,
  date: Temporal.PlainDate,
  manualEnded: boolean,
): Temporal.PlainDate | null {
  let next: Temporal.PlainDate | null = null;
  const consider = (candidate: Temporal.PlainDate): void => {
    if (before(date, candidate)) next = next === null ? candidate : earlier(next, candidate);
  };
  for (const entry of state.residences) if (!entry.effectuated) consider(entry.from);
  const manual = state.manualPeriod;
  if (manual !== undefined && !manualEnded) {
    consider(manual.from);
    if (manual.to !== null) consider(manual.to.add({ days: 1 }));
  }
  return next;
}

interface TransferEffects {
  readonly stopPayments: string[];
  readonly stopDeductions: string[];
  readonly closeCases: { id: string; grantTo: Temporal.PlainDate | null }[];
  readonly endDeductions: { id: string; to: Temporal.PlainDate | null }[];
  readonly events: DecidedEvent[];
  readonly tasks: TaskRequest[];
}

/**
 * The end a grant or deduction gets when the duty passes with `lastDay` as A's last day: that day, or its
 * own earlier end. One that starts after `lastDay` never ran under A; cutting it to `lastDay` would put its
 * end before its start, so it keeps its own end (null included). Closing the case or ending the deduction
 * already stops it: nothing is planned for it any more.
 */
export function endAtTransfer(item: DatedItem, lastDay: Temporal.PlainDate): Temporal.PlainDate | null {
  if (before(lastDay, item.from)) return item.to;
  return item.to === null ? lastDay : earlier(item.to, lastDay);
}

/** KP 5.4.0 §3.2: what the old acting municipality A loses when the duty passes on `date`. */
function decideTransferEffects(
  state: PersonRunState,
  from: MunicipalityCode,
  date: Temporal.PlainDate,
): TransferEffects {
  const lastDay = date.subtract({ days: 1 });
  const stopped = state.plannedLines.filter((line) => line.municipality === from);
  const effects: TransferEffects = {
    stopPayments: stopped.filter((l) => l.kind === 'udbetaling').map((l) => l.lineId),
    stopDeductions: stopped.filter((l) => l.kind === 'traek').map((l) => l.lineId),
    closeCases: state.openCases
      .filter((c) => c.municipality === from)
      .map((c) => ({ id: c.id, grantTo: endAtTransfer(c, lastDay) })),
    endDeductions: state.activeDeductions
      .filter((d) => d.municipality === from && (d.to === null || !before(d.to, date)))
      .map((d) => ({ id: d.id, to: endAtTransfer(d, lastDay) })),
    events: [],
    tasks: [],
  };
  if (stopped.length > 0) {
    const data = outstandingEventData(calculateOutstanding(stopped, date));
    effects.events.push({ type: 'ydelser-og-traek-standset', municipality: from, data });
    effects.tasks.push(task('opfoelgning-oekonomiske-udestaaender', from, data));
  }
  if (state.underAdministration)
    effects.tasks.push(task('opfoelgning-administration', from, { date: date.toString() }));
  if (state.inInstitution)
    effects.tasks.push(task('opfoelgning-institutionsophold', from, { date: date.toString() }));
  return effects;
}

/** Decides the 04:00 run of `date` for one person. */
export function decideDailyRun(state: PersonRunState, date: Temporal.PlainDate): DailyRunDecision {
  const events: DecidedEvent[] = [];
  const tasks: TaskRequest[] = [];
  const due = state.residences.filter((entry) => !entry.effectuated && !before(date, entry.from));
  // The run acts on the difference between the history and what it has effectuated (domain §2 point 1):
  // an entry dated before a move already in force arrived late and out of order; it completes the history
  // but moves nobody, since the later move decides the residence. It is marked effectuated without events.
  const inForceBefore = state.residences
    .filter((entry) => lastEffectuated(entry) !== undefined && !before(date, entry.from))
    .at(-1);
  const frontier = inForceBefore?.from;
  const moves = due.filter((entry) => frontier === undefined || !before(entry.from, frontier));
  const inForce = state.residences.filter((entry) => !before(date, entry.from));
  const residence = inForce.at(-1)?.residence;
  const manual = state.manualPeriod;

  const abroad = residence?.kind === 'abroad';
  const manualHolds = manual !== undefined && manualPeriodHolds(manual, date) && !abroad;
  const manualStarted = manual !== undefined && !manual.started && manualHolds;
  let manualEnded: DailyRunDecision['manualEnded'];
  if (manual !== undefined && !manual.ended) {
    if (manual.to !== null && before(manual.to, date)) {
      manualEnded = { to: manual.to };
      events.push({
        type: 'manuel-handlekommune-udloebet',
        municipality: manual.municipality,
        data: manualDetails(manual),
      });
    } else if (abroad && !before(date, manual.from)) {
      // A move abroad always ends the duty, manual period or not (KP 5.4.0 §3.3).
      const lastDay = date.subtract({ days: 1 });
      manualEnded = { to: before(lastDay, manual.from) ? null : lastDay };
      events.push({
        type: 'manuel-handlekommune-standset',
        municipality: manual.municipality,
        data: { ...manualDetails(manual), grund: 'udlandet' },
      });
    }
  }
  const target =
    residence === undefined
      ? state.currentActing
      : decideActingMunicipality(residence, manualHolds ? manual : undefined);
  const changes = target !== state.currentActing;

  // Where the run last put the citizen: a corrected entry moves them from there.
  let previous = inForceBefore === undefined ? undefined : lastEffectuated(inForceBefore);
  for (const entry of moves) {
    const oldMunicipality = municipalityOf(previous);
    events.push({
      type: 'flytning-effektueret',
      municipality: municipalityOf(entry.residence) ?? oldMunicipality,
      data: {
        from: previous === undefined ? null : place(previous),
        to: place(entry.residence),
        moveDate: entry.from.toString(),
      },
    });
    if (state.healthCard && entry.residence.kind === 'municipality') {
      events.push({
        type: 'helbredskort-bestilt',
        municipality: entry.residence.municipality,
        data: { address: place(entry.residence) },
      });
    }
    if (oldMunicipality !== null && municipalityOf(entry.residence) !== oldMunicipality) {
      // "Registrer fraflytning" runs through by itself unless the duty stays and the spouse's subscriptions
      // must be decided (its undring, in task-types.ts).
      const data = { to: place(entry.residence), moveDate: entry.from.toString(), dutyStays: !changes };
      tasks.push(task('registrer-fraflytning', oldMunicipality, data, { spouse: state.spouse }));
    }
    if (manualHolds && entry.residence.kind === 'municipality' && entry.residence.municipality !== target) {
      tasks.push(
        task('opfoelgning-tilflytning-uden-handleansvar', entry.residence.municipality, {
          ...manualDetails(manual),
          moveDate: entry.from.toString(),
        }),
      );
    }
    previous = entry.residence;
  }

  let transfer: DailyRunDecision['transfer'];
  let effects: TransferEffects = {
    stopPayments: [],
    stopDeductions: [],
    closeCases: [],
    endDeductions: [],
    events: [],
    tasks: [],
  };
  if (changes) {
    const from = state.currentActing;
    const reason = target === null ? 'udlandet' : manualHolds ? 'manuel' : 'bopael';
    transfer = { from, to: target, reason };
    if (from !== null) effects = decideTransferEffects(state, from, date);
    events.push(
      target === null
        ? { type: 'handleansvar-ophoert', municipality: from, data: { from } }
        : { type: 'handleansvar-overdraget', municipality: target, data: { from, to: target, reason } },
    );
    if (manualHolds && target === manual.municipality && manual.municipality !== manual.registeredBy) {
      tasks.push(
        task('opfoelgning-modtaget-handleansvar', manual.municipality, { ...manualDetails(manual) }),
      );
    }
  }

  return {
    effectuate: due.map((entry) => entry.id),
    manualStarted,
    manualEnded,
    transfer,
    stopPayments: effects.stopPayments,
    stopDeductions: effects.stopDeductions,
    closeCases: effects.closeCases,
    endDeductions: effects.endDeductions,
    events: [...events, ...effects.events],
    tasks: [...tasks, ...effects.tasks],
    nextReview: nextReviewAfter(state, date, manualEnded !== undefined),
  };
}
