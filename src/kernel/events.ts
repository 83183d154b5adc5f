/**
 * Every event type (hændelse) the system records, with the shape of its data: the one list. Recording an
 * event of a type not named here, or with data of another shape, does not compile. A new event type is one
 * entry in `EventData` and one in `eventTypes` (the compiler checks that the two agree); the scenario
 * format's event keys derive from `eventTypes`.
 */
import type { MunicipalityCode } from './municipalities.ts';

/** A manual acting period as the 04:00 run reports it when it ends or stops the period. */
export interface ManualPeriodDetails {
  readonly manualPeriod: string;
  readonly municipality: MunicipalityCode;
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
  readonly registeredBy: MunicipalityCode;
}

/** What "Bestem handlekommune manuelt" recorded: the action, the period (when it has one), from when. */
export interface ManualDecisionData {
  readonly manualPeriod: string;
  readonly action: string;
  readonly municipality?: MunicipalityCode;
  readonly from?: string;
  readonly to?: string | null;
  readonly reason?: string;
  readonly effectiveFrom: string;
}

/** One stopped line in the outstanding calculation; amounts as kroner strings (`810.00`). */
export interface OutstandingItemData {
  readonly kind: 'udbetaling' | 'traek';
  /** The case (udbetaling) or deduction (traek) the line belongs to. */
  readonly case?: string;
  readonly deduction?: string;
  readonly period: string;
  readonly planned: string;
  readonly share: string;
}

/** Each event type with the shape of its data. */
export interface EventData {
  'borger-oprettet': { readonly name: string };
  'borger-rettet': {
    readonly changes: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
  };
  'sag-oprettet': { readonly case: string; readonly benefit: string; readonly status: string };
  'traek-oprettet': { readonly deduction: string; readonly kind: string };
  'satser-indlaest': {
    readonly fil: string;
    readonly tilfoejet: number;
    readonly erstattet: number;
    readonly afkortet: number;
    readonly uaendret: number;
    readonly noegler: readonly string[];
  };
  'fraflytning-planlagt': {
    readonly expectedDate: string;
    readonly moveDate: string;
    /** From CPR: where to, and the message's sequence number. */
    readonly to?: string;
    readonly sequence?: number;
    /** Registered by hand ("Registrer fraflytning"). */
    readonly manual?: true;
  };
  'flytning-effektueret': { readonly from: string | null; readonly to: string; readonly moveDate: string };
  'helbredskort-bestilt': { readonly address: string };
  'handleansvar-overdraget': {
    readonly from: MunicipalityCode | null;
    readonly to: MunicipalityCode;
    readonly reason: string;
  };
  'handleansvar-ophoert': { readonly from: MunicipalityCode | null };
  'ydelser-og-traek-standset': { readonly items: readonly OutstandingItemData[]; readonly total: string };
  'manuel-handlekommune-registreret':
    | ManualDecisionData
    /** An existing period registered from before. */
    | { readonly manualPeriod: string; readonly existing: true };
  'manuel-handlekommune-aendret': ManualDecisionData;
  'manuel-handlekommune-standset':
    ManualDecisionData | (ManualPeriodDetails & { readonly grund: 'udlandet' });
  'manuel-handlekommune-fortrudt': ManualDecisionData;
  'manuel-handlekommune-udloebet': ManualPeriodDetails;
  'sag-bevilget': GrantEventData;
  'bevilling-aendret': GrantEventData & { readonly replaces: string };
  'bevilling-afsluttet': Omit<GrantEventData, 'from'> & { readonly replaces: string };
  'sag-afsluttet': { readonly case: string; readonly reason: string };
  'sag-afvist': { readonly case: string; readonly reason: string };
  'registrering-tilfoejet': RegistrationEventData;
  'registrering-rettet': RegistrationEventData & { readonly replaces: string; readonly ended?: true };
  /**
   * A recalculation of a case's months already paid was approved: the months, and (kroner strings) how
   * much it added to the efterbetaling planned for them (less when it lowered one) and what it proposed
   * as repayment claims.
   */
  'genberegning-godkendt': {
    readonly case: string;
    readonly recalculation: string;
    readonly from: string;
    readonly to: string;
    readonly months: number;
    readonly efterbetaling: string;
    readonly tilbagebetaling: string;
  };
  /** A recalculation found a month overpaid: a repayment claim proposed, never deducted until a decision. */
  'tilbagebetalingskrav-foreslaaet': {
    readonly case: string;
    readonly claim: string;
    readonly recalculation: string;
    readonly period: string;
    readonly amount: string;
    /** The proposed claim of the month this one replaces. */
    readonly replaces?: string;
  };
  /** A hearing (partshøring) sent: the intended adverse effect, and the citizen's deadline. */
  'partshoering-sendt': {
    readonly case: string;
    readonly hearing: string;
    readonly effect: string;
    readonly sentOn: string;
    readonly deadline: string;
  };
  /** The citizen answered a hearing. */
  'partshoering-besvaret': { readonly case: string; readonly hearing: string; readonly answeredOn: string };
  /**
   * A decision (afgørelse) with an adverse effect: what it rests on (a hearing or a legal exception) and,
   * for repayment claims, the claims it made.
   */
  'afgoerelse-truffet': {
    readonly case: string;
    readonly decision: string;
    readonly effect: string;
    readonly decidedOn: string;
    readonly hearing: string | null;
    readonly exception: string | null;
    readonly claims?: readonly string[];
    /** A sanction the decision made. */
    readonly sanction?: string;
    /** A termination (ophør): the grant's last day. */
    readonly endedOn?: string;
    readonly amount?: string;
    /** A 225-hour rule decision: the date it lowers the help from, and the date the rule found. */
    readonly from?: string;
    readonly ruleDate?: string;
  };
  /** The legacy system's 225-hour rule data of a case converted (release 6.1). */
  'timeregel-data-konverteret': {
    readonly case: string;
    readonly legacy: string;
    readonly bortfaldsdato: string | null;
    readonly notice: boolean;
    readonly assumedHearing: boolean;
  };
  /** A journal note written on a case. */
  'journalnotat-skrevet': { readonly case: string; readonly note: string; readonly title: string };
  /** A document added to a case. */
  'dokument-tilfoejet': {
    readonly case: string;
    readonly document: string;
    readonly name: string;
    readonly size: number;
  };
  /** The 225-hour rule's notice (varsling) sent: the date it announces and the consequence. */
  'varsling-sendt': {
    readonly case: string;
    readonly notice: string;
    readonly sentOn: string;
    readonly ruleDate: string;
    readonly consequence: string;
  };
  /** The run could not compute a line (a rate missing, say): it moves to the next run. */
  'beregning-udskudt': {
    readonly case: string;
    readonly period: string;
    readonly runMonth: string;
    readonly code: string;
    readonly message: string;
  };
}

