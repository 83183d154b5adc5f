import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { benefitTypes, caseStatuses, type LineStatus } from '../../cases/index.ts';
import { taskStatuses } from '../../tasks/index.ts';
import {
  actingReasonLabels,
  benefitLabels,
  caseStatusLabels,
  eventTypeLabels,
  labelOf,
  lineStatusLabels,
  monthText,
  taskStatusLabels,
} from './labels.ts';

/** The line statuses (cases/ keeps them as a type only); the assertion below keeps the list complete. */
const lineStatuses = ['planlagt', 'beregnet', 'udbetalt', 'stoppet', 'sendt', 'gennemfoert'] as const;
type MissingLineStatus = Exclude<LineStatus, (typeof lineStatuses)[number]>;
const noLineStatusMissing: [MissingLineStatus] extends [never] ? true : false = true;

describe('the Danish labels of the borgeroverblik', () => {
  it.each<[string, readonly string[], Readonly<Record<string, string>>]>([
    ['benefit type', benefitTypes, benefitLabels],
    ['case status', caseStatuses, caseStatusLabels],
    ['line status', lineStatuses, lineStatusLabels],
    ['task status', taskStatuses, taskStatusLabels],
    ['acting reason', ['bopael', 'manuel', 'udlandet'], actingReasonLabels],
  ])('has a label for every %s and none for a key that does not exist', (_what, keys, labels) => {
    expect(noLineStatusMissing).toBe(true);
    for (const key of keys) expect(labels[key], key).toMatch(/^\p{Lu}/u);
    expect(Object.keys(labels).sort()).toEqual([...keys].sort());
  });

  it('writes the labels the caseworkers know', () => {
    expect(benefitLabels['personligt-tillaeg']).toBe('Personligt tillæg');
    expect(lineStatusLabels.sendt).toBe('Sendt til UDK');
    expect(labelOf(eventTypeLabels, 'handleansvar-overdraget')).toBe('Handleansvar overdraget');
  });

  it('shows an unknown key as it is, also one that names an Object property', () => {
    expect(labelOf(eventTypeLabels, 'noget-nyt')).toBe('noget-nyt');
    expect(labelOf(eventTypeLabels, 'toString')).toBe('toString');
    expect(labelOf(caseStatusLabels, 'constructor')).toBe('constructor');
  });

  it('writes months in Danish', () => {
    expect(monthText(Temporal.PlainYearMonth.from('2025-05'))).toBe('maj 2025');
    expect(monthText(Temporal.PlainYearMonth.from('2024-12'))).toBe('december 2024');
  });
});
