/**
 * A computed payment line's stored explanation (`payment_lines.explanation`, docs/decisions/0015) read
 * back as Danish text, pure: the one reading the case page and the payment statement share, so both say
 * the same thing about "why did I get this amount?".
 *
 * The stored shape is `{ benefit, composition }`:
 * - `benefit` is the rule's lines (`{ lines: [{ code, label, amount, explanation }], usesExampleRate }`,
 *   each explanation an `Explanation`), a fixed monthly amount (`{ rule: 'fastsat-beloeb', steps }`), or
 *   null for a case that pays nothing monthly;
 * - `atp` is the month's ATP as the HTF rule decided it (`{ steps, ... }`, ADR 0020), absent when none;
 * - `composition` is the person's month composed (`{ steps, taxCardMissing, withheldWithoutCard, taxStep }`).
 *
 * The row is JSON written by earlier versions too, so everything is read defensively: a field of another
 * shape is left out, never thrown on.
 */
import { Temporal } from 'temporal-polyfill';
import { formatDanishAmount, formatDanishDate, ZONE, type Oere } from '../../kernel/index.ts';
import { exampleRateMarker } from './explanation.ts';
import { ruleVersions } from './rule-registry.ts';

/** One intermediate amount in Danish: `15.08.2026-31.08.2026 [...]: Grundsats ..., × 17/31 dage`. */
export interface ExplainedAmount {
  readonly text: string;
  readonly amount: Oere;
}

/** One of the rule's lines (grundydelse, børnetillæg, fradrag for arbejdsindtægt, ...) explained. */
export interface ExplainedPart {
  readonly label: string;
  readonly amount: Oere;
  /** The rule versions that computed it, each with its legal basis. */
  readonly rules: readonly string[];
  /** The days it covers: `15.08.2026-31.08.2026`; empty when not recorded. */
  readonly period: string;
  readonly steps: readonly ExplainedAmount[];
  /** Each registration read: its value, its period and when it was recorded. */
  readonly registrations: readonly string[];
  /** Each rate used: description, key, amount, period, legal basis and source; the example marker. */
  readonly rates: readonly string[];
  readonly usesExampleRate: boolean;
}

export interface LineExplanation {
  /** Every rule version the line was computed by, each with its legal basis; `fastsat beløb` for a fixed one. */
  readonly rules: readonly string[];
  /** The rule's lines; empty for a fixed amount or nothing paid monthly. */
  readonly parts: readonly ExplainedPart[];
  /** A fixed monthly amount's steps; empty otherwise. */
  readonly steps: readonly ExplainedAmount[];
  /** The person's month composed: gross, tax, deductions, net; empty while the line is planned. */
  readonly composition: readonly ExplainedAmount[];
  /** The month's ATP: the benefit, the minimum size, each share, with the rates' keys and references. */
  readonly atp: readonly ExplainedAmount[];
  /** The composition's A-tax step (with the tax card, or without one at the withholding rate). */
  readonly tax: readonly ExplainedAmount[];
  readonly taxCardMissing: boolean;
  /** No tax card, and A-tax was withheld at the rate without a card (KSL § 48, stk. 8). */
  readonly withheldWithoutCard: boolean;
  /** Whether an `eksempel` rate was used anywhere in the line. */
  readonly usesExampleRate: boolean;
}

type Json = Readonly<Record<string, unknown>>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const stringOf = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const amountOf = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
const listOf = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);

/** `2026-08-15` as `15.08.2026`; anything else as it is. */
function dateText(iso: string): string {
  try {
    return formatDanishDate(Temporal.PlainDate.from(iso));
  } catch {
    return iso;
  }
}

/** An ISO instant in Danish time: `07.09.2026 kl. 12:00`; anything else as it is. */
export function instantText(iso: string): string {
  try {
    const t = Temporal.Instant.from(iso).toZonedDateTimeISO(ZONE);
    const two = (n: number) => String(n).padStart(2, '0');
    return `${two(t.day)}.${two(t.month)}.${t.year} kl. ${two(t.hour)}:${two(t.minute)}`;
  } catch {
    return iso;
  }
}

function periodText(from: string | undefined, to: string | null | undefined): string {
  if (from === undefined) return '';
  if (to === null || to === undefined) return `fra ${dateText(from)}`;
  return from === to ? dateText(from) : `${dateText(from)}-${dateText(to)}`;
}

/** A rule version by its id, with its legal basis: `kontanthjaelp@2025-07-01 (lov om aktiv ...)`. */
export function ruleText(id: string): string {
  if (id === 'fastsat-beloeb') return 'fastsat månedligt beløb (registreret på sagen)';
  const version = ruleVersions.find((rule) => rule.id === id);
  return version === undefined ? id : `${id} (${version.reference})`;
}

function stepsOf(value: unknown): ExplainedAmount[] {
  return listOf(value).flatMap((step) => {
    if (!isObject(step)) return [];
    const text = stringOf(step['text']);
    const amount = amountOf(step['amount']);
    return text === undefined || amount === undefined ? [] : [{ text, amount }];
  });
}

const unitTexts: Readonly<Record<string, string>> = {
  md: 'pr. måned',
  time: 'pr. time',
  haendelse: 'pr. hændelse',
};

