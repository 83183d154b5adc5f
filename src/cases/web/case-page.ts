/**
 * The case page (sagsside, GET /sager/{id}): who the case is for, its benefit, status and municipality;
 * the standing grant and the grants it replaced; the registrations that decide its amounts, as known now or
 * at an earlier instant; the coming and past payment lines, each computed line with its explanation in a
 * disclosure (rule version, registrations, rates with their legal basis, each intermediate amount, the
 * month's composition) and a link to the month's statement; the approved recalculations month by month and
 * the repayment claims they proposed; the case's events (a month deferred says why). Each section is a heading and a table, or a
 * sentence saying there is nothing, so a caseworker can answer "why did I get this amount?" from one page.
 */
import { Temporal } from 'temporal-polyfill';
import { authorize } from '../../access/index.ts';
import {
  readLineExplanation,
  summarize,
  type ExplainedAmount,
  type ExplainedPart,
  type LineExplanation,
} from '../../benefits/index.ts';
import { eventTypeLabels, formatDanishAmount, formatDanishMonth, parseAmount } from '../../kernel/index.ts';
import { actorText, formatDate, formatInstant, municipalityText, periodText } from '../../persons/index.ts';
import { dataTable, errorSummary, factList, withLineBreaks } from '../../platform/web/components.ts';
import { textField } from '../../platform/web/form.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import { exampleRateMarker } from '../../rates/index.ts';
import type { LineRecord } from '../db/case.repository.ts';
import type { CaseEvent } from '../db/case-events.repository.ts';
import type { RecalculationRecord } from '../db/recalculation.repository.ts';
import { adverseEffectLabels } from '../domain/decision.ts';
import { familyOf } from '../domain/lifecycle.ts';
import type { Grant } from '../domain/grant.ts';
import type { CaseDetails } from '../get-case-details.ts';
import { newDeductionPath, newRegistrationPath } from './form-paths.ts';
import { emptyJournalForms, journalForms, type JournalFormState } from './journal-forms.ts';
import {
  benefitLabels,
  caseStatusLabels,
  claimStatusLabels,
  sanctionTexts,
  familyLabels,
  lineStatusLabels,
  registrationKindLabels,
} from './labels.ts';

const none = '–';
const ongoing = 'Løbende';

/** The address of a case's page. */
export const casePath = (id: string): string => `/sager/${id}`;

/** The address of a letter's page: the letter as the citizen receives it. */
export const letterPath = (id: string): string => `/breve/${id}`;

/** The address of the person overview (the CPR number without a dash). */
/** A citizen's pages are addressed by the person's id, never the CPR number (it would end in logs and history). */
export const personPath = (personId: string): string => `/borgere/${personId}`;

/**
 * The address of the statement that paid a line: the statement of its run month (an efterbetaling is on
 * the statement of the month whose run paid it), of the municipality that paid it.
 */
export function statementPath(
  personId: string,
  month: Temporal.PlainYearMonth,
  municipality?: string,
): string {
  const query = municipality === undefined ? '' : `?kommune=${municipality}`;
  return `/borgere/${personId}/udbetalingsspecifikation/${month.toString()}${query}`;
}

/** Where the overview's "Handlinger" and the case page's buttons start a task for the person. */
export const startTaskPath = (personId: string): string => `/borgere/${personId}/opgaver`;

const label = (labels: Readonly<Record<string, string>>, key: string): string =>
  Object.hasOwn(labels, key) ? (labels[key] ?? key) : key;

function section(id: string, heading: string, content: HtmlValue): SafeHtml {
  return html`<h2 id="${id}">${heading}</h2>
    ${content}`;
}

function subsection(id: string, heading: string, content: HtmlValue): SafeHtml {
  return html`<h3 id="${id}">${heading}</h3>
    ${content}`;
}

const grantPeriod = (grant: Pick<Grant, 'from' | 'to'>): string =>
  periodText(grant.from.toString(), grant.to?.toString() ?? null);

