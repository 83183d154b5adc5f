/**
 * `maanedskoersel` (18:00 on the 5th-last bank day) and `udbetaling` (06:00 on the last bank day). The
 * month is paid by the municipality acting when the run starts: by then the day's 04:00 run has stopped
 * the planned lines of any municipality that lost the duty (KP 5.4.0 §2). Each municipality is a
 * transaction of its own, keyed by what it does, so a crash and a rerun never compute or pay twice.
 */
import { Temporal } from 'temporal-polyfill';
import {
  formatDanishAmount,
  lastBankDay,
  localDate,
  ok,
  type DomainError,
  type MunicipalityCode,
} from '../kernel/index.ts';
import {
  amountForMonth,
  isTaxable,
  deferLines,
  insertPlannedLines,
  listWaitingSanctions,
  loadLineAmounts,
  lockPlannedLines,
  readPlannedLines,
  municipalitiesToPay,
  municipalitiesWithPlannedLines,
  payOut,
  storeComputedPayments,
  settleSanctions,
  storeSentDeductions,
  type CaseMonth,
  type WaitingSanction,
  type LineAmount,
  type LineAmounts,
  type LineForecast,
  type MonthInputs,
  type PlannedPaymentLine,
} from '../cases/index.ts';
import type { Executor } from '../platform/db/database.ts';
import { systemActor } from '../platform/actor.ts';
import type { Occurrence } from '../platform/jobs/domain/schedule.ts';
import type { PartsOf } from '../platform/jobs/run-job.ts';
import { runUseCase, type Deps, type UseCaseContext } from '../platform/use-case.ts';
import { composeRun, type NoTaxCard, type TaxCard } from './domain/compose-month.ts';
import {
  findCases,
  findToPlan,
  personsToPlan,
  type DeductionToPlan,
  type RunCase,
} from './db/run.repository.ts';
import { writeDeductionRequestFile, writePayoutFile } from './db/outbound.repository.ts';

/** How many persons' months are computed and stored at a time within a municipality's transaction. */
const PERSONS_PER_SLICE = 500;

/** How many persons' months are computed between two pauses that let the connection send what it holds. */
const PERSONS_PER_PAUSE = 100;

/** The list in consecutive pieces of at most `size` items. */
function pieces<T>(list: readonly T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(list.length / size) }, (_, index) =>
    list.slice(index * size, (index + 1) * size),
  );
}

/** Lets the event loop run: the driver's queued statements go to the server, replies are read. */
const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The month's planned lines for granted cases and standing deductions that cover it (`toPlan`), with the
 * amounts as known now (`forecast`; deductions: `amountForMonth`).
 */
function planLines(
  month: Temporal.PlainYearMonth,
  toPlan: { readonly cases: readonly RunCase[]; readonly deductions: readonly DeductionToPlan[] },
  caseMonth: (caseId: string) => CaseMonth,
  forecast: LineForecast,
) {
  return {
    payments: toPlan.cases.flatMap((c) => {
      const amount = forecast(caseMonth(c.id), month);
      // A month that cannot be computed yet is planned at 0; the run computes it or defers it, naming why.
      return amount === undefined
        ? []
        : [{ caseId: c.id, personId: c.personId, gross: amount.ok ? amount.value : 0 }];
    }),
    deductions: toPlan.deductions.map((d) => ({
      deductionId: d.id,
      personId: d.personId,
      amount: amountForMonth(d.monthly, d, month),
    })),
  };
}

/** A promise awaited later: a failure is kept (not reported as unhandled) until `await later()`. */
function later<T>(promise: Promise<T>): () => Promise<T> {
  const kept = promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  return async () => {
    const outcome = await kept;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  };
}

/** Each planned line's amount for its month, or why it cannot be computed yet. */
function computeAmounts(
  lines: readonly PlannedPaymentLine[],
  caseMonth: (caseId: string) => CaseMonth,
  amounts: LineAmounts,
) {
  const computed: (PlannedPaymentLine & LineAmount)[] = [];
  const refused: { line: PlannedPaymentLine; error: DomainError }[] = [];
  for (const line of lines) {
    // A case that pays nothing monthly (administration) has its line computed at 0.
    const amount =
      amounts(caseMonth(line.caseId), line.period) ?? ok({ gross: 0, explanation: { benefit: null } });
    if (amount.ok) computed.push({ ...line, ...amount.value });
    else refused.push({ line, error: amount.error });
  }
  return { computed, refused };
}

