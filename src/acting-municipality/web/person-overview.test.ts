import { caseworkerActor } from '../../platform/actor.ts';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { LineRecord } from '../../cases/index.ts';
import type { Cpr, MunicipalityCode } from '../../kernel/index.ts';
import { htmlText } from '../../platform/web/html.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { PersonOverview } from '../get-person-overview.ts';
import { eventDetails, personOverviewPage, statementPath } from './person-overview.ts';

const web: WebActor = {
  actor: caseworkerActor('sb101', '101' as MunicipalityCode),
  userId: 'sb101',
  municipality: '101' as MunicipalityCode,
  label: 'sb101, København (101)',
  csrfToken: 'a'.repeat(64),
};

const line = (municipality: string, period: string, status: LineRecord['status']): LineRecord => ({
  id: `${municipality}-${period}`,
  kind: 'udbetaling',
  ownerId: `sag-${municipality}`,
  personId: 'p1',
  municipality: municipality as MunicipalityCode,
  period: Temporal.PlainYearMonth.from(period),
  runMonth: Temporal.PlainYearMonth.from(period),
  status,
  amount: 100_000,
  net: status === 'planlagt' ? null : 100_000,
  requested: null,
  parts: null,
  explanation: null,
});

const overview = (lines: LineRecord[]): PersonOverview => ({
  person: {
    id: 'p1',
    version: 1,
    cpr: '0101801234' as Cpr,
    name: 'Anna <Andersen>',
    civilStatus: 'ugift',
    spouse: null,
    cprSubscription: true,
    healthCard: false,
    residence: [
      {
        residence: { kind: 'abroad', country: 'SE' as never },
        from: Temporal.PlainDate.from('2025-01-01'),
      },
    ],
    institutionStays: [],
    administration: [],
  },
  actingNow: null,
  actingHistory: [],
  financing: [],
  manualPeriods: [],
  letters: [],
  journal: [],
  cases: [],
  deductions: [],
  lines,
  tasks: [],
  sanctions: [],
  events: [],
});

const render = (lines: LineRecord[]): string =>
  htmlText(
    personOverviewPage(web, overview(lines), Temporal.PlainDate.from('2025-06-25'), {
      justCreated: false,
      taskTypeNames: {},
    }),
  );

describe('the borgeroverblik markup', () => {
  it('names the municipality in the statement link only when two paid in the month', () => {
    const markup = render([
      line('751', '2025-05', 'udbetalt'),
      line('101', '2025-05', 'udbetalt'),
      line('101', '2025-06', 'beregnet'),
      line('101', '2025-07', 'planlagt'),
    ]);
    // Addressed by the person's id (p1): the CPR number never goes in an address.
    expect(markup).toContain('href="/borgere/p1/udbetalingsspecifikation/2025-05?kommune=751"');
    expect(markup).toContain('href="/borgere/p1/udbetalingsspecifikation/2025-05?kommune=101"');
    expect(markup).toContain('href="/borgere/p1/udbetalingsspecifikation/2025-06"');
    expect(markup).not.toContain('/borgere/0101801234');
    expect(markup).not.toContain('udbetalingsspecifikation/2025-07');
    expect(markup).toContain('<span class="sr-only"> for maj 2025, Aarhus (751)</span>');
  });

  it('says there is no acting municipality abroad and escapes the name', () => {
    const markup = render([]);
    expect(markup).toMatch(/Handlekommune<\/th>\s*<td>Ingen \(udlandet\)<\/td>/);
    expect(markup).toContain('<h1>Anna &lt;Andersen&gt;</h1>');
    expect(markup).toContain('<p>Ingen handlekommune registreret.</p>');
    expect(markup).toContain('<p>Ingen udbetalinger eller træk.</p>');
  });

  it('writes the statement address with the month', () => {
    const id = '6f1c2a8e-3b4d-4c5e-8f9a-0b1c2d3e4f5a';
    expect(statementPath(id, Temporal.PlainYearMonth.from('2025-05'))).toBe(
      `/borgere/${id}/udbetalingsspecifikation/2025-05`,
    );
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['ydelser-og-traek-standset', { total: '810.00' }, 'I alt: 810,00 kr.'],
    ['ydelser-og-traek-standset', { total: '-150.00' }, 'I alt: -150,00 kr.'],
    ['ydelser-og-traek-standset', {}, '–'],
    ['handleansvar-overdraget', { from: null, to: '101' }, 'Til København (101)'],
    ['sag-oprettet', { benefit: 'personligt-tillaeg' }, 'Personligt tillæg'],
    ['flytning-effektueret', { moveDate: '2025-06-10' }, 'Flyttedato 10.06.2025'],
    ['noget-nyt', { total: '1.00' }, '–'],
  ])('details the event %s %j as %s', (type, data, expected) => {
    expect(eventDetails({ type, data })).toBe(expected);
  });
});
