/**
 * The "Kørsler" page for the system owner: the schedule of the 04:00 run, the monthly run and the payout
 * with their latest runs and next times; the failed runs and parts, each with "Kør igen"; the latest monthly
 * run in numbers per municipality, as a table and as a bar chart drawn in SVG on the server (the table is
 * the accessible source; no script, no inline style); the CPR error queue; and the outbound files to fetch.
 */
import { Temporal } from 'temporal-polyfill';
import { formatDanishAmount, formatDanishMonth, type DomainError, type Result } from '../../kernel/index.ts';
import { formatDate, formatInstant, municipalityText, type CprErrorPage } from '../../persons/index.ts';
import type { RunOverview } from '../../platform/jobs/run-overview.ts';
import type { FailedRun, RunStatus } from '../../platform/jobs/run-status.ts';
import type { RetryOutcome } from '../../platform/jobs/retry-run.ts';
import {
  MONTHLY_RUN_NTH_LAST_BANK_DAY,
  scheduledJobs,
  type ScheduledJob,
} from '../../platform/jobs/domain/schedule.ts';
import { alert, dataTable } from '../../platform/web/components.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { MunicipalityRunTotals, RunMonthTotals } from '../get-run-totals.ts';
import type { OutboundFileInfo } from '../list-outbound-files.ts';

export const runsPath = '/koersler';
export const retryPath = '/koersler/koer-igen';

/** How many outbound files the page lists (newest first); the rest are fetched through the API. */
export const SHOWN_FILES = 100;

const jobNames: Readonly<Record<ScheduledJob, string>> = {
  'daglig-flytning': 'Den daglige flytning',
  maanedskoersel: 'Månedskørslen',
  udbetaling: 'Udbetalingen',
};

const jobTimes: Readonly<Record<ScheduledJob, string>> = {
  'daglig-flytning': 'Hver dag kl. 04:00',
  maanedskoersel: `Kl. 18:00 på månedens ${String(MONTHLY_RUN_NTH_LAST_BANK_DAY)}.-sidste bankdag`,
  udbetaling: 'Kl. 06:00 på månedens sidste bankdag',
};

const jobName = (job: string): string => (Object.hasOwn(jobNames, job) ? jobNames[job as ScheduledJob] : job);

/**
 * A run's key in words: `maanedskoersel:2025-05:147` → "Månedskørslen maj 2025",
 * `daglig-flytning:2025-05-07` → "Den daglige flytning 07.05.2025"; a forced run is marked.
 */
