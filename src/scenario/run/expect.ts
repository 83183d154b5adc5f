/**
 * Checks an `expect` step against the system through the same use cases the API uses. Expectations about
 * what later parts of the system build fail as "ikke understøttet endnu", never pass silently.
 */
import type { Temporal } from 'temporal-polyfill';
import { formatCpr, localDate, type Cpr } from '../../kernel/index.ts';
import { describeResidence, getPerson, listPersonEvents, residenceOn } from '../../persons/index.ts';
import { systemActor } from '../../platform/actor.ts';
import type { Deps } from '../../platform/use-case.ts';
import type { EventMatcher, ExpectStep, ResidenceExpectation } from '../format/index.ts';
import { countSatisfied, describeCount, matchesSubset } from './matching.ts';
import { notSupportedYet, ScenarioFailed } from './outcome.ts';

const runner = systemActor('scenarie');
const PURPOSE = 'scenariekontrol';

async function checkResidence(deps: Deps, expectation: ResidenceExpectation, where: string): Promise<void> {
  const person = await getPerson(deps, runner, 'scenario', expectation.cpr, PURPOSE);
  if (!person.ok)
    throw new ScenarioFailed({ line: expectation.line, what: where, message: person.error.message });
  const actual = residenceOn(person.value.residence, localDate(deps.clock.now()));
  const expected = describeResidence(expectation.is);
  const found = actual === undefined ? 'ingen' : describeResidence(actual);
  if (found !== expected) {
    throw new ScenarioFailed({
      line: expectation.line,
      what: where,
      message: `bopæl for ${formatCpr(expectation.cpr)} er forkert`,
      expected,
      actual: found,
    });
  }
}

function describeMatcher(matcher: EventMatcher): string {
  const { line: _line, count: _count, ...fields } = matcher;
  return JSON.stringify({ ...fields, ...(fields.cpr === undefined ? {} : { cpr: formatCpr(fields.cpr) }) });
}

async function checkEvents(
  deps: Deps,
  matchers: readonly EventMatcher[],
  persons: readonly Cpr[],
  where: string,
): Promise<void> {
  for (const [index, matcher] of matchers.entries()) {
    const cprs = matcher.cpr === undefined ? persons : [matcher.cpr];
    const events: { type: string; municipality: string | null; data: unknown; at: Temporal.Instant }[] = [];
    for (const cpr of cprs) {
      const listed = await listPersonEvents(deps, runner, 'scenario', cpr, PURPOSE);
      if (!listed.ok)
        throw new ScenarioFailed({ line: matcher.line, what: where, message: listed.error.message });
      events.push(
        ...listed.value.map((e) => ({
          type: e.type,
          municipality: e.municipality,
          data: e.data,
          at: e.occurredAt,
        })),
      );
    }
    const matching = events.filter(
      (event) =>
        (matcher.type === undefined || event.type === matcher.type) &&
        (matcher.municipality === undefined || event.municipality === matcher.municipality) &&
        (matcher.data === undefined || matchesSubset(matcher.data, event.data)),
    );
    if (!countSatisfied(matching.length, matcher.count)) {
      throw new ScenarioFailed({
        line: matcher.line,
        what: `${where}.events[${index}]`,
        message: 'hændelserne matcher ikke',
        expected: `${describeCount(matcher.count)} hændelse(r) som ${describeMatcher(matcher)}`,
        actual: `${matching.length}; hændelser: ${
          events
            .map(
              (e) =>
                `${e.type}${e.municipality === null ? '' : `@${e.municipality}`} ${JSON.stringify(e.data)}`,
            )
            .join(', ') || 'ingen'
        }`,
      });
    }
  }
}

/** Checks every expectation of the step; throws ScenarioFailed at the first that does not hold. */
export async function checkExpectations(
  deps: Deps,
  step: ExpectStep,
  where: string,
  persons: readonly Cpr[],
): Promise<void> {
  const e = step.expectations;
  if (e.actingMunicipality !== undefined) {
    throw notSupportedYet(
      e.actingMunicipality.line,
      `${where}.acting-municipality`,
      'handlekommune-reglerne',
    );
  }
  if (e.residence !== undefined) await checkResidence(deps, e.residence, `${where}.residence`);
  if (e.events !== undefined) await checkEvents(deps, e.events, persons, where);
  const later: [string, readonly { line: number }[] | undefined, string][] = [
    ['cases', e.cases, 'sager og bevillinger'],
    ['tasks', e.tasks, 'opgavemotoren'],
    ['payments', e.payments, 'den månedlige betalingscyklus'],
    ['deductions', e.deductions, 'den månedlige betalingscyklus'],
  ];
  for (const [key, items, comesWith] of later) {
    if (items !== undefined) throw notSupportedYet(items[0]?.line ?? step.line, `${where}.${key}`, comesWith);
  }
}
