/**
 * The rate categories of HTF (hjælp til forsørgelse): which rate keys a person's facts on one day call for,
 * in the old system (aktivloven §§ 22-25 before 1 Jul 2025) and in the reform's kontanthjælp from
 * 1 Jul 2025. Keys are those of data/satser (`kontanthjaelp.over30.forsoerger`, `kontanthjaelp.ny.*`).
 * Choices where the sources are silent are in docs/decisions/0013-benefit-rules-as-dated-code.md.
 */
import { Temporal } from 'temporal-polyfill';
import type { BenefitType, CivilStatus } from '../../cases/index.ts';
import { fail, ok, type Result } from '../../kernel/index.ts';
import { formatDanishDate } from './registrations.ts';

export type AgeBand = 'u25' | '25_29' | 'over30';

/** What the categories read on one day. */
export interface HtfFacts {
  readonly age: number;
  /** Children under 18 the person supports (forsørger when above 0). */
  readonly children: number;
  readonly livesAtHome: boolean;
  readonly civilStatus: CivilStatus;
}

/**
 * Conditions of the reform's supplements that no registration holds yet; the caller states them from the
 * case's decisions. Absent means not met, so nothing is paid without a decision.
 */
export interface HtfConditions {
  /** Visiteret aktivitetsparat: a condition of særligt ungetillæg (and before 1 Jul 2025 aktivitetstillæg). */
  readonly activityReady?: boolean;
  /** Fritidstillæg decided (paid after 3 months on kontanthjælp, documentation every 3 months). */
  readonly leisureSupplement?: boolean;
}

/** One part of the month's amount that a rate gives: the rate for `key` × `count` per month. */
export interface RatedComponent {
  /** The line it is paid on (`grundydelse`, `boernetillaeg`, ...). */
  readonly code: string;
  /** The line's Danish label. */
  readonly label: string;
  /** The category in Danish, as the explanation names it. */
  readonly category: string;
  readonly key: string;
  readonly count: number;
}

/** Whole years of age on the date. */
export function ageOn(birthDate: Temporal.PlainDate, date: Temporal.PlainDate): number {
  return birthDate.until(date, { largestUnit: 'years' }).years;
}

export function ageBand(age: number): AgeBand {
  if (age >= 30) return 'over30';
  return age >= 25 ? '25_29' : 'u25';
}

const benefitLabel: Record<'kontanthjaelp' | 'uddannelseshjaelp' | 'hjemrejseydelse', string> = {
  kontanthjaelp: 'Kontanthjælp',
  uddannelseshjaelp: 'Uddannelseshjælp',
  hjemrejseydelse: 'Hjemrejseydelse',
};

type HtfBenefit = keyof typeof benefitLabel;

function isHtf(benefit: BenefitType): benefit is HtfBenefit {
  return Object.hasOwn(benefitLabel, benefit);
}

const ageText: Record<AgeBand, string> = { u25: 'under 25 år', '25_29': '25-29 år', over30: 'fyldt 30 år' };

/**
 * The old system's category (aktivloven § 23, stk. 2 and § 25, stk. 2-3 before 1 Jul 2025): from 30 the
 * adult rate for forsørgere or others; under 30 a forsørger gets the single parent's rate when single, else
 * the rate for forsørgere without extra child benefit; others by age band and living at home. Uddannelses-
 * hjælp is for persons under 30 only. Hjemrejseydelse uses the same categories under its own keys.
 */