function facts(details: CaseDetails): SafeHtml {
  const record = details.case;
  const standing = details.grants.filter((grant) => grant.supersededAt === null);
  const acting =
    details.actingNow === record.municipality
      ? municipalityText(record.municipality)
      : `${municipalityText(record.municipality)} – borgerens handlekommune er nu ${details.actingNow === null ? 'ingen (udlandet)' : municipalityText(details.actingNow)}`;
  return factList([
    {
      label: 'Borger',
      value: html`<a href="${personPath(details.person.id)}"
        >${details.person.name}<span class="sr-only">, borgeroverblik</span></a
      >`,
    },
    { label: 'CPR-nummer', value: `${details.person.cpr.slice(0, 6)}-${details.person.cpr.slice(6)}` },
    { label: 'Ydelse', value: label(benefitLabels, record.benefit) },
    { label: 'Ydelsesfamilie', value: familyLabels[familyOf(record.benefit)] },
    { label: 'Status', value: label(caseStatusLabels, record.status) },
    { label: 'Handlekommune', value: acting },
    { label: 'Sagskategori', value: record.category ?? 'Ingen' },
    {
      label: 'Bevilget periode',
      value: standing.length === 0 ? 'Ingen gældende bevilling' : standing.map(grantPeriod).join(', '),
    },
    ...(record.monthly === null
      ? []
      : [{ label: 'Fast månedligt beløb', value: formatDanishAmount(record.monthly) }]),
    ...(record.closedReason === null ? [] : [{ label: 'Afslutningsgrund', value: record.closedReason }]),
  ]);
}

/**
 * Whether the user may change the case from its page: a caseworker (the `sagsbehandling` policy) of the
 * case's municipality while it acts for the person. Others see no forms.
 */
function mayChange(web: WebActor, details: CaseDetails): boolean {
  const record = details.case;
  if (web.actor.kind !== 'bruger' || web.actor.municipality !== record.municipality) return false;
  return details.actingNow === record.municipality && authorize(web.actor, 'sagsbehandling').ok;
}

/** The forms of the person's facts and deductions, opened from the case (they lead back to it). */
function changeLinks(details: CaseDetails): SafeHtml {
  const from = `?sag=${details.case.id}`;
  return html`<ul class="nobullet-list">
    <li>
      <a class="function-link" href="${newRegistrationPath(details.person.id)}${from}"
        >Registrer, ret eller afslut en oplysning</a
      >
    </li>
    <li>
      <a class="function-link" href="${newDeductionPath(details.person.id)}${from}">Registrer træk</a>
    </li>
  </ul>`;
}

function actions(web: WebActor, details: CaseDetails): SafeHtml | false {
  const record = details.case;
  if (web.actor.kind !== 'bruger' || web.actor.municipality !== record.municipality) return false;
  if (details.actingNow !== record.municipality) return false;
  const start =
    record.status === 'under-oplysning'
      ? { type: `ydelsesopgave-${familyOf(record.benefit)}`, text: 'Start ydelsesopgaven (bevilling)' }
      : record.status === 'bevilget'
        ? { type: 'afslut-bevilling', text: 'Start "Afslut bevilling"' }
        : undefined;
  const links = mayChange(web, details) && changeLinks(details);
  if (start === undefined && links === false) return false;
  return section(
    'handlinger',
    'Handlinger',
    html`${
      start !== undefined &&
      html`<form method="post" action="${startTaskPath(details.person.id)}">
        <input type="hidden" name="type" value="${start.type}" />
        <input type="hidden" name="sag" value="${record.id}" />
        <button type="submit" class="button button-secondary">${start.text}</button>
      </form>`
    }
    ${links}`,
  );
}

