/**
 * Checks an `expect` step against the system through the same use case the API and the pages use to show
 * a person (the overview); every matcher names what it expected and what it found.
 */
import { hoursRuleExtract } from '../../cases/index.ts';
import { formatAmount, formatCpr, localDate, type Cpr } from '../../kernel/index.ts';
import { getPersonOverview, type PersonOverview } from '../../acting-municipality/index.ts';
import { describeResidence, residenceOn } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import type {
  ExtractMatcher,
  DeductionMatcher,
  EventMatcher,
  ExpectStep,
  PaymentMatcher,
  TaskMatcher,
} from '../format/index.ts';
import { countSatisfied, describeCount, matchesSubset } from './matching.ts';
import { ScenarioFailed } from './outcome.ts';
import { describeTask } from './task-steps.ts';

const runner = systemActor('scenarie');
const PURPOSE = 'scenariekontrol';

/** Names the file gave its cases and deductions, mapped to their ids in the system. */
export interface ScenarioNames {
  readonly cases: ReadonlyMap<string, string>;
  readonly deductions: ReadonlyMap<string, string>;
}

type Overviews = Map<Cpr, PersonOverview>;

async function loadOverviews(deps: Deps, persons: readonly Cpr[], line: number): Promise<Overviews> {
  const overviews: Overviews = new Map();
  for (const cpr of persons) {
    const overview = await getPersonOverview(deps, runner, 'scenario', cpr, PURPOSE);
    if (!overview.ok) throw new ScenarioFailed({ line, what: 'expect', message: overview.error.message });
    overviews.set(cpr, overview.value);
  }
  return overviews;
}

function overviewOf(overviews: Overviews, cpr: Cpr): PersonOverview {
  const found = overviews.get(cpr);
  if (found === undefined) throw new Error(`no overview for ${cpr}`);
  return found;
}

function select(overviews: Overviews, cpr: Cpr | undefined): PersonOverview[] {
  return cpr === undefined ? [...overviews.values()] : [overviewOf(overviews, cpr)];
}

const show = (value: unknown): string => JSON.stringify(value);

function checkCount<T>(
  found: readonly T[],
  all: readonly T[],
  count: number | undefined,
  failure: { line: number; what: string; expected: string; describe: (item: T) => string },
): void {
  if (countSatisfied(found.length, count)) return;
  throw new ScenarioFailed({
    line: failure.line,
    what: failure.what,
    message: 'matcher ikke',
    expected: `${describeCount(count)} som ${failure.expected}`,
    actual: `${found.length}; alle: ${all.map(failure.describe).join('; ') || 'ingen'}`,
  });
}

function without<T extends { line: number; count?: number }>(matcher: T): Omit<T, 'line' | 'count'> {
  const { line: _line, count: _count, ...rest } = matcher;
  return rest;
}

function checkEvents(overviews: Overviews, matchers: readonly EventMatcher[], where: string): void {
  for (const [index, m] of matchers.entries()) {
    const all = select(overviews, m.cpr).flatMap((o) => o.events);
    const found = all.filter(
      (e) =>
        (m.type === undefined || e.type === m.type) &&
        (m.municipality === undefined || e.municipality === m.municipality) &&
        (m.data === undefined || matchesSubset(m.data, e.data)),
    );
    checkCount(found, all, m.count, {
      line: m.line,
      what: `${where}.events[${index}]`,
      expected: show({ ...without(m), ...(m.cpr === undefined ? {} : { cpr: formatCpr(m.cpr) }) }),
      describe: (e) => `${e.type}${e.municipality === null ? '' : `@${e.municipality}`} ${show(e.data)}`,
    });
  }
}

