/**
 * A person's month, composed (domain §4, KY's model): the granted amounts of the month's lines, minus
 * sanctions, minus ATP and tax (from the tax card), minus the deductions to UDK, minus what an
 * administration (APØ) holds back, is what is paid.
 *
 * (our rule) Money is conserved: gross = sanctions + ATP + tax + withheld deductions + APØ + net, to the
 * øre, for the month and for every line, and net is never negative. Each part takes at most what is left
 * after the parts before it; deductions are taken in the order they were registered, and what a deduction
 * could not take is reported to UDK as uncovered, never carried forward.
 *
 * ATP is the citizen's share the benefit rule decided for each month paid (one a month, ADR 0020); tax is
 * the tax card's rate after its allowance, or without a card the withholding rate (55 %) without allowance.
 */
import { formatDanishAmount, formatDanishPercent, type Oere } from '../../kernel/index.ts';

/** The tax card: withholding rate in hundredths of a percent (3800 = 38 %) and the monthly allowance. */
export interface TaxCard {
  readonly rateBasisPoints: number;
  readonly monthlyAllowance: Oere;
}

/** No tax card received: the rate withheld of what is left, without allowance (KSL § 48, stk. 8). */
export interface NoTaxCard {
  readonly kind: 'uden-skattekort';
  readonly rateBasisPoints: number;
  /** The rate's key and legal reference as the step names them. */
  readonly rate: string;
}

/**
 * A month's ATP as the benefit rule decided it: the citizen's share (how it came about is the line's own
 * explanation, `explanation.atp`).
 */
export interface AtpPart {
  /** The month it is for (`2021-05`): a person pays one contribution a month, however many lines. */
  readonly period: string;
  readonly citizen: Oere;
}

export interface MonthToCompose {
  /**
   * The person's lines of the month with the municipality, in the order they are paid; `taxable: false`
   * for a tax-free benefit, of which no A-tax is withheld (absent: taxable).
   */
  readonly lines: readonly { readonly id: string; readonly gross: Oere; readonly taxable?: boolean }[];
  /** Decided sanctions of the month, in the order decided. */
  readonly sanctions: readonly { readonly id: string; readonly amount: Oere }[];
  /** The ATP the months' rules decided, in the order of the lines; none when none is owed. */
  readonly atp: readonly AtpPart[];
  /**
   * The tax card; without one, the withholding rate without a card; null (a fixed amount without a tax
   * card, ADR 0020) withholds no tax, and the month says so.
   */
  readonly taxCard: TaxCard | NoTaxCard | null;
  /** Standing deductions' requests for the month, in the order the deductions were registered. */
  readonly deductions: readonly { readonly id: string; readonly requested: Oere }[];
  /** What an administration (APØ) asks to hold back of the month. */
  readonly apo: Oere;
  /** What for, in Danish (`husleje til Boligselskabet`), shown in the step; absent: not said. */
  readonly apoPurposes?: readonly string[];
}

/** One line's share of each part; gross = sanctions + atp + tax + withheld + apo + net. */
export interface ComposedLine {
  readonly id: string;
  readonly gross: Oere;
  readonly sanctions: Oere;
  readonly atp: Oere;
  readonly tax: Oere;
  readonly withheld: Oere;
  readonly apo: Oere;
  readonly net: Oere;
}

export interface ComposedDeduction {
  readonly id: string;
  readonly requested: Oere;
  readonly withheld: Oere;
  /** What was requested and could not be withheld: reported to UDK, not carried forward. */
  readonly uncovered: Oere;
}

export interface ComposedMonth {
  readonly gross: Oere;
  readonly sanctions: Oere;
  readonly atp: Oere;
  readonly tax: Oere;
  readonly withheld: Oere;
  readonly apo: Oere;
  readonly net: Oere;
  readonly lines: readonly ComposedLine[];
  readonly deductions: readonly ComposedDeduction[];
  /** What each sanction took, in the order given (at most what was left). */
  readonly sanctionsTaken: readonly { readonly id: string; readonly taken: Oere }[];
  /** The composition in Danish, part by part, for the explanation and the statement. */
  readonly steps: readonly { readonly text: string; readonly amount: Oere }[];
  /** The A-tax step of `steps` (with the card, without one, or none withheld), for the statement. */
  readonly taxStep: { readonly text: string; readonly amount: Oere };
  readonly taxCardMissing: boolean;
  /** No tax card, and the withholding rate without a card was applied. */
  readonly withheldWithoutCard: boolean;
}