export function runName(key: string): string {
  const match = /^([a-z-]+):(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(key);
  if (match === null) return key;
  const [, job = '', year = '', month = '', day] = match;
  const period =
    day === undefined
      ? formatDanishMonth(Temporal.PlainYearMonth.from({ year: Number(year), month: Number(month) }))
      : formatDate(`${year}-${month}-${day}`);
  return `${jobName(job)} ${period}${key.includes(':tvunget:') ? ' (tvunget)' : ''}`;
}

const instantText = (iso: string | null): string =>
  iso === null || iso === '' ? '–' : formatInstant(Temporal.Instant.from(iso));

/** A whole number with Danish thousands separators: `12.345`. */
const countText = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');

function scheduleTable(overview: RunOverview): SafeHtml {
  return dataTable({
    labelledBy: 'plan',
    columns: ['Kørsel', 'Hvornår', 'Næste kørsel'],
    rows: scheduledJobs.map((job) => {
      const next = overview.next[job];
      return [jobNames[job], jobTimes[job], html`${formatInstant(next.at)} <br />(${runName(next.key)})`];
    }),
    empty: '',
  });
}

function runState(run: RunStatus): HtmlValue {
  if (run.parts !== null && run.parts.failed > 0) {
    return html`<strong class="badge badge-error">Fejlede dele</strong>`;
  }
  if (run.finishedAt === null || (run.parts !== null && run.parts.open > 0)) {
    return html`<strong class="badge badge-warning">I gang eller afbrudt</strong>`;
  }
  return html`<strong class="badge badge-success">Færdig</strong>`;
}

/** How many of each job's latest runs the page lists (the daily runs would crowd out the monthly ones). */
export const RUNS_PER_JOB = 3;

/** The latest `perJob` runs of each job, newest first (as `runs` are). */
export function latestOfEachJob(runs: readonly RunStatus[], perJob = RUNS_PER_JOB): RunStatus[] {
  const taken = new Map<string, number>();
  return runs.filter((run) => {
    const count = taken.get(run.job) ?? 0;
    taken.set(run.job, count + 1);
    return count < perJob;
  });
}

function latestRuns(runs: readonly RunStatus[]): SafeHtml {
  const part = (run: RunStatus, count: 'total' | 'finished' | 'failed' | 'open'): string =>
    run.parts === null ? '–' : countText(run.parts[count]);
  return dataTable({
    labelledBy: 'seneste-koersler',
    columns: ['Kørsel', 'Planlagt til', 'Startet', 'Status', 'Dele i alt', 'Færdige', 'Fejlede', 'Åbne'],
    rows: latestOfEachJob(runs).map((run) => [
      runName(run.key),
      instantText(run.scheduledFor),
      instantText(run.startedAt),
      runState(run),
      part(run, 'total'),
      part(run, 'finished'),
      part(run, 'failed'),
      part(run, 'open'),
    ]),
    empty: 'Der er ikke kørt nogen kørsler endnu.',
  });
}

/** What a failed row is, in words: the run, and the municipality of a part. */
function failedName(failed: FailedRun): string {
  const run = runName(failed.parent ?? failed.key);
  return failed.municipality === null ? run : `${run}, ${municipalityText(failed.municipality)}`;
}

function retryButton(failed: FailedRun): SafeHtml {
  return html`<form method="post" action="${retryPath}">
    <input type="hidden" name="del" value="${failed.key}" />
    <button type="submit" class="button button-secondary mt-0">
      Kør&nbsp;igen<span class="sr-only">: ${failedName(failed)}</span>
    </button>
  </form>`;
}

function failedRuns(failed: readonly FailedRun[]): SafeHtml {
  return dataTable({
    labelledBy: 'fejlede',
    columns: ['Kørsel', 'Kommune', 'Fejlet', 'Forsøg', 'Fejl', 'Næste automatiske forsøg', 'Handling'],
    rows: failed.map((row) => [
      html`${runName(row.parent ?? row.key)}<br /><code>${row.key}</code>`,
      row.municipality === null ? 'Alle' : municipalityText(row.municipality),
      instantText(row.failedAt),
      String(row.attempts),
      row.error,
      row.retryAt === null ? 'Ingen: køres kun igen i hånden' : instantText(row.retryAt),
      retryButton(row),
    ]),
    empty: 'Ingen kørsler eller dele er fejlet.',
  });
}

const chartColors = { bar: '#0059b3', text: '#1a1a1a' } as const;

/** The chart's geometry in its own units: each municipality's name on a line, its bar and amount below. */
const chart = { width: 400, row: 52, bar: 20, area: 260, gap: 8 } as const;

/**
 * The run month's net amounts per municipality as horizontal bars: the municipality's name, and below it
 * the bar with the amount after it. It fills its column by its viewBox (narrow enough to read on a phone);
 * presentation attributes only, no style.
 */
export function totalsChart(
  month: Temporal.PlainYearMonth,
  rows: readonly MunicipalityRunTotals[],
): SafeHtml {
  const height = chart.gap + rows.length * chart.row;
  const max = Math.max(1, ...rows.map((row) => row.net));
  const bars = rows.map((row, index) => {
    const y = chart.gap + index * chart.row;
    const length = row.net <= 0 ? 0 : Math.max(1, Math.round((row.net / max) * chart.area));
    return html`<g>
      <text x="0" y="${y + 14}" font-size="14" fill="${chartColors.text}">
        ${municipalityText(row.municipality)}
      </text>
      <rect x="0" y="${y + 20}" width="${length}" height="${chart.bar}" fill="${chartColors.bar}"></rect>
      <text x="${length + 6}" y="${y + 35}" font-size="14" fill="${chartColors.text}">
        ${formatDanishAmount(row.net)}
      </text>
    </g>`;
  });
  const description =
    `Bjælkediagram: beløb til udbetaling pr. kommune i månedskørslen for ${formatDanishMonth(month)}. ` +
    'Tallene står i tabellen ovenfor.';
  return html`<div class="row mt-5">
    <figure class="col-12 col-md-8 col-lg-6">
      <svg
        class="chart"
        xmlns="http://www.w3.org/2000/svg"
        role="img"
        aria-label="${description}"
        focusable="false"
        viewBox="0 0 ${chart.width} ${height}"
        width="100%"
      >
        ${bars}
      </svg>
      <figcaption>Til udbetaling pr. kommune, ${formatDanishMonth(month)}</figcaption>
    </figure>
  </div>`;
}

function runTotals(totals: RunMonthTotals): SafeHtml {
  if (totals.month === null) {
    return html`<h2 id="maanedskoersel-tal">Månedskørslen i tal</h2>
      <p>Der er ikke kørt nogen månedskørsel endnu.</p>`;
  }
  const rows = totals.municipalities;
  const sum = (pick: (row: MunicipalityRunTotals) => number): number =>
    rows.reduce((total, row) => total + pick(row), 0);
  const cells = (row: MunicipalityRunTotals, name: HtmlValue): HtmlValue[] => [
    name,
    countText(row.citizens),
    countText(row.lines),
    countText(row.paidLines),
    formatDanishAmount(row.gross),
    formatDanishAmount(row.net),
  ];
  const total: MunicipalityRunTotals = {
    municipality: '',
    citizens: sum((row) => row.citizens),
    lines: sum((row) => row.lines),
    paidLines: sum((row) => row.paidLines),
    gross: sum((row) => row.gross),
    net: sum((row) => row.net),
  };
  const totalRow = cells(total, html`<strong>I alt</strong>`).map((cell) => html`<strong>${cell}</strong>`);
  return html`<h2 id="maanedskoersel-tal">Månedskørslen for ${formatDanishMonth(totals.month)} i tal</h2>
    <p>
      Borgere og linjer, som kørslen beregnede, pr. kommune, og hvor mange af linjerne udbetalingen har
      udbetalt. Bruttobeløbet er før skat, ATP, sanktioner, træk og administration; beløbet til udbetaling er
      det, der går til borgernes NemKonto.
    </p>
    ${dataTable({
      labelledBy: 'maanedskoersel-tal',
      columns: ['Kommune', 'Borgere', 'Linjer', 'Heraf udbetalt', 'Bruttobeløb', 'Til udbetaling'],
      rows: [
        ...rows.map((row) => cells(row, municipalityText(row.municipality))),
        ...(rows.length > 1 ? [totalRow] : []),
      ],
      empty: `Månedskørslen for ${formatDanishMonth(totals.month)} har ikke beregnet nogen linjer.`,
    })}
    ${rows.length > 0 && totalsChart(totals.month, rows)}`;
}

const refusedSection = (error: DomainError): SafeHtml =>
  alert('info', 'Kan ikke vises', `${error.message.replace(/\.$/, '')}.`);

function cprErrors(found: Result<CprErrorPage>): SafeHtml {
  if (!found.ok) return refusedSection(found.error);
  const { entries, next } = found.value;
  return html`${
    next !== null &&
    html`<p>
      Viser de nyeste ${String(entries.length)} beskeder. Hele køen findes i
      <code>GET /api/cpr/address-changes/errors</code>.
    </p>`
  }
  ${dataTable({
    labelledBy: 'cpr-fejl',
    columns: ['Modtaget', 'Løbenummer', 'CPR-nummer', 'Fejl', 'Felt'],
    rows: entries.map((entry) => [
      formatInstant(entry.receivedAt),
      entry.sequence < 0 ? 'Ukendt' : String(entry.sequence),
      entry.cpr,
      html`${entry.message} <br /><code>${entry.code}</code>`,
      entry.field ?? '–',
    ]),
    empty: 'Der er ingen afviste CPR-beskeder.',
  })}`;
}

const fileKinds: Readonly<Record<string, string>> = {
  'udk-traekanmodninger': 'Trækanmodninger til Udbetaling Danmark',
  'nemkonto-udbetalinger': 'Udbetalinger til NemKonto',
};

function outboundFiles(found: Result<readonly OutboundFileInfo[]>): SafeHtml {
  if (!found.ok) return refusedSection(found.error);
  const shown = found.value.slice(0, SHOWN_FILES);
  return html`${
    found.value.length > SHOWN_FILES &&
    html`<p>
      Viser de nyeste ${String(SHOWN_FILES)} af ${String(found.value.length)} filer. Ældre filer findes i
      <code>GET /api/outbound-files?periode=ÅÅÅÅ-MM</code>.
    </p>`
  }
  ${dataTable({
    labelledBy: 'udbetalingsfiler',
    columns: ['Fil', 'Indhold', 'Kommune', 'Måned', 'Poster', 'Dannet'],
    rows: shown.map((file) => [
      html`<a href="/api/outbound-files/${file.id}" download="${file.fileName}">${file.fileName}</a>`,
      fileKinds[file.kind] ?? file.kind,
      municipalityText(file.municipality),
      formatDanishMonth(Temporal.PlainYearMonth.from(file.period)),
      countText(file.records),
      formatInstant(file.createdAt),
    ]),
    empty: 'Der er ingen udgående filer.',
  })}`;
}

/** The alert after "Kør igen", by the retry's outcome. */
export function retryNotice(key: string, outcome: RetryOutcome): SafeHtml {
  const what = runName(key);
  const part = /:\d{3}$/.exec(key) === null ? what : `${what}, ${municipalityText(key.slice(-3))}`;
  switch (outcome) {
    case 'koert':
      return alert('success', 'Kørslen er kørt igen', `${part} er kørt færdig.`);
    case 'allerede-koert':
      return alert('info', 'Intet at køre', `${part} var allerede kørt færdig.`);
    case 'fejlet':
      return alert(
        'error',
        'Kørslen fejlede igen',
        `${part} fejlede igen. Fejlen står under "Fejlede kørsler og dele".`,
      );
  }
}

export interface RunsPageInput {
  readonly web: WebActor;
  readonly overview: RunOverview;
  readonly totals: RunMonthTotals;
  readonly cprErrors: Result<CprErrorPage>;
  readonly files: Result<readonly OutboundFileInfo[]>;
  /** An alert at the top: the outcome of "Kør igen", or why it was refused. */
  readonly notice?: SafeHtml | undefined;
  readonly hasErrors?: boolean;
}

/** The whole Kørsler page. */
export function runsPage(input: RunsPageInput): SafeHtml {
  return page({
    title: 'Kørsler',
    hasErrors: input.hasErrors === true,
    actor: input.web,
    breadcrumbs: [{ text: 'Forside', href: '/' }, { text: 'Kørsler' }],
    main: html`<h1>Kørsler</h1>
      <p class="font-lead">
        Den daglige flytning, månedskørslen og udbetalingen: hvornår de kører, hvordan de gik, og det, der
        skal følges op på.
      </p>
      ${input.notice}
      <h2 id="plan">Plan</h2>
      ${scheduleTable(input.overview)}
      <h2 id="seneste-koersler">Seneste kørsler</h2>
      <p>De seneste ${String(RUNS_PER_JOB)} af hver kørsel, nyeste først.</p>
      ${latestRuns(input.overview.runs)}
      <h2 id="fejlede">Fejlede kørsler og dele</h2>
      <p>
        En fejlet del prøves igen af sig selv, først efter et minut og derefter med længere mellemrum, i alt
        10 gange. "Kør igen" kører den nu, på samme måde som <code>ydelse run</code>.
      </p>
      ${failedRuns(input.overview.failed)} ${runTotals(input.totals)}
      <h2 id="cpr-fejl">CPR-fejlkø</h2>
      <p>CPR-beskeder, der blev afvist, med grunden. De nyeste står først.</p>
      ${cprErrors(input.cprErrors)}
      <h2 id="udbetalingsfiler">Udbetalingsfiler</h2>
      <p>Filerne til Udbetaling Danmark og NemKonto, som månedskørslen og udbetalingen har dannet.</p>
      ${outboundFiles(input.files)}`,
  });
}
