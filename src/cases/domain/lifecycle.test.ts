import { describe, expect, it } from 'vitest';
import { benefitTypes, caseStatuses, type BenefitType, type CaseStatus } from './case.ts';
import { familyOf, isNeedsBased, transition, type CaseTransition } from './lifecycle.ts';

describe('a case’s status moves under-oplysning → bevilget → afsluttet, or → afvist', () => {
  it.each<[CaseStatus, CaseTransition, string]>([
    ['under-oplysning', 'bevil', 'bevilget'],
    ['bevilget', 'bevil', 'bevilget'],
    ['bevilget', 'aendr', 'bevilget'],
    ['bevilget', 'afslut', 'afsluttet'],
    ['under-oplysning', 'afvis', 'afvist'],
    ['under-oplysning', 'aendr', 'ugyldig-sagsstatus'],
    ['under-oplysning', 'afslut', 'ugyldig-sagsstatus'],
    ['bevilget', 'afvis', 'ugyldig-sagsstatus'],
    ['afsluttet', 'bevil', 'sagen-er-lukket'],
    ['afsluttet', 'aendr', 'sagen-er-lukket'],
    ['afsluttet', 'afslut', 'sagen-er-lukket'],
    ['afsluttet', 'afvis', 'sagen-er-lukket'],
    ['afvist', 'bevil', 'sagen-er-lukket'],
    ['afvist', 'aendr', 'sagen-er-lukket'],
    ['afvist', 'afslut', 'sagen-er-lukket'],
    ['afvist', 'afvis', 'sagen-er-lukket'],
  ])('%s with %s gives %s', (status, action, expected) => {
    const result = transition(status, action);
    expect(result.ok ? result.value : result.error.code).toBe(expected);
  });

  it('covers every status and action', () => {
    for (const status of caseStatuses) {
      for (const action of ['bevil', 'aendr', 'afslut', 'afvis'] as const) {
        const result = transition(status, action);
        if (result.ok) expect(caseStatuses).toContain(result.value);
        else expect(result.error.message).toMatch(/[a-zæøå]/);
      }
    }
  });
});

describe('benefit families', () => {
  it.each<[BenefitType, string, boolean]>([
    ['kontanthjaelp', 'htf', false],
    ['uddannelseshjaelp', 'htf', false],
    ['hjemrejseydelse', 'htf', false],
    ['saerlig-stoette', 'saerlig-stoette', true],
    ['administration', 'administration', false],
    ['enkeltydelse', 'enkeltydelse', true],
    ['anden-ydelse', 'anden-ydelse', true],
    ['personligt-tillaeg', 'personligt-tillaeg', true],
    ['helbredstillaeg', 'helbredstillaeg', true],
  ])('%s belongs to %s (needs-based: %s)', (benefit, family, needsBased) => {
    expect(familyOf(benefit)).toBe(family);
    expect(isNeedsBased(benefit)).toBe(needsBased);
  });

  it('names every benefit', () => {
    expect(benefitTypes.map(familyOf)).toHaveLength(benefitTypes.length);
  });
});