const parts = ['sanctions', 'atp', 'tax', 'withheld', 'apo'] as const;
type Part = (typeof parts)[number];

/** Takes at most what is left; returns what was taken. */
function take(left: Oere, wanted: Oere): Oere {
  return Math.min(left, Math.max(0, wanted));
}

/** Tax on the taxable amount, half up to whole øre (rate in basis points). */
export function taxOf(taxable: Oere, card: TaxCard): Oere {
  if (taxable <= 0) return 0;
  const product = BigInt(taxable) * BigInt(card.rateBasisPoints);
  return Number((product * 2n + 10_000n) / 20_000n);
}

const percent = (basisPoints: number): string => `${formatDanishPercent(basisPoints)} %`;

/** One contribution a month: of several lines' ATP for the same month, the first (the lines' order). */
function oncePerMonth(atp: readonly AtpPart[]): AtpPart[] {
  const seen = new Set<string>();
  return atp.filter((part) => {
    if (seen.has(part.period)) return false;
    seen.add(part.period);
    return true;
  });
}

/** Composes the person's month; pure. Amounts below zero in the input are treated as zero. */
export function composeMonth(input: MonthToCompose): ComposedMonth {
  const gross = input.lines.reduce((sum, line) => sum + Math.max(0, line.gross), 0);
  const steps: { text: string; amount: Oere }[] = [{ text: 'Bevilget i alt (brutto)', amount: gross }];
  let left = gross;

  let sanctions = 0;
  const sanctionsTaken: { id: string; taken: Oere }[] = [];
  for (const sanction of input.sanctions) {
    const taken = take(left, sanction.amount);
    sanctionsTaken.push({ id: sanction.id, taken });
    sanctions += taken;
    left -= taken;
  }
  if (input.sanctions.length > 0) steps.push({ text: 'Sanktioner', amount: -sanctions });

  const contributions = oncePerMonth(input.atp);
  const atp = take(
    left,
    contributions.reduce((sum, part) => sum + Math.max(0, part.citizen), 0),
  );
  left -= atp;
  if (atp > 0) steps.push({ text: 'ATP-bidrag (borgerens andel, før skat)', amount: -atp });

  let tax = 0;
  // Tax is withheld only of the taxable lines, less the sanctions and ATP (which come off HTF).
  const taxableGross = input.lines.reduce(
    (sum, line) => sum + (line.taxable === false ? 0 : Math.max(0, line.gross)),
    0,
  );
  const base = Math.min(left, Math.max(0, taxableGross - sanctions - atp));
  const ofWhat = base < left ? ' (den skattepligtige del)' : '';
  const card = taxableGross === 0 ? null : input.taxCard;
  if (taxableGross === 0) {
    steps.push({ text: 'Skattefri ydelse: der er ikke trukket A-skat', amount: 0 });
  } else if (card === null) {
    steps.push({ text: 'Skattekort mangler: der er ikke trukket A-skat', amount: 0 });
  } else if ('kind' in card) {
    const taxable = base;
    tax = take(base, taxOf(taxable, { rateBasisPoints: card.rateBasisPoints, monthlyAllowance: 0 }));
    left -= tax;
    steps.push({
      text: `Skattekort ikke modtaget: A-skat ${percent(card.rateBasisPoints)} af ${formatDanishAmount(taxable)}${ofWhat} uden fradrag (${card.rate})`,
      amount: -tax,
    });
  } else {
    const taxable = Math.max(0, base - card.monthlyAllowance);
    tax = take(base, taxOf(taxable, card));
    left -= tax;
    steps.push({
      text: `A-skat: ${percent(card.rateBasisPoints)} af ${formatDanishAmount(taxable)}${ofWhat} (efter fradrag på ${formatDanishAmount(card.monthlyAllowance)})`,
      amount: -tax,
    });
  }

  const taxStep = steps.at(-1) ?? { text: '', amount: 0 };

  const deductions = input.deductions.map((deduction): ComposedDeduction => {
    const requested = Math.max(0, deduction.requested);
    const withheld = take(left, requested);
    left -= withheld;
    return { id: deduction.id, requested, withheld, uncovered: requested - withheld };
  });
  const withheld = deductions.reduce((sum, d) => sum + d.withheld, 0);
  for (const d of deductions) {
    steps.push({
      text:
        d.uncovered === 0
          ? 'Træk til Udbetaling Danmark'
          : `Træk til Udbetaling Danmark: ${formatDanishAmount(d.requested)} anmodet, ${formatDanishAmount(d.uncovered)} kunne ikke dækkes`,
      amount: -d.withheld,
    });
  }

  const apo = take(left, input.apo);
  left -= apo;
  if (apo > 0 || input.apo > 0) {
    const purposes = input.apoPurposes ?? [];
    const asked =
      apo < input.apo
        ? `: ${formatDanishAmount(input.apo)} anmodet, kun ${formatDanishAmount(apo)} tilbage`
        : '';
    steps.push({
      text: `Tilbageholdt af administration (APØ)${purposes.length === 0 ? '' : ` til ${purposes.join(', ')}`}${asked}`,
      amount: -apo,
    });
  }
  steps.push({ text: 'Til udbetaling (netto)', amount: left });

  const totals: Record<Part, Oere> = { sanctions, atp, tax, withheld, apo };
  return {
    gross,
    ...totals,
    net: left,
    lines: spreadOverLines(input.lines, totals),
    deductions,
    sanctionsTaken,
    steps,
    taxStep,
    taxCardMissing: taxableGross > 0 && (card === null || 'kind' in card),
    withheldWithoutCard: card !== null && 'kind' in card,
  };
}

