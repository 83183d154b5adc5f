/**
 * A refusal must not tell whether a citizen exists: the answer to a caller whose municipality has no
 * relation to the citizen is the very answer for a citizen who does not exist (status, code, words and
 * field), and it names neither.
 */
import { expect } from 'vitest';

interface Answer {
  readonly statusCode: number;
  readonly body: string;
  json(): unknown;
}

/** The two answers are the same refusal: a 4xx problem, equal in everything. */
export function expectAnsweredAsUnknown(
  refused: Answer,
  unknown: Answer,
  hidden: readonly string[] = [],
): void {
  expect(refused.statusCode, refused.body).toBeGreaterThanOrEqual(400);
  expect(refused.statusCode, refused.body).toBeLessThan(500);
  // Not found, or "only the acting municipality may", worded the same for both.
  expect(['ikke-fundet', 'ikke-handlekommune']).toContain((refused.json() as { code: string }).code);
  expect(refused.statusCode).toBe(unknown.statusCode);
  expect(refused.json()).toEqual(unknown.json());
  for (const text of hidden) expect(refused.body).not.toContain(text);
}
