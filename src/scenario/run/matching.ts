/** Subset matching for expectation matchers: every given field must match; `count` exact, else at least one. */

/** Whether `actual` contains `expected`: objects by their given keys, arrays element by element. */
export function matchesSubset(expected: unknown, actual: unknown): boolean {
  if (expected === null || typeof expected !== 'object') return Object.is(expected, actual);
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => matchesSubset(item, actual[index]))
    );
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const record = actual as Record<string, unknown>;
  return Object.entries(expected as Record<string, unknown>).every(
    ([key, value]) => Object.hasOwn(record, key) && matchesSubset(value, record[key]),
  );
}

/** Whether the number found satisfies the matcher's count (exact when given, else at least one). */
export function countSatisfied(found: number, count: number | undefined): boolean {
  return count === undefined ? found >= 1 : found === count;
}

/** How the count reads in a failure: "præcis 2" or "mindst 1". */
export function describeCount(count: number | undefined): string {
  return count === undefined ? 'mindst 1' : `præcis ${count}`;
}