function checkTasks(overviews: Overviews, matchers: readonly TaskMatcher[], where: string): void {
  for (const [index, m] of matchers.entries()) {
    const all = select(overviews, m.cpr).flatMap((o) => o.tasks);
    const categories = m.categories === undefined ? undefined : [...new Set(m.categories)].sort();
    const found = all.filter(
      (t) =>
        (m.type === undefined || t.type === m.type) &&
        (m.municipality === undefined || t.municipality === m.municipality) &&
        (m.status === undefined || t.status === m.status) &&
        (m.step === undefined || t.currentStep === m.step) &&
        (m.queries === undefined || t.openQueries === m.queries) &&
        (categories === undefined || show([...t.categories].sort()) === show(categories)) &&
        (m.assignee === undefined || t.assignee === m.assignee) &&
        (m.due === undefined || t.dueOn === (m.due?.toString() ?? null)),
    );
    checkCount(found, all, m.count, {
      line: m.line,
      what: `${where}.tasks[${index}]`,
      expected: show(without(m)),
      describe: describeTask,
    });
  }
}

/** The rule a computed line's explanation names, and whether it used an example rate. */
function explainedBy(explanation: Record<string, unknown> | null): { rule?: string; exampleRate: boolean } {
  const benefit = explanation?.['benefit'];
  if (typeof benefit !== 'object' || benefit === null) return { exampleRate: false };
  const exampleRate = 'usesExampleRate' in benefit && benefit.usesExampleRate === true;
  if ('rule' in benefit && typeof benefit.rule === 'string') return { rule: benefit.rule, exampleRate };
  const first: unknown = 'lines' in benefit && Array.isArray(benefit.lines) ? benefit.lines[0] : undefined;
  const rule =
    typeof first === 'object' &&
    first !== null &&
    'explanation' in first &&
    typeof first.explanation === 'object' &&
    first.explanation !== null &&
    'rule' in first.explanation &&
    typeof first.explanation.rule === 'string'
      ? first.explanation.rule
      : undefined;
  return rule === undefined ? { exampleRate } : { rule, exampleRate };
}

function checkLines(
  overviews: Overviews,
  matchers: readonly (PaymentMatcher | DeductionMatcher)[],
  kind: 'udbetaling' | 'traek',
  names: ReadonlyMap<string, string>,
  where: string,
): void {
  for (const [index, m] of matchers.entries()) {
    const owner = 'case' in m ? m.case : 'deduction' in m ? m.deduction : undefined;
    const ownerId = owner === undefined ? undefined : names.get(owner);
    const all = select(overviews, m.cpr).flatMap((o) => o.lines.filter((l) => l.kind === kind));
    const net = 'net' in m ? m.net : undefined;
    const requested = 'requested' in m ? m.requested : undefined;
    const runMonth = 'runMonth' in m ? m.runMonth : undefined;
    const rule = 'rule' in m ? m.rule : undefined;
    const exampleRate = 'exampleRate' in m ? m.exampleRate : undefined;
    const found = all.filter(
      (l) =>
        (ownerId === undefined || l.ownerId === ownerId) &&
        (m.period === undefined || l.period.equals(m.period)) &&
        (m.municipality === undefined || l.municipality === m.municipality) &&
        (m.status === undefined || l.status === m.status) &&
        (m.amount === undefined || l.amount === m.amount) &&
        (net === undefined || l.net === net) &&
        (requested === undefined || l.requested === requested) &&
        (runMonth === undefined || l.runMonth.equals(runMonth)) &&
        (rule === undefined || explainedBy(l.explanation).rule === rule) &&
        (exampleRate === undefined || explainedBy(l.explanation).exampleRate === exampleRate),
    );
    const nameOf = new Map([...names].map(([name, id]) => [id, name]));
    checkCount(found, all, m.count, {
      line: m.line,
      what: `${where}.${kind === 'udbetaling' ? 'payments' : 'deductions'}[${index}]`,
      expected: show({
        ...without(m),
        ...(m.period === undefined ? {} : { period: m.period.toString() }),
        ...(m.amount === undefined ? {} : { amount: formatAmount(m.amount) }),
        ...(net === undefined ? {} : { net: formatAmount(net) }),
        ...(runMonth === undefined ? {} : { runMonth: runMonth.toString() }),
        ...(requested === undefined ? {} : { requested: formatAmount(requested) }),
      }),
      describe: (l) =>
        `${nameOf.get(l.ownerId) ?? l.ownerId} ${l.period.toString()}${l.runMonth.equals(l.period) ? '' : ` (kørsel ${l.runMonth.toString()})`} ${l.status}@${l.municipality} ${formatAmount(l.amount)}${l.kind === 'udbetaling' && l.net !== null ? ` netto ${formatAmount(l.net)}` : ''}${l.requested === null || l.requested === l.amount ? '' : ` (anmodet ${formatAmount(l.requested)})`}`,
    });
  }
}

