import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { benefitTypes } from '../../cases/index.ts';
import { isInForce, ruleFor, ruleVersions, versionsOf } from './rule-registry.ts';

const d = (text: string) => Temporal.PlainDate.from(text);

describe('the rule registry covers every day of every family once (coverage check)', () => {
  it.each(benefitTypes.map((benefit) => [benefit]))(
    '%s: open at both ends, each version starts the day after the last ends',
    (benefit) => {
      const versions = versionsOf(benefit);
      expect(versions.length).toBeGreaterThan(0);
      expect(versions[0]?.from).toBeNull();
      expect(versions.at(-1)?.to).toBeNull();
      for (let index = 1; index < versions.length; index++) {
        const before = versions[index - 1];
        const after = versions[index];
        expect(before?.to, `${before?.id} must end`).not.toBeNull();
        expect(after?.from, `${after?.id} must start`).not.toBeNull();
        if (before?.to && after?.from) {
          expect(after.from.equals(before.to.add({ days: 1 })), `${before.id} → ${after.id}`).toBe(true);
        }
      }
      for (const version of versions) {
        if (version.from !== null && version.to !== null) {
          expect(Temporal.PlainDate.compare(version.from, version.to)).toBeLessThanOrEqual(0);
        }
      }
    },
  );

  it('every version belongs to a known family and has a unique id', () => {
    expect(
      ruleVersions.every((version) => (benefitTypes as readonly string[]).includes(version.benefit)),
    ).toBe(true);
    expect(new Set(ruleVersions.map((version) => version.id)).size).toBe(ruleVersions.length);
  });

  it('any day has exactly one version in force per family', () => {
    const anyDay = fc.integer({ min: 0, max: 200 * 366 }).map((days) => d('1900-01-01').add({ days }));
    fc.assert(
      fc.property(anyDay, fc.constantFrom(...benefitTypes), (day, benefit) => {
        expect(versionsOf(benefit).filter((version) => isInForce(version, day))).toHaveLength(1);
      }),
    );
  });
});

describe('ruleFor picks the version in force (the reform on 1 Jul 2025)', () => {
  it.each<[string, string, string, string]>([
    ['kontanthjaelp', '2025-06-30', 'kontanthjaelp@til-2025-06-30', 'htf-gammel'],
    ['kontanthjaelp', '2025-07-01', 'kontanthjaelp@2025-07-01', 'htf-ny'],
    ['kontanthjaelp', '2020-01-01', 'kontanthjaelp@til-2025-06-30', 'htf-gammel'],
    ['kontanthjaelp', '2026-12-31', 'kontanthjaelp@2025-07-01', 'htf-ny'],
    ['uddannelseshjaelp', '2025-06-30', 'uddannelseshjaelp@til-2025-06-30', 'htf-gammel'],
    ['uddannelseshjaelp', '2025-07-01', 'uddannelseshjaelp@ophaevet-2025-07-01', 'ophaevet'],
    ['hjemrejseydelse', '2025-07-01', 'hjemrejseydelse@ophaevet-2025-07-01', 'ophaevet'],
    ['saerlig-stoette', '2025-07-01', 'saerlig-stoette@behovsbestemt', 'behovsbestemt'],
    ['administration', '2025-07-01', 'administration@udbetaler-intet', 'administration'],
  ])('%s on %s: %s', (benefit, date, id, kind) => {
    const version = ruleFor(benefit as (typeof benefitTypes)[number], d(date));
    expect(version.id).toBe(id);
    expect(version.kind).toBe(kind);
  });
});
