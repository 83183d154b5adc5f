/** The case page's Danish words for what happened to a case (caseEventDetails). */
import { describe, expect, it } from 'vitest';
import { eventTypeLabels, eventTypes } from '../../kernel/index.ts';
import { caseEventDetails } from './case-page.ts';

describe('the case events in Danish', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['sag-oprettet', { case: 'c', benefit: 'kontanthjaelp', status: 'under-oplysning' }, 'Kontanthjælp'],
    [
      'sag-bevilget',
      { case: 'c', grant: 'g', from: '2025-08-15', to: null, reason: 'Opfylder betingelserne' },
      'fra 15.08.2025: Opfylder betingelserne',
    ],
    [
      'bevilling-aendret',
      { case: 'c', grant: 'g', from: '2025-08-15', to: '2025-12-31', reason: 'Tidsbegrænset', replaces: 'f' },
      '15.08.2025 – 31.12.2025: Tidsbegrænset',
    ],
    [
      'bevilling-afsluttet',
      { case: 'c', grant: 'g', to: '2025-09-30', reason: 'Fik arbejde', replaces: 'f' },
      'til 30.09.2025: Fik arbejde',
    ],
    ['sag-afsluttet', { case: 'c', reason: 'Bevillingen udløb 15.11.2021' }, 'Bevillingen udløb 15.11.2021'],
    [
      'genberegning-godkendt',
      {
        case: 'c',
        recalculation: 'r',
        from: '2023-08',
        to: '2023-10',
        months: 3,
        efterbetaling: '7860.00',
        tilbagebetaling: '0.00',
      },
      'august 2023 – oktober 2023: efterbetaling 7.860,00 kr., foreslået tilbagebetaling 0,00 kr.',
    ],
    [
      'tilbagebetalingskrav-foreslaaet',
      { case: 'c', claim: 'k', recalculation: 'r', period: '2021-09', amount: '4864.00' },
      'september 2021: 4.864,00 kr.',
    ],
    [
      'beregning-udskudt',
      {
        case: 'c',
        period: '2026-01',
        runMonth: '2026-02',
        code: 'sats-mangler',
        message: 'Satsen kontanthjaelp.ny.grundsats mangler for januar 2026',
      },
      'januar 2026 venter til kørslen for februar 2026: Satsen kontanthjaelp.ny.grundsats mangler for januar 2026',
    ],
    ['registrering-tilfoejet', { registration: 'x', kind: 'barn', from: '2025-01-01', to: null }, '–'],
  ])('%s', (type, data, expected) => {
    expect(caseEventDetails({ type, data })).toBe(expected);
  });

  it('has a Danish name for every event type', () => {
    for (const type of eventTypes) expect(eventTypeLabels[type], type).toMatch(/^\p{Lu}/u);
  });
});
