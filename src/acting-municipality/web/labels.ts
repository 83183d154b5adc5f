/**
 * The Danish words the borgeroverblik shows for the keys the contexts store: benefits, case, line and task
 * statuses (the first three from cases), why a municipality acts, event types and month names (task types are
 * named by their registry, `TaskTypes`). A key without a label is shown
 * as it is, so a new key is never hidden; labels.test.ts checks that every key of the contexts' lists has one.
 */
import { formatDanishMonth } from '../../kernel/index.ts';
import type { ManualActingReason } from '../domain/acting-rule.ts';
import type { Temporal } from 'temporal-polyfill';
import type { TaskStatus } from '../../tasks/index.ts';

export { benefitLabels, caseStatusLabels, lineStatusLabels } from '../../cases/index.ts';

export const lineKindLabels: Readonly<Record<'udbetaling' | 'traek', string>> = {
  udbetaling: 'Udbetaling',
  traek: 'Træk',
};

export const taskStatusLabels: Readonly<Record<TaskStatus, string>> = {
  aaben: 'Åben',
  afsluttet: 'Afsluttet',
  afvist: 'Afvist',
  annulleret: 'Annulleret',
};

/** Why a municipality acts (the acting periods' `reason`). */
export const actingReasonLabels: Readonly<Record<string, string>> = {
  bopael: 'Bopæl',
  manuel: 'Manuel handlekommune',
  udlandet: 'Udlandet',
};

/** The reasons for a manual acting municipality (rsl §9 stk. 3-6, §9 b, §9 stk. 9). */
export const manualReasonLabels: Readonly<Record<ManualActingReason, string>> = {
  'ophold-institution': 'Ophold på institution (rsl § 9, stk. 3-6)',
  'midlertidigt-ophold': 'Midlertidigt ophold (rsl § 9 b)',
  'aftale-med-samtykke': 'Aftale med samtykke (rsl § 9, stk. 9)',
};

export { eventTypeLabels } from '../../kernel/index.ts';

/** The label of a key in a map, or the key itself when the map has none. */
export function labelOf(labels: Readonly<Record<string, string>>, key: string): string {
  return Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;
}

/** A month as the pages write it: `maj 2025`. */
export function monthText(month: Temporal.PlainYearMonth): string {
  return formatDanishMonth(month);
}