function grants(details: CaseDetails): SafeHtml {
  const byId = new Map(details.grants.map((grant) => [grant.id, grant]));
  const replacedBy = new Map(
    details.grants.flatMap((grant) => (grant.replaces === null ? [] : [[grant.replaces, grant] as const])),
  );
  const standing = details.grants.filter((grant) => grant.supersededAt === null);
  const history = details.grants.filter((grant) => grant.supersededAt !== null).toReversed();
  const decision = (grant: Grant): HtmlValue[] => [
    grantPeriod(grant),
    formatDate(grant.decidedOn.toString()),
    actorText(grant.decidedBy),
    grant.reason,
    formatInstant(grant.recordedAt),
  ];
  return html`${subsection(
    'gaeldende-bevilling',
    'Gældende bevilling',
    dataTable({
      labelledBy: 'gaeldende-bevilling',
      columns: ['Periode', 'Besluttet', 'Besluttet af', 'Begrundelse', 'Registreret'],
      rows: standing.map(decision),
      empty: 'Ingen gældende bevilling.',
    }),
  )}
  ${subsection(
    'bevillingshistorik',
    'Tidligere bevillinger',
    dataTable({
      labelledBy: 'bevillingshistorik',
      columns: [
        'Periode',
        'Besluttet',
        'Besluttet af',
        'Begrundelse',
        'Registreret',
        'Erstattet',
        'Erstattet af',
      ],
      rows: history.map((grant) => {
        const next = replacedBy.get(grant.id);
        const replaces = grant.replaces === null ? undefined : byId.get(grant.replaces);
        return [
          html`${grantPeriod(grant)}${replaces !== undefined && html`<br />(ændrede ${grantPeriod(replaces)})`}`,
          ...decision(grant).slice(1),
          grant.supersededAt === null
            ? none
            : `${formatInstant(grant.supersededAt)}${grant.supersededBy === null ? '' : `, ${actorText(grant.supersededBy)}`}`,
          next === undefined ? none : `${grantPeriod(next)}: ${next.reason}`,
        ];
      }),
      empty: 'Ingen tidligere bevillinger.',
    }),
  )}`;
}

function knownAtForm(details: CaseDetails, knownAtInput: string): SafeHtml {
  return html`<form
    method="get"
    action="${casePath(details.case.id)}#registreringer"
    class="mb-6"
    aria-label="Vis registreringerne som kendt på et tidspunkt"
  >
    ${textField({
      id: 'kendtPr',
      label: 'Vis som kendt pr.',
      hint: 'Dato (fx 05.05.2025) eller tidspunkt (fx 2025-05-05T09:00); tom: som kendt nu',
      value: knownAtInput,
      optional: true,
      width: 'input-width-m',
    })}
    <button type="submit" class="button button-secondary">Vis registreringer</button>
    ${details.knownAt !== null && html`<a class="ml-4" href="${casePath(details.case.id)}">Vis som kendt nu</a>`}
  </form>`;
}

function registrations(details: CaseDetails, knownAtInput: string): SafeHtml {
  const known =
    details.knownAt === null
      ? 'Registreringerne, som de er kendt nu: borgerens egne og sagens.'
      : `Registreringerne, som de var kendt ${formatInstant(details.knownAt)}: borgerens egne og sagens.`;
  return html`<p>${known}</p>
    ${knownAtForm(details, knownAtInput)}
    ${dataTable({
      labelledBy: 'registreringer',
      columns: ['Oplysning', 'Værdi', 'Gælder fra', 'Gælder til', 'Registreret', 'Hører til'],
      rows: details.registrations.map((row) => [
        label(registrationKindLabels, row.value.kind),
        summarize(row.value),
        formatDate(row.from.toString()),
        row.to === null ? ongoing : formatDate(row.to.toString()),
        `${formatInstant(row.recordedAt)}, ${actorText(row.recordedBy)}`,
        row.caseId === null ? 'Borgeren' : 'Sagen',
      ]),
      empty:
        details.knownAt === null
          ? 'Ingen registreringer.'
          : 'Ingen registreringer var kendt på det tidspunkt.',
    })}`;
}

const monthText = (month: Temporal.PlainYearMonth): string => formatDanishMonth(month);

const isLate = (line: LineRecord): boolean => !line.period.equals(line.runMonth);

/** The run that pays the line: `oktober 2023`, marked when it pays a month already run. */
function runText(line: LineRecord): HtmlValue {
  return isLate(line)
    ? html`${monthText(line.runMonth)} <strong>(efterbetaling)</strong>`
    : monthText(line.runMonth);
}

const isComputed = (line: LineRecord): boolean => line.status === 'beregnet' || line.status === 'udbetalt';

const lineId = (line: LineRecord): string => `linje-${line.id}`;

function statementLink(personId: string, line: LineRecord): HtmlValue {
  if (!isComputed(line)) return none;
  return html`<a href="${statementPath(personId, line.runMonth, line.municipality)}"
    >Udbetalingsspecifikation ${monthText(line.runMonth)} (PDF)</a
  >`;
}

function exampleBadge(explained: LineExplanation): HtmlValue {
  return explained.usesExampleRate && html` <span class="badge badge-warning">${exampleRateMarker}</span>`;
}