export function oldSystemComponents(
  benefit: BenefitType,
  facts: HtfFacts,
  birthDate: Temporal.PlainDate,
  conditions: HtfConditions = {},
): Result<RatedComponent[]> {
  if (!isHtf(benefit)) throw new Error(`${benefit} is not an HTF benefit`);
  const band = ageBand(facts.age);
  const label = benefitLabel[benefit];
  const component = (key: string, category: string): Result<RatedComponent[]> => {
    const base: RatedComponent = { code: 'grundydelse', label, category, key: `${benefit}.${key}`, count: 1 };
    const supplement = `${benefit}.aktivitetstillaeg.${key}`;
    return ok(
      conditions.activityReady === true && activitySupplementKeys.includes(supplement)
        ? [
            base,
            {
              code: 'aktivitetstillaeg',
              label: 'Aktivitetstillæg',
              category: `aktivitetsparat, ${category}`,
              key: supplement,
              count: 1,
            },
          ]
        : [base],
    );
  };
  if (band === 'over30') {
    if (benefit === 'uddannelseshjaelp') {
      return fail(
        'ydelse-gaelder-ikke',
        `Uddannelseshjælp gives kun til personer under 30 år; borgeren er født ${formatDanishDate(birthDate)} og er fyldt 30 år`,
        'ydelse',
      );
    }
    return facts.children > 0
      ? component('over30.forsoerger', 'fyldt 30 år, forsørger')
      : component('over30.ikkeforsoerger', 'fyldt 30 år, ikke forsørger');
  }
  const under30 = benefit === 'uddannelseshjaelp' ? '' : 'u30.';
  if (facts.children > 0) {
    return facts.civilStatus === 'enlig'
      ? component(`${under30}enlig_forsoerger`, 'enlig forsørger under 30 år')
      : component(
          `${under30}forsoerger_uden_ekstra_boernetilskud`,
          'forsørger under 30 år uden ret til ekstra børnetilskud (gift/samlevende)',
        );
  }
  const home = facts.livesAtHome ? 'hjemmeboende' : 'udeboende';
  return component(`${band}.${home}`, `${ageText[band]}, ${home}`);
}

/**
 * The old system's aktivitetstillæg for aktivitetsparate under 30 (aktivloven § 24, stk. 3 and § 25,
 * stk. 9 before 1 Jul 2025; bm.dk's tables "Aktivitetstillæg/Barselstillæg"): uddannelseshjælp has one for
 * every category, kontanthjælp only for forsørgere under 30 and for 25-29 year olds.
 */
const activitySupplementKeys: readonly string[] = [
  'uddannelseshjaelp.aktivitetstillaeg.enlig_forsoerger',
  'uddannelseshjaelp.aktivitetstillaeg.forsoerger_uden_ekstra_boernetilskud',
  'uddannelseshjaelp.aktivitetstillaeg.u25.hjemmeboende',
  'uddannelseshjaelp.aktivitetstillaeg.u25.udeboende',
  'uddannelseshjaelp.aktivitetstillaeg.25_29.hjemmeboende',
  'uddannelseshjaelp.aktivitetstillaeg.25_29.udeboende',
  'kontanthjaelp.aktivitetstillaeg.u30.enlig_forsoerger',
  'kontanthjaelp.aktivitetstillaeg.u30.forsoerger_uden_ekstra_boernetilskud',
  'kontanthjaelp.aktivitetstillaeg.25_29.hjemmeboende',
  'kontanthjaelp.aktivitetstillaeg.25_29.udeboende',
];

/** The keys `oldSystemComponents` can ask for. */
export function oldSystemKeys(benefit: BenefitType): string[] {
  const under30 = benefit === 'uddannelseshjaelp' ? '' : 'u30.';
  const keys = [
    `${under30}enlig_forsoerger`,
    `${under30}forsoerger_uden_ekstra_boernetilskud`,
    'u25.hjemmeboende',
    'u25.udeboende',
    '25_29.hjemmeboende',
    '25_29.udeboende',
    ...(benefit === 'uddannelseshjaelp' ? [] : ['over30.forsoerger', 'over30.ikkeforsoerger']),
  ];
  return [
    ...keys.map((key) => `${benefit}.${key}`),
    ...activitySupplementKeys.filter((key) => key.startsWith(`${benefit}.`)),
  ];
}

export const newKeys = {
  grundsats: 'kontanthjaelp.ny.grundsats',
  forhoejet: 'kontanthjaelp.ny.forhoejet_sats',
  hjemmeboende: 'kontanthjaelp.ny.hjemmeboende',
  boernetillaeg: 'kontanthjaelp.ny.boernetillaeg',
  enligForsoerger: 'kontanthjaelp.ny.tillaeg.enlig_forsoerger',
  enligIkkeForsoerger: 'kontanthjaelp.ny.tillaeg.enlig_ikkeforsoerger',
  ungeU25: 'kontanthjaelp.ny.saerligt_ungetillaeg.u25.ikkeforsoerger',
  unge25_29: 'kontanthjaelp.ny.saerligt_ungetillaeg.25_29.ikkeforsoerger',
  ungeForsoerger: 'kontanthjaelp.ny.saerligt_ungetillaeg.u30.forsoerger',
  fritidEnlig: 'kontanthjaelp.ny.fritidstillaeg.pr_barn.enlig_forsoerger',
  fritidPar: 'kontanthjaelp.ny.fritidstillaeg.pr_barn.gift_samlevende',
} as const;