/**
 * Each person's tax basis for the run (ADR 0020): the tax card in force on the payout day; without one,
 * the withholding rate without a card when the person is paid a taxable month a family's rule computes, or none
 * (a fixed amount, registered or converted with the case, is composed as before: no tax, said so). When
 * the withholding rate is missing on the payout day, the person's lines are refused naming it, like any
 * missing rate, and deferred.
 */
function taxBases(
  amounts: ReturnType<typeof computeAmounts>,
  caseMonth: (caseId: string) => CaseMonth,
  inputs: MonthInputs,
  payday: Temporal.PlainDate,
  month: Temporal.PlainYearMonth,
) {
  const taxBasis = new Map<string, TaxCard | NoTaxCard | null>();
  const refused = [...amounts.refused];
  const byPerson = Map.groupBy(amounts.computed, (line) => line.personId);
  const computed: (PlannedPaymentLine & LineAmount)[] = [];
  let withoutCard: ReturnType<MonthInputs['noTaxCard']> | undefined;
  for (const [personId, lines] of byPerson) {
    const card = inputs.taxCard(personId, payday);
    const needsNoCardRate = lines.some((line) => {
      const c = caseMonth(line.caseId);
      return c.monthly === null && isTaxable(c.benefit);
    });
    if (card !== null || !needsNoCardRate) {
      taxBasis.set(personId, card);
      computed.push(...lines);
      continue;
    }
    withoutCard ??= inputs.noTaxCard(payday, month);
    if (withoutCard.ok) {
      taxBasis.set(personId, withoutCard.value);
      computed.push(...lines);
    } else {
      const error = withoutCard.error;
      refused.push(...lines.map((line) => ({ line, error })));
    }
  }
  return { computed, refused, taxBasis };
}

/**
 * Every case a slice needs, read once: those to plan for the next month, and the cases of this month's
 * lines that are not among them.
 */
async function readCases(
  tx: Executor,
  toPlan: readonly RunCase[],
  lines: readonly PlannedPaymentLine[],
): Promise<(caseId: string) => CaseMonth> {
  const cases = new Map(toPlan.map((c) => [c.id, c]));
  const others = [...new Set(lines.map((line) => line.caseId).filter((id) => !cases.has(id)))];
  for (const c of await findCases(tx, others)) cases.set(c.id, c);
  const months = new Map<string, CaseMonth>();
  return (caseId) => {
    let found = months.get(caseId);
    if (found === undefined) {
      const c = cases.get(caseId);
      // A planned line's case exists by foreign key, and the run holds the line's lock.
      if (c === undefined) throw new Error(`Sagen ${caseId} blev ikke fundet`);
      found = { ...c, caseId };
      months.set(caseId, found);
    }
    return found;
  };
}

/** What a slice of persons' months needs, read together: lines, cases to plan, their cases, registrations. */
async function readSlice(
  tx: Executor,
  month: Temporal.PlainYearMonth,
  nextRun: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  persons: readonly string[],
) {
  const planned = await readPlannedLines(tx, month, municipality, persons);
  const toPlan = await findToPlan(tx, nextRun, municipality, persons);
  const caseMonth = await readCases(tx, toPlan.cases, planned.payments);
  const inputs = await loadLineAmounts(tx, persons);
  const waiting = await listWaitingSanctions(tx, persons);
  const byPerson = {
    sanctions: Map.groupBy(waiting, (item) => item.personId),
    lines: Map.groupBy(planned.payments, (item) => item.personId),
    deductions: Map.groupBy(planned.deductions, (item) => item.personId),
    cases: Map.groupBy(toPlan.cases, (item) => item.personId),
    toDeduct: Map.groupBy(toPlan.deductions, (item) => item.personId),
  };
  return { byPerson, caseMonth, inputs };
}

type SliceRead = Awaited<ReturnType<typeof readSlice>>;

/**
 * The persons' month, decided from what their slice read: each line's amount (or why it waits), the tax
 * basis, the composition with the deductions, and the next month's planned lines.
 */