/** Each part taken from the lines in order, so every line conserves on its own and the lines add up. */
function spreadOverLines(lines: MonthToCompose['lines'], totals: Record<Part, Oere>): ComposedLine[] {
  const remaining = { ...totals };
  return lines.map((line) => {
    const gross = Math.max(0, line.gross);
    let left = gross;
    const shares = {} as Record<Part, Oere>;
    for (const part of parts) {
      // A tax-free line carries no share of the tax: the taxable lines hold room for all of it.
      const share = part === 'tax' && line.taxable === false ? 0 : Math.min(left, remaining[part]);
      shares[part] = share;
      remaining[part] -= share;
      left -= share;
    }
    return { id: line.id, gross, ...shares, net: left };
  });
}

/** What a run stores for a municipality's month: every payment line and deduction line, composed. */
export interface ComposedRun {
  readonly lines: readonly (ComposedLine & { readonly explanation: Record<string, unknown> })[];
  readonly deductions: readonly ComposedDeduction[];
  /** What each person's sanctions took. */
  readonly sanctions: readonly { readonly id: string; readonly taken: Oere }[];
}

/**
 * Composes every person's month of a municipality's run: their planned payment lines (in order) and their
 * deductions' requests (in the order registered) — a person with deductions and no line withholds nothing.
 */
export function composeRun(
  payments: readonly {
    readonly id: string;
    readonly personId: string;
    readonly gross: Oere;
    /** False for a tax-free benefit (absent: taxable). */
    readonly taxable?: boolean;
    /** The ATP the line's month's rule decided; absent or null when none. */
    readonly atp?: AtpPart | null | undefined;
  }[],
  deductions: readonly { readonly id: string; readonly personId: string; readonly requested: Oere }[],
  context: (personId: string) => Pick<MonthToCompose, 'sanctions' | 'taxCard' | 'apo' | 'apoPurposes'>,
): ComposedRun {
  const people = new Map<
    string,
    {
      lines: MonthToCompose['lines'][number][];
      atp: AtpPart[];
      deductions: MonthToCompose['deductions'][number][];
    }
  >();
  const of = (personId: string) => {
    let person = people.get(personId);
    if (person === undefined) {
      person = { lines: [], atp: [], deductions: [] };
      people.set(personId, person);
    }
    return person;
  };
  for (const line of payments) {
    const person = of(line.personId);
    person.lines.push({
      id: line.id,
      gross: line.gross,
      ...(line.taxable === false ? { taxable: false } : {}),
    });
    if (line.atp !== undefined && line.atp !== null) person.atp.push(line.atp);
  }
  for (const d of deductions) of(d.personId).deductions.push({ id: d.id, requested: d.requested });
  const lines: ComposedRun['lines'][number][] = [];
  const composedDeductions: ComposedDeduction[] = [];
  const sanctions: { id: string; taken: Oere }[] = [];
  for (const [personId, person] of people) {
    const month = composeMonth({ ...context(personId), ...person });
    const explanation = {
      composition: {
        steps: month.steps,
        taxCardMissing: month.taxCardMissing,
        withheldWithoutCard: month.withheldWithoutCard,
        taxStep: month.taxStep,
      },
    };
    for (const line of month.lines) lines.push({ ...line, explanation });
    composedDeductions.push(...month.deductions);
    sanctions.push(...month.sanctionsTaken);
  }
  return { lines, deductions: composedDeductions, sanctions };
}