function comingLines(lines: readonly LineRecord[]): SafeHtml {
  return dataTable({
    labelledBy: 'kommende-udbetalinger',
    columns: ['Periode', 'Betales i kørslen', 'Foreløbigt beløb', 'Status'],
    rows: lines.map((line) => [
      monthText(line.period),
      runText(line),
      formatDanishAmount(line.amount),
      label(lineStatusLabels, line.status),
    ]),
    empty: 'Ingen kommende udbetalinger.',
  });
}

/** What the composition took besides tax: sanctions, ATP, deductions, APØ. */
const otherDeductions = (line: LineRecord): number =>
  line.parts === null ? 0 : line.parts.sanctions + line.parts.atp + line.parts.withheld + line.parts.apo;

function pastLines(personId: string, lines: readonly LineRecord[]): SafeHtml {
  return dataTable({
    labelledBy: 'tidligere-udbetalinger',
    columns: [
      'Periode',
      'Betalt i kørslen',
      'Brutto',
      'A-skat',
      'Træk og andre fradrag',
      'Netto',
      'Status',
      'Forklaring',
      'Specifikation',
    ],
    rows: lines.map((line) => {
      const explained = readLineExplanation(line.explanation);
      return [
        monthText(line.period),
        runText(line),
        html`${formatDanishAmount(line.amount)}${exampleBadge(explained)}`,
        line.parts === null ? none : formatDanishAmount(line.parts.tax),
        line.parts === null ? none : formatDanishAmount(otherDeductions(line)),
        line.net === null ? none : formatDanishAmount(line.net),
        label(lineStatusLabels, line.status),
        isComputed(line)
          ? html`<a href="#${lineId(line)}"
              >Se forklaring<span class="sr-only"> for ${monthText(line.period)}</span></a
            >`
          : none,
        statementLink(personId, line),
      ];
    }),
    empty: 'Ingen tidligere udbetalinger.',
  });
}

function amountList(steps: readonly ExplainedAmount[]): SafeHtml {
  return html`<ul>
    ${steps.map((step) => html`<li>${step.text}: <strong>${formatDanishAmount(step.amount)}</strong></li>`)}
  </ul>`;
}

function textList(heading: string, items: readonly string[]): HtmlValue {
  return (
    items.length > 0 &&
    html`<p class="mb-0"><strong>${heading}</strong></p>
      <ul>
        ${items.map((item) => html`<li>${item}</li>`)}
      </ul>`
  );
}

/** A part's rules are named only when they differ from the line's (`lineRules`). */
function partBlock(part: ExplainedPart, lineRules: readonly string[]): SafeHtml {
  const ownRules = part.rules.join('; ') !== lineRules.join('; ');
  return html`<h4 class="h5 mt-5">${part.label}: ${formatDanishAmount(part.amount)}</h4>
    ${part.period !== '' && html`<p class="mb-0">Dage: ${part.period}</p>`}
    ${ownRules && part.rules.length > 0 && html`<p class="mb-0">Regel: ${part.rules.join('; ')}</p>`}
    ${
      part.steps.length > 0 &&
      html`<p class="mb-0"><strong>Beregning</strong></p>
        ${amountList(part.steps)}`
    }
    ${textList('Oplysninger brugt', part.registrations)} ${textList('Satser brugt', part.rates)}`;
}

/** The explanation of one computed line, in a disclosure. */
/**
 * A computed line's explanation. The run's composition is the person's whole month, so it is shown once per
 * run and municipality, under the first line of it (`composedIn` is that line); the others point to it.
 */