/** Checks every expectation of the step; throws ScenarioFailed at the first that does not hold. */
export async function checkExpectations(
  deps: Deps,
  step: ExpectStep,
  where: string,
  persons: readonly Cpr[],
  names: ScenarioNames,
): Promise<void> {
  const e = step.expectations;
  const overviews = await loadOverviews(deps, persons, step.line);
  if (e.actingMunicipality !== undefined) {
    const { cpr, is, line } = e.actingMunicipality;
    const actual = overviewOf(overviews, cpr).actingNow;
    if (actual !== is) {
      throw new ScenarioFailed({
        line,
        what: `${where}.acting-municipality`,
        message: `handlekommune for ${formatCpr(cpr)} er forkert`,
        expected: is ?? 'ingen',
        actual: actual ?? 'ingen',
      });
    }
  }
  if (e.residence !== undefined) {
    const { cpr, is, line } = e.residence;
    const actual = residenceOn(overviewOf(overviews, cpr).person.residence, localDate(deps.clock.now()));
    const found = actual === undefined ? 'ingen' : describeResidence(actual);
    if (found !== describeResidence(is)) {
      throw new ScenarioFailed({
        line,
        what: `${where}.residence`,
        message: `bopæl for ${formatCpr(cpr)} er forkert`,
        expected: describeResidence(is),
        actual: found,
      });
    }
  }
  for (const [index, m] of (e.cases ?? []).entries()) {
    const id = names.cases.get(m.id);
    const found = [...overviews.values()].flatMap((o) => o.cases).find((c) => c.id === id);
    const ok =
      found !== undefined &&
      (m.status === undefined || found.status === m.status) &&
      (m.municipality === undefined || found.municipality === m.municipality);
    if (!ok) {
      throw new ScenarioFailed({
        line: m.line,
        what: `${where}.cases[${index}]`,
        message: `sagen ${m.id} matcher ikke`,
        expected: show(without({ ...m, count: 0 })),
        actual:
          found === undefined
            ? 'ingen sag'
            : show({
                status: found.status,
                municipality: found.municipality,
                closedReason: found.closedReason,
              }),
      });
    }
  }
  if (e.tasks !== undefined) checkTasks(overviews, e.tasks, where);
  if (e.events !== undefined) checkEvents(overviews, e.events, where);
  if (e.payments !== undefined) checkLines(overviews, e.payments, 'udbetaling', names.cases, where);
  if (e.deductions !== undefined) checkLines(overviews, e.deductions, 'traek', names.deductions, where);
  if (e.hoursRuleExtract !== undefined) await checkExtract(deps, e.hoursRuleExtract, where);
}

/** `timeregel-udtraek`: the municipality's extract (release 6.1) as the system would give it now. */
async function checkExtract(deps: Deps, matchers: readonly ExtractMatcher[], where: string): Promise<void> {
  for (const [index, m] of matchers.entries()) {
    const extract = await hoursRuleExtract(deps, systemActor('scenario'), 'scenario', m.kommune);
    if (!extract.ok) throw new Error(extract.error.message);
    const same = (text: string | null, date: { toString(): string } | null | undefined) =>
      date === undefined || text === (date?.toString() ?? null);
    const found = extract.value.filter(
      (row) =>
        (m.cpr === undefined || row.cpr === formatCpr(m.cpr)) &&
        same(row.before, m.before) &&
        same(row.after, m.after) &&
        (m.reason === undefined || row.reason === m.reason),
    );
    checkCount(found, extract.value, m.count, {
      line: m.line,
      what: `${where}.timeregel-udtraek[${index}]`,
      expected: show({
        ...without(m),
        ...(m.before === undefined ? {} : { before: m.before?.toString() ?? null }),
        ...(m.after === undefined ? {} : { after: m.after?.toString() ?? null }),
      }),
      describe: (row) => `${row.cpr} ${row.before ?? '-'} → ${row.after ?? '-'} (${row.reason})`,
    });
  }
}
