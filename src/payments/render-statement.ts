/** The payment statement (udbetalingsspecifikation) as a PDF, rendered from the content the run froze. */
import { pdfDocument } from '../platform/pdf.ts';
import { exampleRateMarker } from '../rates/index.ts';
import {
  formatCpr,
  formatDanishAmount,
  getMunicipality,
  type Cpr,
  type MunicipalityCode,
} from '../kernel/index.ts';

export interface StatementContent {
  readonly name: string;
  readonly cpr: Cpr;
  readonly municipality: MunicipalityCode;
  /** `YYYY-MM`. */
  readonly period: string;
  readonly payoutDate: string;
  /** `period` (`YYYY-MM`) differs from the statement's for an efterbetaling. */
  readonly lines: readonly {
    readonly benefit: string;
    readonly period: string;
    readonly gross: number;
    readonly net: number;
    /** The rule's parts of the amount (grundydelse, børnetillæg, fradrag for arbejdsindtægt, ...). */
    readonly parts: readonly { readonly label: string; readonly amount: number }[];
    /**
     * How the amount came about, as the case page shows it (`explanationTextLines`): the rule version, each
     * part with its steps, registrations and rates; two leading spaces per level.
     */
    readonly explanation: readonly string[];
  }[];
  /** `amount` is what was withheld, `requested` what the creditor asked for the month. */
  readonly deductions: readonly {
    readonly kind: string;
    readonly amount: number;
    readonly requested: number;
  }[];
  readonly gross: number;
  readonly sanctions: number;
  readonly atp: number;
  readonly tax: number;
  readonly apo: number;
  readonly net: number;
  readonly taxCardMissing: boolean;
  /** No tax card, and A-tax was withheld at the rate without a card. */
  readonly withheldWithoutCard: boolean;
  /** An `eksempel` rate was used: the statement says "eksempelsats – ikke officiel". */
  readonly usesExampleRate: boolean;
}

const benefitNames: Readonly<Record<string, string>> = {
  kontanthjaelp: 'Kontanthjælp',
  uddannelseshjaelp: 'Uddannelseshjælp',
  hjemrejseydelse: 'Hjemrejseydelse',
  'saerlig-stoette': 'Særlig støtte',
  administration: 'Administration af økonomi',
  enkeltydelse: 'Enkeltydelse',
  'anden-ydelse': 'Anden ydelse',
  'personligt-tillaeg': 'Personligt tillæg',
  helbredstillaeg: 'Helbredstillæg',
};
const deductionNames: Readonly<Record<string, string>> = {
  tilbagebetaling: 'Tilbagebetaling',
  regulering: 'Regulering',
  udk: 'Træk til Udbetaling Danmark',
};
const danishDate = (iso: string): string => iso.split('-').reverse().join('.');

/** Renders the statement; `compress: false` keeps the text readable (tests). */
export function renderStatement(
  content: StatementContent,
  options: { compress?: boolean } = {},
): Promise<Buffer> {
  const { doc, done } = pdfDocument(`Udbetalingsspecifikation ${content.period}`, options);
  const municipality = getMunicipality(content.municipality);
  doc.fontSize(16).text('Udbetalingsspecifikation');
  doc.fontSize(11).text(`Udbetalende kommune: ${municipality.name} (${municipality.code})`);
  doc
    .moveDown()
    .fontSize(12)
    .text(content.name)
    .text(`CPR-nummer: ${formatCpr(content.cpr)}`);
  doc.moveDown().fontSize(14).text(`Periode: ${content.period}`);
  doc.fontSize(11).text(`Udbetales til din NemKonto ${danishDate(content.payoutDate)}.`);
  doc.moveDown();
  for (const line of content.lines) {
    const late = line.period === content.period ? '' : ` (efterbetaling for ${line.period})`;
    doc.text(`${benefitNames[line.benefit] ?? line.benefit}${late}: ${formatDanishAmount(line.gross)}`);
    doc.fontSize(9);
    const left = doc.page.margins.left;
    for (const text of line.explanation) {
      // Two leading spaces per level; wrapped lines keep the level's indent.
      const offset = 12 + (text.length - text.trimStart().length) * 6;
      const width = doc.page.width - doc.page.margins.right - left - offset;
      doc.text(text.trimStart(), left + offset, doc.y, { width });
    }
    doc.x = left;
    doc.fontSize(11);
  }
  doc.moveDown().text(`I alt før fradrag: ${formatDanishAmount(content.gross)}`);
  const part = (label: string, amount: number) => {
    if (amount !== 0) doc.text(`${label}: -${formatDanishAmount(amount)}`);
  };
  part('Sanktioner', content.sanctions);
  part('ATP-bidrag', content.atp);
  part('A-skat', content.tax);
  for (const deduction of content.deductions) {
    const name = deductionNames[deduction.kind] ?? deduction.kind;
    doc.text(
      deduction.requested === deduction.amount
        ? `${name}: -${formatDanishAmount(deduction.amount)}`
        : `${name}: -${formatDanishAmount(deduction.amount)} (anmodet ${formatDanishAmount(deduction.requested)}; resten er meldt tilbage til Udbetaling Danmark)`,
    );
  }
  part('Tilbageholdt af administration', content.apo);
  doc.fontSize(12).text(`Til udbetaling: ${formatDanishAmount(content.net)}`);
  if (content.usesExampleRate) {
    doc
      .moveDown()
      .fontSize(9)
      .text(`Beregnet med en ${exampleRateMarker}: beløbet er et eksempel til demonstration.`);
  }
  if (content.withheldWithoutCard) {
    doc
      .moveDown()
      .fontSize(9)
      .text(
        'Der er ikke modtaget et skattekort, så A-skatten er trukket med satsen uden skattekort af hele beløbet, uden fradrag (KSL § 48, stk. 8).',
      );
  } else if (content.taxCardMissing) {
    doc.moveDown().fontSize(9).text('Der var intet skattekort registreret, så der er ikke trukket A-skat.');
  }
  doc.end();
  return done;
}