function explanationBlock(line: LineRecord, composedIn: LineRecord): SafeHtml {
  const explained = readLineExplanation(line.explanation);
  const late = isLate(line) ? ` (efterbetaling i kørslen for ${monthText(line.runMonth)})` : '';
  const example =
    explained.usesExampleRate &&
    html`<p>
      <span class="badge badge-warning">${exampleRateMarker}</span> Linjen er beregnet med en eksempelsats,
      som demoen bruger, hvor ingen kilde har beløbet. Beløbet er ikke officielt.
    </p>`;
  const fixed =
    explained.steps.length > 0 &&
    html`<p class="mb-0"><strong>Beregning</strong></p>
      ${amountList(explained.steps)}`;
  const nothing =
    explained.parts.length === 0 &&
    explained.steps.length === 0 &&
    html`<p>Linjen har ingen gemt beregning af ydelsen.</p>`;
  const composition =
    explained.composition.length > 0 &&
    (composedIn.id === line.id
      ? html`<h4 class="h5 mt-5">Udbetalingen i kørslen</h4>
          <p class="mb-0">Borgerens måned sammensat af alle linjer, kørslen betalte:</p>
          ${amountList(explained.composition)}`
      : html`<p>
          Udbetalingen i kørslen for ${monthText(line.runMonth)} er sammensat under
          <a href="#${lineId(composedIn)}">forklaringen for ${monthText(composedIn.period)}</a>.
        </p>`);
  const atp =
    explained.atp.length > 0 &&
    html`<h4 class="h5 mt-5">ATP-bidrag</h4>
      ${amountList(explained.atp)}`;
  const noTaxCard = explained.withheldWithoutCard
    ? html`<p>
        Der er ikke modtaget et skattekort, så A-skatten er trukket med satsen uden skattekort af hele
        beløbet, uden fradrag (KSL § 48, stk. 8).
      </p>`
    : explained.taxCardMissing &&
      html`<p>Der var intet skattekort registreret, så der er ikke trukket A-skat.</p>`;
  return html`<details class="details" id="${lineId(line)}">
    <summary class="details-summary">
      Forklaring for ${monthText(line.period)}${late}: ${formatDanishAmount(line.amount)}
      brutto${explained.usesExampleRate && html` – ${exampleRateMarker}`}
    </summary>
    <div class="details-text">
      ${example} ${explained.rules.length > 0 && html`<p>Beregnet efter: ${explained.rules.join('; ')}</p>`}
      ${explained.parts.map((part) => partBlock(part, explained.rules))} ${fixed} ${nothing} ${atp}
      ${composition} ${noTaxCard}
    </div>
  </details>`;
}

function payments(personId: string, lines: readonly LineRecord[]): SafeHtml {
  const coming = lines.filter((line) => line.status === 'planlagt');
  const past = lines
    .filter((line) => line.status !== 'planlagt')
    .toSorted(
      (a, b) =>
        Temporal.PlainYearMonth.compare(b.period, a.period) ||
        Temporal.PlainYearMonth.compare(b.runMonth, a.runMonth),
    );
  const explained = past.filter(isComputed);
  const runKey = (line: LineRecord) => `${line.runMonth.toString()}:${line.municipality}`;
  const firstOfRun = new Map<string, LineRecord>();
  for (const line of explained) if (!firstOfRun.has(runKey(line))) firstOfRun.set(runKey(line), line);
  return html`${subsection('kommende-udbetalinger', 'Kommende udbetalinger', comingLines(coming))}
  ${subsection('tidligere-udbetalinger', 'Tidligere udbetalinger', pastLines(personId, past))}
  ${subsection(
    'forklaringer',
    'Forklaringer',
    explained.length === 0
      ? html`<p>Ingen beregnede udbetalinger at forklare.</p>`
      : html`<p>Hvordan hver beregnet udbetaling er opgjort. Åbn en måned for at se den.</p>
          ${explained.map((line) => explanationBlock(line, firstOfRun.get(runKey(line)) ?? line))}`,
  )}`;
}

/** A stored amount in kroner (`1234.56`) in Danish (`1.234,56 kr.`); a month not computed shows "–". */
function storedKroner(text: string | null): string {
  if (text === null) return none;
  const amount = parseAmount(text);
  return amount.ok ? formatDanishAmount(amount.value) : text;
}

const monthRange = (rec: RecalculationRecord): string =>
  rec.from.equals(rec.to) ? monthText(rec.from) : `${monthText(rec.from)} – ${monthText(rec.to)}`;

function recalculationMonths(rec: RecalculationRecord): SafeHtml {
  const id = `genberegning-${rec.id}`;
  return html`<details class="details" id="${id}">
    <summary class="details-summary" id="${id}-titel">
      Genberegning godkendt ${formatInstant(rec.createdAt)}: ${monthRange(rec)}
    </summary>
    <div class="details-text">
      ${dataTable({
        labelledBy: `${id}-titel`,
        columns: ['Måned', 'Udbetalt', 'Genberegnet', 'Forskel'],
        rows: rec.months.map((m) => [
          monthText(Temporal.PlainYearMonth.from(m.month)),
          storedKroner(m.paid),
          storedKroner(m.recomputed),
          storedKroner(m.difference),
        ]),
        empty: 'Genberegningen dækkede ingen måneder.',
      })}
    </div>
  </details>`;
}