/** A grant decided, changed or ended: the case, the grant row, its period and the reason. */
export interface GrantEventData {
  readonly case: string;
  readonly grant: string;
  readonly from: string;
  readonly to: string | null;
  readonly reason: string;
}

/** A registration added or corrected: the row, its kind, its period and the reason given. */
export interface RegistrationEventData {
  readonly registration: string;
  readonly kind: string;
  readonly from: string;
  readonly to: string | null;
  /** Given on a correction. */
  readonly reason?: string | null;
}

export type EventType = keyof EventData;

/** The event types as a list, in the order the scenario format documents them. */
export const eventTypes = [
  'borger-oprettet',
  'borger-rettet',
  'sag-oprettet',
  'traek-oprettet',
  'satser-indlaest',
  'fraflytning-planlagt',
  'flytning-effektueret',
  'handleansvar-overdraget',
  'handleansvar-ophoert',
  'ydelser-og-traek-standset',
  'manuel-handlekommune-registreret',
  'manuel-handlekommune-aendret',
  'manuel-handlekommune-standset',
  'manuel-handlekommune-fortrudt',
  'manuel-handlekommune-udloebet',
  'helbredskort-bestilt',
  'sag-bevilget',
  'bevilling-aendret',
  'bevilling-afsluttet',
  'sag-afsluttet',
  'sag-afvist',
  'registrering-tilfoejet',
  'registrering-rettet',
  'genberegning-godkendt',
  'tilbagebetalingskrav-foreslaaet',
  'varsling-sendt',
  'timeregel-data-konverteret',
  'journalnotat-skrevet',
  'dokument-tilfoejet',
  'partshoering-sendt',
  'partshoering-besvaret',
  'afgoerelse-truffet',
  'beregning-udskudt',
] as const satisfies readonly EventType[];

type Unlisted = Exclude<EventType, (typeof eventTypes)[number]>;
/** Compiles only while every type in `EventData` is in `eventTypes`: the error names the missing ones. */
export const everyEventTypeListed: [Unlisted] extends [never] ? true : Unlisted = true;

/** Every event type's Danish name, as the pages show it; the type makes a new event type name itself. */
export const eventTypeLabels: Readonly<Record<EventType, string>> = {
  'borger-oprettet': 'Borger oprettet',
  'borger-rettet': 'Borgerens oplysninger rettet',
  'sag-oprettet': 'Sag oprettet',
  'traek-oprettet': 'Træk oprettet',
  'satser-indlaest': 'Satser indlæst',
  'fraflytning-planlagt': 'Fraflytning planlagt',
  'flytning-effektueret': 'Flytning gennemført',
  'handleansvar-overdraget': 'Handleansvar overdraget',
  'handleansvar-ophoert': 'Handleansvar ophørt',
  'ydelser-og-traek-standset': 'Ydelser og træk standset',
  'manuel-handlekommune-registreret': 'Manuel handlekommune registreret',
  'manuel-handlekommune-aendret': 'Manuel handlekommune ændret',
  'manuel-handlekommune-standset': 'Manuel handlekommune standset',
  'manuel-handlekommune-fortrudt': 'Manuel handlekommune fortrudt',
  'manuel-handlekommune-udloebet': 'Manuel handlekommune udløbet',
  'helbredskort-bestilt': 'Helbredskort bestilt',
  'sag-bevilget': 'Sag bevilget',
  'bevilling-aendret': 'Bevilling ændret',
  'bevilling-afsluttet': 'Bevilling afsluttet',
  'sag-afsluttet': 'Sag afsluttet',
  'sag-afvist': 'Sag afvist',
  'registrering-tilfoejet': 'Registrering tilføjet',
  'registrering-rettet': 'Registrering rettet',
  'genberegning-godkendt': 'Genberegning godkendt',
  'tilbagebetalingskrav-foreslaaet': 'Tilbagebetalingskrav foreslået',
  'varsling-sendt': 'Varsling sendt (225-timersreglen)',
  'journalnotat-skrevet': 'Journalnotat skrevet',
  'dokument-tilfoejet': 'Dokument tilføjet',
  'timeregel-data-konverteret': 'Data om 225-timersreglen konverteret',
  'partshoering-sendt': 'Partshøring sendt',
  'partshoering-besvaret': 'Partshøring besvaret',
  'afgoerelse-truffet': 'Afgørelse truffet',
  'beregning-udskudt': 'Beregning udskudt',
};

/** An event of a known type with data of its shape. */
export type DomainEvent = { [T in EventType]: { readonly type: T; readonly data: EventData[T] } }[EventType];
