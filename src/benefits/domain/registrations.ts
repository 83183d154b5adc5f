/**
 * Reading registrations (dated facts, src/cases/domain/registration.ts) for a computation: which rows were
 * known at an instant, which are in force on a day, and how each is summed up in Danish in an explanation.
 */
import { Temporal } from 'temporal-polyfill';
import { formatDanishAmount, formatDanishDate } from '../../kernel/index.ts';
import type { CivilStatus, HoursRuleExemption, Registration, RegistrationValue } from '../../cases/index.ts';
import type { UsedRegistration } from './explanation.ts';

/**
 * The registrations as they were known at the instant: recorded at or before it and not yet superseded
 * then. Recomputing a month "as known then" and "as known now" differs only in this instant.
 */
export function knownAt(registrations: readonly Registration[], instant: Temporal.Instant): Registration[] {
  return registrations.filter(
    (registration) =>
      Temporal.Instant.compare(registration.recordedAt, instant) <= 0 &&
      (registration.supersededAt === null ||
        Temporal.Instant.compare(registration.supersededAt, instant) > 0),
  );
}

/** The registrations whose period (both days inclusive, `to` null open-ended) contains the date. */
export function inForceOn(registrations: readonly Registration[], date: Temporal.PlainDate): Registration[] {
  return registrations.filter(
    (registration) =>
      Temporal.PlainDate.compare(registration.from, date) <= 0 &&
      (registration.to === null || Temporal.PlainDate.compare(registration.to, date) >= 0),
  );
}

/** Whether the registration is in force on at least one day from `first` to `last`. */
export function inForceBetween(
  registration: Registration,
  first: Temporal.PlainDate,
  last: Temporal.PlainDate,
): boolean {
  return (
    Temporal.PlainDate.compare(registration.from, last) <= 0 &&
    (registration.to === null || Temporal.PlainDate.compare(registration.to, first) >= 0)
  );
}

/**
 * Of several registrations of one kind in force on the same day, the one that counts: the latest start,
 * then the latest recorded (a later registration describes the newer situation).
 */
export function latest(registrations: readonly Registration[]): Registration | undefined {
  let best: Registration | undefined;
  for (const registration of registrations) {
    if (
      best === undefined ||
      Temporal.PlainDate.compare(registration.from, best.from) > 0 ||
      (Temporal.PlainDate.compare(registration.from, best.from) === 0 &&
        Temporal.Instant.compare(registration.recordedAt, best.recordedAt) > 0)
    ) {
      best = registration;
    }
  }
  return best;
}

export { formatDanishDate, formatDanishMonth } from '../../kernel/index.ts';

/** Why the 225-hour rule does not apply, in Danish. */
export const exemptionLabels: Readonly<Record<HoursRuleExemption, string>> = {
  'begraenset-arbejdsevne':
    'arbejdsevnen er så begrænset, at personen ikke kan arbejde 225 timer på 12 måneder',
  rehabiliteringsplan: 'en rehabiliteringsplan er under udarbejdelse',
  forrevalidering: 'personen er i forrevalidering',
  revalidering: 'personen er i revalidering',
};

const civilStatusText: Record<CivilStatus, string> = {
  enlig: 'enlig',
  gift: 'gift',
  samlevende: 'samlevende',
};

/** A Danish summary of a registration's value, as an explanation shows it. */
export function summarize(value: RegistrationValue): string {
  switch (value.kind) {
    case 'barn':
      return `barn født ${formatDanishDate(value.birthDate)}`;
    case 'hjemmeboende':
      return 'bor hos en forælder (hjemmeboende)';
    case 'sanktionsvejledning':
      return 'skriftligt vejledt om rådighed og sanktioner (aktivloven § 35, stk. 1)';
    case 'civilstand':
      return `${civilStatusText[value.status]}${value.spouseOnBenefit ? ', ægtefælle/samlever modtager også hjælp' : ''}`;
    case 'arbejdsindtaegt':
      return `arbejdsindtægt ${formatDanishAmount(value.amount)}, ${formatHours(value.hours)} timer`;
    case 'aegtefaelle-arbejdsindtaegt':
      return `ægtefælles/samlevers arbejdsindtægt ${formatDanishAmount(value.amount)}, ${formatHours(value.hours)} timer`;
    case 'boligstoette':
      return `boligstøtte til husstanden ${formatDanishAmount(value.monthly)} pr. måned, delt mellem ${String(value.adults)} ${value.adults === 1 ? 'voksen' : 'voksne'}`;
    case 'boligudgift':
      return `boligudgift ${formatDanishAmount(value.monthly)} pr. måned`;
    case 'skattekort':
      return `trækprocent ${formatHours(value.rateBasisPoints / 100)} %, fradrag ${formatDanishAmount(value.monthlyAllowance)}`;
    case 'bevilget-beloeb':
      return `bevilget ${formatDanishAmount(value.monthly)} pr. måned – begrundelse: ${value.reason}`;
    case 'apoe-tilbageholdelse':
      return `tilbageholdes ${formatDanishAmount(value.monthly)} pr. måned af administration (APØ) – til ${value.purpose}`;
    case 'timeregel-timer':
      return `${formatHours(value.hours)} timers ordinært og ustøttet arbejde (225-timersreglen)`;
    case 'ydelseshistorik':
      return 'modtaget hjælp til forsørgelse uden for systemet (ydelseshistorik)';
    case 'timeregel-undtagelse':
      return `undtaget fra 225-timersreglen: ${exemptionLabels[value.exemption]}`;
    case 'timeregel-forlaengelse':
      return `225-timersreglens 12 måneder forlænges: ${value.ground}`;
    case 'tillaeg':
      return `tillæg: ${value.activityReady ? 'aktivitetsparat' : 'ikke aktivitetsparat'}, ${value.leisureSupplement ? 'fritidstillæg' : 'intet fritidstillæg'}`;
  }
}

/** Hours and percentages with a decimal comma: `7,5`. */
export function formatHours(hours: number): string {
  return String(hours).replace('.', ',');
}

/** A registration as an explanation records it. */
export function usedRegistration(registration: Registration): UsedRegistration {
  return {
    id: registration.id,
    kind: registration.value.kind,
    from: registration.from.toString(),
    to: registration.to === null ? null : registration.to.toString(),
    recordedAt: registration.recordedAt.toString(),
    summary: summarize(registration.value),
  };
}