/**
 * The approved recalculations (who, when, which months, why, the difference) and the repayment claims they
 * proposed: a claim is only proposed until a decision; nothing deducts it.
 */
function recalculations(details: CaseDetails): SafeHtml {
  const total = (rec: RecalculationRecord): string => {
    let sum = 0;
    for (const m of rec.months) {
      const amount = m.difference === null ? undefined : parseAmount(m.difference);
      if (amount?.ok === true) sum += amount.value;
    }
    return formatDanishAmount(sum);
  };
  return html`${subsection(
    'genberegninger',
    'Godkendte genberegninger',
    dataTable({
      labelledBy: 'genberegninger',
      columns: ['Godkendt', 'Godkendt af', 'Måneder', 'Begrundelse', 'Forskel i alt', 'Opgave'],
      rows: details.recalculations.map((rec) => [
        html`<a href="#genberegning-${rec.id}">${formatInstant(rec.createdAt)}</a>`,
        actorText(rec.decidedBy),
        monthRange(rec),
        rec.reason ?? none,
        total(rec),
        rec.taskId === null ? none : html`<a href="/opgaver/${rec.taskId}">Genberegning</a>`,
      ]),
      empty: 'Ingen genberegninger.',
    }),
  )}
  ${details.recalculations.map(recalculationMonths)}
  ${subsection(
    'tilbagebetalingskrav',
    'Tilbagebetalingskrav',
    details.claims.length === 0
      ? html`<p>Ingen tilbagebetalingskrav.</p>`
      : html`<p>
            Et foreslået krav bliver først et krav ved en afgørelse efter partshøring. Opkrævning er ikke
            bygget endnu: intet trækkes i udbetalingen.
          </p>
          ${dataTable({
            labelledBy: 'tilbagebetalingskrav',
            columns: ['Måned', 'Beløb', 'Status', 'Foreslået', 'Erstattet'],
            rows: details.claims.map((claim) => [
              monthText(claim.period),
              formatDanishAmount(claim.amount),
              label(claimStatusLabels, claim.status),
              formatInstant(claim.createdAt),
              claim.supersededAt === null ? none : formatInstant(claim.supersededAt),
            ]),
            empty: 'Ingen tilbagebetalingskrav.',
          })}`,
  )}`;
}

/**
 * The hearings (what was intended, the deadline, the answer) and the decisions (reasons, legal basis, what
 * they rest on, the complaint guidance): no adverse effect takes effect without one.
 */
