/**
 * The case a citizen's form was opened from (`?sag=` on its address): the form's breadcrumbs lead back to
 * it, its post keeps it, and a success returns to it.
 */
import type { Crumb } from '../../platform/web/components.ts';
import { casePath } from './case-page.ts';
import { benefitLabels } from './labels.ts';
import type { BenefitType } from '../domain/case.ts';

export interface CaseOrigin {
  readonly caseId: string;
  readonly benefit: BenefitType;
}

/** The query that keeps the origin on the form's address. */
export const originQuery = (origin: CaseOrigin | undefined): string =>
  origin === undefined ? '' : `?sag=${origin.caseId}`;

/** The crumb back to the case, when the form was opened from one. */
export const originCrumbs = (origin: CaseOrigin | undefined): Crumb[] =>
  origin === undefined
    ? []
    : [{ text: `Sag: ${benefitLabels[origin.benefit]}`, href: casePath(origin.caseId) }];