function composePersons(
  persons: readonly string[],
  { byPerson, caseMonth, inputs }: SliceRead,
  month: Temporal.PlainYearMonth,
  payday: Temporal.PlainDate,
) {
  const theirs = <T>(items: Map<string, T[]>) => persons.flatMap((person) => items.get(person) ?? []);
  const amounts = computeAmounts(theirs(byPerson.lines), caseMonth, inputs.amount);
  const { computed, refused, taxBasis } = taxBases(amounts, caseMonth, inputs, payday, month);
  const taxed = computed.map((line) =>
    isTaxable(caseMonth(line.caseId).benefit) ? line : { ...line, taxable: false },
  );
  // A decided sanction is taken by a run up to its last run month; after that it has lapsed (ADR 0023).
  const waiting = theirs(byPerson.sanctions);
  const inTime = (s: WaitingSanction) => Temporal.PlainYearMonth.compare(s.lastRunMonth, month) >= 0;
  const composed = composeRun(taxed, theirs(byPerson.deductions), (personId) => {
    const holdback = inputs.holdback(personId, payday);
    return {
      sanctions: (byPerson.sanctions.get(personId) ?? [])
        .filter(inTime)
        .map((s) => ({ id: s.id, amount: s.amount })),
      taxCard: taxBasis.get(personId) ?? null,
      apo: holdback.amount,
      apoPurposes: holdback.purposes.map((part) => `${part.purpose} (${formatDanishAmount(part.monthly)})`),
    };
  });
  const explanationOf = new Map(computed.map((line) => [line.id, line.explanation]));
  return {
    refused,
    lines: composed.lines.map((line) => ({
      ...line,
      explanation: { ...explanationOf.get(line.id), ...line.explanation },
    })),
    sent: composed.deductions,
    sanctions: composed.sanctions.filter((s) => s.taken > 0),
    lapsed: waiting.filter((s) => !inTime(s)).map((s) => s.id),
    next: planLines(
      month.add({ months: 1 }),
      { cases: theirs(byPerson.cases), deductions: theirs(byPerson.toDeduct) },
      caseMonth,
      inputs.forecast,
    ),
  };
}

/** The month a run occurrence is for: the month of its local date. */
const monthOf = (occurrence: Occurrence): Temporal.PlainYearMonth =>
  localDate(occurrence.at).toPlainYearMonth();

/** The municipalities with a part in the month's monthly run: those with lines planned for the month. */
export const monthlyRunParts: PartsOf = (deps, occurrence) =>
  municipalitiesWithPlannedLines(deps.db, monthOf(occurrence));

/** The municipalities with a part in the month's payout: those with computed lines or sent deductions. */
export const payoutParts: PartsOf = (deps, occurrence) => municipalitiesToPay(deps.db, monthOf(occurrence));

/**
 * A municipality's part of the month's run, in one transaction: computes and composes the month's planned
 * lines, sends the deductions, writes UDK's file and plans the next month's lines.
 */