function decisionsSection(details: CaseDetails): SafeHtml {
  const hearingText = (id: string): string => {
    const hearing = details.hearings.find((candidate) => candidate.id === id);
    return hearing === undefined
      ? 'partshøring'
      : `partshøring sendt ${formatDate(hearing.sentOn.toString())}`;
  };
  return html`${subsection(
    'partshoeringer',
    'Partshøringer',
    dataTable({
      labelledBy: 'partshoeringer',
      columns: ['Sendt', 'Virkning', 'Påtænkt', 'Frist', 'Svar'],
      rows: details.hearings.map((hearing) => [
        formatDate(hearing.sentOn.toString()),
        label(adverseEffectLabels, hearing.effect),
        hearing.intended,
        formatDate(hearing.deadline.toString()),
        hearing.answeredOn === null
          ? 'Ikke besvaret'
          : `${formatDate(hearing.answeredOn.toString())}: ${hearing.answer ?? ''}`,
      ]),
      empty: 'Ingen partshøringer.',
    }),
  )}
  ${subsection(
    'sanktioner',
    'Sanktioner',
    dataTable({
      labelledBy: 'sanktioner',
      columns: ['Hændelse', 'Sanktion', 'Beløb', 'Senest i kørslen for', 'Status'],
      rows: details.sanctions.map((sanction) => [
        formatDate(sanction.omissionOn.toString()),
        sanctionTexts(sanction).kind,
        formatDanishAmount(sanction.amount),
        monthText(sanction.lastRunMonth),
        sanctionTexts(sanction).status,
      ]),
      empty: 'Ingen sanktioner.',
    }),
  )}
  ${subsection(
    'breve',
    'Breve',
    dataTable({
      labelledBy: 'breve',
      columns: ['Oprettet', 'Brev', 'Status'],
      rows: details.letters.map((letter) => [
        formatInstant(letter.createdAt),
        html`<a href="${letterPath(letter.id)}">${letter.title}</a>`,
        letter.sentAt === null ? 'Venter i udbakken' : `Sendt ${formatInstant(letter.sentAt)}`,
      ]),
      empty: 'Ingen breve.',
    }),
  )}
  ${subsection(
    'afgoerelser-liste',
    'Afgørelser',
    dataTable({
      labelledBy: 'afgoerelser-liste',
      columns: ['Dato', 'Virkning', 'Begrundelse', 'Hjemmel', 'Grundlag', 'Truffet af'],
      rows: details.decisions.map((decision) => [
        formatDate(decision.decidedOn.toString()),
        label(adverseEffectLabels, decision.effect),
        decision.reasons,
        decision.legalBasis,
        decision.basis.kind === 'partshoering'
          ? hearingText(decision.basis.hearing)
          : `uden partshøring: ${decision.basis.legalBasis} – ${decision.basis.reason}`,
        actorText(decision.decidedBy),
      ]),
      empty: 'Ingen afgørelser.',
    }),
  )}`;
}

/** The document's download on the pages. */
export const documentPath = (id: string): string => `/dokumenter/${encodeURIComponent(id)}`;

/** A size in Danish: `12,3 kB`, `1,2 MB`, `512 byte`. */
function sizeText(bytes: number): string {
  if (bytes < 1024) return `${String(bytes)} byte`;
  const kb = bytes / 1024;
  const text = (value: number) => value.toFixed(1).replace('.', ',');
  return kb < 1024 ? `${text(kb)} kB` : `${text(kb / 1024)} MB`;
}

function journalSection(details: CaseDetails, forms: SafeHtml | false): SafeHtml {
  return html`${subsection(
    'journalnotater',
    'Journalnotater',
    dataTable({
      labelledBy: 'journalnotater',
      columns: ['Skrevet', 'Overskrift', 'Notat', 'Af'],
      rows: details.journal.notes.map((note) => [
        formatInstant(Temporal.Instant.from(note.writtenAt)),
        note.title,
        withLineBreaks(note.text),
        note.source === 'konvertering'
          ? `${actorText(note.writtenBy)} (konverteret)`
          : actorText(note.writtenBy),
      ]),
      empty: 'Ingen journalnotater.',
    }),
  )}
  ${subsection(
    'dokumenter',
    'Dokumenter',
    dataTable({
      labelledBy: 'dokumenter',
      columns: ['Tilføjet', 'Dokument', 'Størrelse', 'Af'],
      rows: details.journal.documents.map((document) => [
        formatInstant(Temporal.Instant.from(document.addedAt)),
        html`<a href="${documentPath(document.id)}">${document.name}</a>`,
        sizeText(document.size),
        actorText(document.addedBy),
      ]),
      empty: 'Ingen dokumenter.',
    }),
  )}
  ${forms}`;
}

const textOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A month stored as `YYYY-MM` (or a first day) in Danish; the text itself when it is neither. */
function storedMonthText(value: unknown): string {
  const text = textOf(value) ?? '';
  const month = /^(\d{4}-\d{2})/.exec(text)?.[1];
  return month === undefined ? text : monthText(Temporal.PlainYearMonth.from(month));
}