/** The hourly disregard: this amount per hour worked is not set off (aktivloven § 31, stk. 1). */
export const hourlyDisregardKey = 'kontanthjaelp.fradrag.pr_time';

/** At most three children give fritidstillæg (the sources: "højst 3 børn"). */
export const maxLeisureChildren = 3;

/**
 * The reform's kontanthjælp from 1 Jul 2025 (aktivloven §§ 16-20 as the sources describe them):
 * - the rate: under 30, living at home and not forsørger → the rate for hjemmeboende; other under 30 →
 *   grundsats; from 30 → forhøjet sats (mindstesats and forhøjet sats for 25-29 with 2½ years of work need
 *   facts no registration holds, see the ADR);
 * - børnetillæg: one per forsørger, whatever the number of children;
 * - tillæg til enlige forsørgere: single forsørger on grundsats (or mindstesats);
 * - tillæg til enlige ikke-forsørgere: single non-forsørger on grundsats or forhøjet sats;
 * - særligt ungetillæg: aktivitetsparat under 30 on grundsats, by age and forsørgelse;
 * - fritidstillæg: per child, at most three, the single parent's amount or the couple's, when decided.
 */
export function newSystemComponents(facts: HtfFacts, conditions: HtfConditions): RatedComponent[] {
  const band = ageBand(facts.age);
  const forsoerger = facts.children > 0;
  const single = facts.civilStatus === 'enlig';
  const label = 'Kontanthjælp';
  const rate: 'hjemmeboende' | 'grundsats' | 'forhoejet' =
    band === 'over30' ? 'forhoejet' : facts.livesAtHome && !forsoerger ? 'hjemmeboende' : 'grundsats';
  const components: RatedComponent[] = [
    rate === 'forhoejet'
      ? {
          code: 'grundydelse',
          label,
          category: 'forhøjet sats (fyldt 30 år)',
          key: newKeys.forhoejet,
          count: 1,
        }
      : rate === 'hjemmeboende'
        ? {
            code: 'grundydelse',
            label,
            category: 'sats for hjemmeboende under 30 år',
            key: newKeys.hjemmeboende,
            count: 1,
          }
        : {
            code: 'grundydelse',
            label,
            category: 'grundsats (under 30 år)',
            key: newKeys.grundsats,
            count: 1,
          },
  ];
  if (forsoerger) {
    components.push({
      code: 'boernetillaeg',
      label: 'Børnetillæg',
      category: 'forsørger',
      key: newKeys.boernetillaeg,
      count: 1,
    });
  }
  if (single && forsoerger && rate === 'grundsats') {
    components.push({
      code: 'tillaeg-enlig-forsoerger',
      label: 'Tillæg til enlige forsørgere',
      category: 'enlig forsørger på grundsats',
      key: newKeys.enligForsoerger,
      count: 1,
    });
  }
  if (single && !forsoerger && rate !== 'hjemmeboende') {
    components.push({
      code: 'tillaeg-enlig',
      label: 'Tillæg til enlige ikke-forsørgere',
      category: rate === 'grundsats' ? 'enlig på grundsats' : 'enlig på forhøjet sats',
      key: newKeys.enligIkkeForsoerger,
      count: 1,
    });
  }
  if (conditions.activityReady === true && rate === 'grundsats') {
    components.push({
      code: 'saerligt-ungetillaeg',
      label: 'Særligt ungetillæg',
      category: forsoerger
        ? 'aktivitetsparat forsørger under 30 år'
        : `aktivitetsparat ikke-forsørger ${ageText[band]}`,
      key: forsoerger ? newKeys.ungeForsoerger : band === 'u25' ? newKeys.ungeU25 : newKeys.unge25_29,
      count: 1,
    });
  }
  if (conditions.leisureSupplement === true && forsoerger) {
    const count = Math.min(facts.children, maxLeisureChildren);
    components.push({
      code: 'fritidstillaeg',
      label: 'Fritidstillæg',
      category: `${count} ${count === 1 ? 'barn' : 'børn'}, ${single ? 'enlig forsørger' : 'gift/samlevende'}`,
      key: single ? newKeys.fritidEnlig : newKeys.fritidPar,
      count,
    });
  }
  return components;
}

/** The keys `newSystemComponents` can ask for. */
export function newSystemKeys(): string[] {
  return Object.values(newKeys);
}