function rateText(rate: Json): string | undefined {
  const key = stringOf(rate['key']);
  const amount = amountOf(rate['amount']);
  if (key === undefined || amount === undefined) return undefined;
  const description = stringOf(rate['description']) ?? key;
  const unit = unitTexts[stringOf(rate['unit']) ?? ''] ?? '';
  const period = periodText(stringOf(rate['from']), stringOf(rate['to']) ?? null);
  const reference = stringOf(rate['reference']);
  const source = stringOf(rate['source']);
  const example = rate['sourceKind'] === 'eksempel';
  return [
    `${description} (${key}): ${formatDanishAmount(amount)}${unit === '' ? '' : ` ${unit}`}`,
    period === '' ? undefined : `gælder ${period}`,
    reference === undefined || reference === '' ? undefined : `hjemmel: ${reference}`,
    source === undefined || source === '' ? undefined : `kilde: ${source}`,
    example ? exampleRateMarker : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('; ');
}

function registrationText(registration: Json): string | undefined {
  const summary = stringOf(registration['summary']);
  if (summary === undefined) return undefined;
  const period = periodText(stringOf(registration['from']), stringOf(registration['to']) ?? null);
  const recordedAt = stringOf(registration['recordedAt']);
  const details = [
    period === '' ? undefined : `gælder ${period}`,
    recordedAt === undefined ? undefined : `registreret ${instantText(recordedAt)}`,
  ].filter((part) => part !== undefined);
  const text = summary.charAt(0).toUpperCase() + summary.slice(1);
  return details.length === 0 ? text : `${text} (${details.join(', ')})`;
}

/** The rule versions a stored `rule` names (several are joined by `, `). */
const rulesOf = (rule: unknown): string[] =>
  (stringOf(rule) ?? '')
    .split(', ')
    .filter((id) => id !== '')
    .map(ruleText);

function partOf(line: unknown): ExplainedPart[] {
  if (!isObject(line)) return [];
  const label = stringOf(line['label']);
  const amount = amountOf(line['amount']);
  if (label === undefined || amount === undefined) return [];
  const explanation = isObject(line['explanation']) ? line['explanation'] : {};
  const rates = listOf(explanation['rates']).flatMap((rate) => {
    const text = isObject(rate) ? rateText(rate) : undefined;
    return text === undefined ? [] : [text];
  });
  const registrations = listOf(explanation['registrations']).flatMap((registration) => {
    const text = isObject(registration) ? registrationText(registration) : undefined;
    return text === undefined ? [] : [text];
  });
  return [
    {
      label,
      amount,
      rules: rulesOf(explanation['rule']),
      period: periodText(stringOf(explanation['from']), stringOf(explanation['to'])),
      steps: stepsOf(explanation['steps']),
      registrations,
      rates,
      usesExampleRate: explanation['usesExampleRate'] === true,
    },
  ];
}

/** Reads a payment line's stored explanation (null or any JSON) as Danish text. */
export function readLineExplanation(stored: unknown): LineExplanation {
  const root = isObject(stored) ? stored : {};
  const benefit = isObject(root['benefit']) ? root['benefit'] : {};
  const composition = isObject(root['composition']) ? root['composition'] : {};
  const atp = isObject(root['atp']) ? root['atp'] : {};
  const parts = listOf(benefit['lines']).flatMap(partOf);
  const fixed = stringOf(benefit['rule']);
  const rules = [
    ...new Set([...(fixed === undefined ? [] : rulesOf(fixed)), ...parts.flatMap((p) => p.rules)]),
  ];
  return {
    rules,
    parts,
    steps: parts.length === 0 ? stepsOf(benefit['steps']) : [],
    composition: stepsOf(composition['steps']),
    atp: stepsOf(atp['steps']),
    tax: stepsOf(composition['taxStep'] === undefined ? [] : [composition['taxStep']]),
    taxCardMissing: composition['taxCardMissing'] === true,
    withheldWithoutCard: composition['withheldWithoutCard'] === true,
    usesExampleRate:
      benefit['usesExampleRate'] === true ||
      atp['usesExampleRate'] === true ||
      parts.some((part) => part.usesExampleRate),
  };
}

/**
 * The explanation as lines of plain text, indented by two spaces per level, as the statement prints it:
 * the rule versions, then each part with its amount, its steps, registrations and rates, then a fixed
 * amount's steps (an example rate says so on its own line), the month's ATP and, without a tax card, the
 * A-tax step naming the withholding rate. The rest of the composition is left to the statement, which sums
 * the month itself.
 */
export function explanationTextLines(explanation: LineExplanation): string[] {
  const lines: string[] = [];
  if (explanation.rules.length > 0) lines.push(`Beregnet efter: ${explanation.rules.join('; ')}`);
  for (const part of explanation.parts) {
    lines.push(`${part.label}: ${formatDanishAmount(part.amount)}`);
    for (const step of part.steps) lines.push(`  ${step.text}: ${formatDanishAmount(step.amount)}`);
    for (const registration of part.registrations) lines.push(`  Oplysning: ${registration}`);
    for (const rate of part.rates) lines.push(`  Sats: ${rate}`);
  }
  for (const step of explanation.steps) lines.push(`${step.text}: ${formatDanishAmount(step.amount)}`);
  if (explanation.atp.length > 0) lines.push('ATP-bidrag:');
  for (const step of explanation.atp) lines.push(`  ${step.text}: ${formatDanishAmount(step.amount)}`);
  if (explanation.withheldWithoutCard) {
    for (const step of explanation.tax) lines.push(`${step.text}: ${formatDanishAmount(step.amount)}`);
  }
  return lines;
}