/** What a case event says, in Danish: the period, the reason, the amounts, why a month waited. */
export function caseEventDetails(event: Pick<CaseEvent, 'type' | 'data'>): string {
  const data = event.data;
  switch (event.type) {
    case 'sag-oprettet':
      return label(benefitLabels, textOf(data['benefit']) ?? '');
    case 'sag-bevilget':
    case 'bevilling-aendret':
    case 'bevilling-afsluttet': {
      const from = textOf(data['from']);
      const to = textOf(data['to']) ?? null;
      const period = from === undefined ? (to === null ? '' : `til ${formatDate(to)}`) : periodText(from, to);
      return [period, textOf(data['reason'])].filter((part) => part !== undefined && part !== '').join(': ');
    }
    case 'sag-afsluttet':
    case 'sag-afvist':
      return textOf(data['reason']) ?? none;
    case 'genberegning-godkendt':
      return (
        `${storedMonthText(data['from'])} – ${storedMonthText(data['to'])}: efterbetaling ` +
        `${storedKroner(textOf(data['efterbetaling']) ?? null)}, foreslået tilbagebetaling ` +
        storedKroner(textOf(data['tilbagebetaling']) ?? null)
      );
    case 'tilbagebetalingskrav-foreslaaet':
      return `${storedMonthText(data['period'])}: ${storedKroner(textOf(data['amount']) ?? null)}`;
    case 'partshoering-sendt':
      return `${label(adverseEffectLabels, textOf(data['effect']) ?? '')}, svarfrist ${formatDate(textOf(data['deadline']) ?? '')}`;
    case 'partshoering-besvaret':
      return `Besvaret ${formatDate(textOf(data['answeredOn']) ?? '')}`;
    case 'afgoerelse-truffet': {
      const amount = textOf(data['amount']);
      const endedOn = textOf(data['endedOn']);
      return (
        `${label(adverseEffectLabels, textOf(data['effect']) ?? '')} ${formatDate(textOf(data['decidedOn']) ?? '')}` +
        (amount === undefined ? '' : `: ${storedKroner(amount)}`) +
        (endedOn === undefined ? '' : `: hjælpen ophører, bevillingen slutter ${formatDate(endedOn)}`) +
        (data['exception'] === null || data['exception'] === undefined
          ? ''
          : ' (uden partshøring, med hjemmel)')
      );
    }
    case 'beregning-udskudt':
      return (
        `${storedMonthText(data['period'])} venter til kørslen for ${storedMonthText(data['runMonth'])}: ` +
        (textOf(data['message']) ?? '')
      );
    default:
      return none;
  }
}

function caseEvents(details: CaseDetails): SafeHtml {
  return dataTable({
    labelledBy: 'sagens-haendelser',
    columns: ['Tidspunkt', 'Hændelse', 'Udført af', 'Detaljer'],
    rows: details.events.map((event) => [
      formatInstant(event.occurredAt),
      label(eventTypeLabels, event.type),
      actorText(event.actor),
      caseEventDetails(event),
    ]),
    empty: 'Ingen hændelser.',
  });
}

export interface CasePageInput {
  readonly web: WebActor;
  readonly details: CaseDetails;
  /** The `kendtPr` the address gave, shown again in its field. */
  readonly knownAtInput: string;
  /** The journal forms as last posted (values and errors); absent: empty. */
  readonly journal?: JournalFormState;
}

/** The case page. */
export function casePage(input: CasePageInput): SafeHtml {
  const { details, web } = input;
  const benefit = label(benefitLabels, details.case.benefit);
  const journal = input.journal ?? emptyJournalForms;
  const forms = mayChange(web, details) && journalForms(details.case.id, journal);
  return page({
    title: `Sag: ${benefit} – ${details.person.name}`,
    hasErrors: journal.errors.length > 0,
    actor: web,
    breadcrumbs: [
      { text: 'Forside', href: '/' },
      { text: details.person.name, href: personPath(details.person.id) },
      { text: `Sag: ${benefit}` },
    ],
    main: html`<h1>${benefit}</h1>
      <p class="font-lead">
        Sag for ${details.person.name} · ${label(caseStatusLabels, details.case.status)}
      </p>
      ${errorSummary(journal.errors)} ${facts(details)} ${actions(web, details)}
      ${section('bevillinger', 'Bevillinger', grants(details))}
      ${section('registreringer', 'Registreringer', registrations(details, input.knownAtInput))}
      ${section('udbetalinger', 'Udbetalinger', payments(details.person.id, details.lines))}
      ${section('genberegning', 'Genberegning og tilbagebetalingskrav', recalculations(details))}
      ${section('afgoerelser', 'Partshøringer, sanktioner og afgørelser', decisionsSection(details))}
      ${section('journal', 'Journalnotater og dokumenter', journalSection(details, forms))}
      ${section('sagens-haendelser', 'Hændelser', caseEvents(details))}`,
  });
}