async function runPart(
  context: UseCaseContext,
  month: Temporal.PlainYearMonth,
  municipality: MunicipalityCode,
  personsPerSlice: number,
) {
  const { tx, now } = context;
  const nextRun = month.add({ months: 1 });
  // Every planned line of the month is locked first; then the municipality is worked a slice of persons at
  // a time, each slice's lines, cases and registrations read on their own: a person's month depends only on
  // them, so memory stays flat however large the municipality is (København has a tenth of the country).
  const locked = await lockPlannedLines(tx, month, municipality);
  const persons = [...new Set([...locked, ...(await personsToPlan(tx, nextRun, municipality))])];
  const totals = { computed: 0, deferred: 0, sent: 0, planned: { payments: 0, deductions: 0 } };
  const slices = pieces(persons, personsPerSlice);
  const readLater = (slice: readonly string[]) => later(readSlice(tx, month, nextRun, municipality, slice));
  // Tax is withheld with the card in force on the payout day, or without one at the withholding rate
  // in force then; ATP comes with each HTF month's amount; decided sanctions come off first; an
  // administration (APØ) holds back what its plan asks on the payout day.
  const payday = lastBankDay(month.year, month.month);
  // While the server reads the next slice and writes the last one, this process computes: the next
  // slice's inputs are asked for before a slice is computed, and its writes are awaited only before
  // the following slice's are sent (the connection runs them in the order they were sent).
  let reading = slices[0] === undefined ? undefined : readLater(slices[0]);
  let writing = later(Promise.resolve());
  for (const [index, slice] of slices.entries()) {
    if (reading === undefined) break;
    const read = await reading();
    const following = slices[index + 1];
    reading = following === undefined ? undefined : readLater(following);
    // The slice is computed a few persons at a time with the event loop let go in between: the driver sends
    // a statement it holds only from the event loop, so the server would otherwise wait for the whole slice.
    const parts: ReturnType<typeof composePersons>[] = [];
    for (const group of pieces(slice, PERSONS_PER_PAUSE)) {
      parts.push(composePersons(group, read, month, payday));
      await pause();
    }
    const refused = parts.flatMap((part) => part.refused);
    const lines = parts.flatMap((part) => part.lines);
    const sent = parts.flatMap((part) => part.sent);
    const sanctions = parts.flatMap((part) => part.sanctions);
    const lapsed = parts.flatMap((part) => part.lapsed);
    const nextLines = {
      payments: parts.flatMap((part) => part.next.payments),
      deductions: parts.flatMap((part) => part.next.deductions),
    };
    for (const { line, error } of refused) {
      context.record({
        type: 'beregning-udskudt',
        personId: line.personId,
        municipality,
        data: {
          case: line.caseId,
          period: line.period.toString(),
          runMonth: nextRun.toString(),
          code: error.code,
          message: error.message,
        },
      });
    }
    totals.computed += lines.length;
    totals.deferred += refused.length;
    totals.sent += sent.length;
    await writing();
    writing = later(
      (async () => {
        await deferLines(
          tx,
          refused.map((r) => r.line.id),
          nextRun,
        );
        await storeComputedPayments(tx, lines, now);
        await storeSentDeductions(tx, sent, now);
        await settleSanctions(tx, month, sanctions, lapsed);
        const next = await insertPlannedLines(tx, nextRun, municipality, nextLines);
        totals.planned.payments += next.payments;
        totals.planned.deductions += next.deductions;
      })(),
    );
  }
  await writing();
  const requests = await writeDeductionRequestFile(tx, month, municipality);
  return ok({
    computed: totals.computed,
    ...(totals.deferred === 0 ? {} : { deferred: totals.deferred }),
    sent: totals.sent,
    requests,
    planned: totals.planned,
  });
}

/**
 * The monthly run: computes the month's lines per municipality and plans the next month's; `only` runs one
 * municipality's part (a worker's share). `personsPerSlice` is how many persons' months are held at a
 * time (a test shows any size stores the same).
 */
export function monthlyRun(personsPerSlice = PERSONS_PER_SLICE) {
  return async function runMonthlyPayments(
    deps: Deps,
    occurrence: Occurrence,
    only?: MunicipalityCode,
  ): Promise<Record<string, unknown>> {
    const month = monthOf(occurrence);
    const actor = systemActor('maanedskoersel');
    const summary: Record<string, unknown> = {};
    for (const municipality of only === undefined
      ? await municipalitiesWithPlannedLines(deps.db, month)
      : [only]) {
      const result = await runUseCase(deps, actor, 'job', 'koersel', (context) =>
        runPart(context, month, municipality, personsPerSlice),
      );
      summary[municipality] = result.ok ? result.value : result.error;
    }
    return { month: month.toString(), municipalities: summary };
  };
}

export const runMonthlyPayments = monthlyRun();

/** The payout: pays what the runs computed, per municipality. */
export async function runPayout(
  deps: Deps,
  occurrence: Occurrence,
  only?: MunicipalityCode,
): Promise<Record<string, unknown>> {
  const month = monthOf(occurrence);
  const actor = systemActor('udbetaling');
  const summary: Record<string, unknown> = {};
  for (const municipality of only === undefined ? await municipalitiesToPay(deps.db, month) : [only]) {
    const result = await runUseCase(deps, actor, 'job', 'koersel', async ({ tx, now }) => {
      const paid = await payOut(tx, month, municipality, now);
      const records = await writePayoutFile(tx, month, municipality, localDate(now), now);
      return ok({ ...paid, records });
    });
    summary[municipality] = result.ok ? result.value : result.error;
  }
  return { month: month.toString(), municipalities: summary };
}
