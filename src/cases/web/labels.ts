/**
 * The Danish words the pages show for the keys cases stores: benefits and their families, case and line
 * statuses, and the kinds of registration. The borgeroverblik uses the same (src/acting-municipality/web/).
 */
import type { LineStatus } from '../db/case.repository.ts';
import type { BenefitType, CaseStatus, DeductionKind } from '../domain/case.ts';
import type { BenefitFamily } from '../domain/lifecycle.ts';
import type { CivilStatus, HoursRuleExemption, RegistrationKind } from '../domain/registration.ts';
import { sanctionKindLabels } from '../domain/sanction.ts';
import type { SanctionRecord } from '../db/sanction.repository.ts';
import { formatDanishAmount, formatDanishMonth } from '../../kernel/index.ts';

export const benefitLabels: Readonly<Record<BenefitType, string>> = {
  kontanthjaelp: 'Kontanthjælp',
  uddannelseshjaelp: 'Uddannelseshjælp',
  hjemrejseydelse: 'Hjemrejseydelse',
  'saerlig-stoette': 'Særlig støtte',
  administration: 'Administration',
  enkeltydelse: 'Enkeltydelse',
  'anden-ydelse': 'Anden ydelse',
  'personligt-tillaeg': 'Personligt tillæg',
  helbredstillaeg: 'Helbredstillæg',
};

export const familyLabels: Readonly<Record<BenefitFamily, string>> = {
  htf: 'Hjælp til forsørgelse (HTF)',
  'saerlig-stoette': 'Særlig støtte',
  administration: 'Administration af økonomi',
  enkeltydelse: 'Enkeltydelse',
  'anden-ydelse': 'Anden ydelse',
  'personligt-tillaeg': 'Personligt tillæg',
  helbredstillaeg: 'Helbredstillæg',
};

export const caseStatusLabels: Readonly<Record<CaseStatus, string>> = {
  'under-oplysning': 'Under oplysning',
  bevilget: 'Bevilget',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
};

export const lineStatusLabels: Readonly<Record<LineStatus, string>> = {
  planlagt: 'Planlagt',
  beregnet: 'Beregnet',
  udbetalt: 'Udbetalt',
  stoppet: 'Stoppet',
  sendt: 'Sendt til UDK',
  gennemfoert: 'Gennemført',
};

export const registrationKindLabels: Readonly<Record<RegistrationKind, string>> = {
  barn: 'Barn',
  hjemmeboende: 'Hjemmeboende',
  civilstand: 'Civilstand',
  arbejdsindtaegt: 'Arbejdsindtægt og timer',
  'aegtefaelle-arbejdsindtaegt': 'Ægtefælles/samlevers arbejdsindtægt og timer',
  boligudgift: 'Boligudgift',
  boligstoette: 'Boligstøtte (husstandens)',
  skattekort: 'Skattekort',
  'bevilget-beloeb': 'Bevilget beløb',
  tillaeg: 'Tillæg',
  'apoe-tilbageholdelse': 'Tilbageholdelse (APØ)',
  sanktionsvejledning: 'Vejledt om sanktioner',
  'timeregel-timer': 'Timer efter 225-timersreglen',
  ydelseshistorik: 'Ydelseshistorik (hjælp modtaget uden for systemet)',
  'timeregel-undtagelse': 'Undtaget fra 225-timersreglen',
  'timeregel-forlaengelse': 'Forlængelse af 225-timersreglens 12 måneder',
};

export const deductionKindLabels: Readonly<Record<DeductionKind, string>> = {
  tilbagebetaling: 'Tilbagebetaling',
  regulering: 'Regulering',
  udk: 'Træk til Udbetaling Danmark',
};

/** The civil status a `civilstand` registration records (not CPR's, which has more). */
export const registrationCivilStatusLabels: Readonly<Record<CivilStatus, string>> = {
  enlig: 'Enlig',
  gift: 'Gift',
  samlevende: 'Samlevende',
};

/** Why the 225-hour rule does not apply in a period. */
export const hoursRuleExemptionLabels: Readonly<Record<HoursRuleExemption, string>> = {
  'begraenset-arbejdsevne': 'Begrænset arbejdsevne',
  rehabiliteringsplan: 'Rehabiliteringsplan under udarbejdelse',
  forrevalidering: 'Forrevalidering',
  revalidering: 'Revalidering',
};

/** A proposed repayment claim waits for a decision; a later recalculation may replace it. */
export const claimStatusLabels: Readonly<Record<string, string>> = {
  foreslaaet: 'Foreslået – afventer afgørelse',
  erstattet: 'Erstattet af en senere genberegning',
  besluttet: 'Besluttet ved afgørelse – opkræves ikke endnu',
};

/** A decided sanction: waiting for a run, taken, or lapsed (no run took it in time). */
const sanctionStatusLabels: Readonly<Record<string, string>> = {
  besluttet: 'Besluttet – trækkes ved næste kørsel',
  gennemfoert: 'Trukket',
  bortfaldet: 'Bortfaldet – ikke trukket inden for 3 hele kalendermåneder',
};

/** A sanction's kind (with its days) and what the runs did with it, in Danish, as the pages show them. */
export function sanctionTexts(sanction: SanctionRecord): { kind: string; status: string } {
  return {
    kind:
      sanction.days === null
        ? sanctionKindLabels[sanction.kind]
        : `${sanctionKindLabels[sanction.kind]}: ${String(sanction.days)} dage`,
    status:
      sanction.status === 'gennemfoert' && sanction.takenIn !== null
        ? `Trukket ${formatDanishAmount(sanction.taken ?? 0)} i kørslen for ${formatDanishMonth(sanction.takenIn)}`
        : (sanctionStatusLabels[sanction.status] ?? sanction.status),
  };
}
