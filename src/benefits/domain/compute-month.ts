/**
 * The month's computation (docs/decisions/0013-benefit-rules-as-dated-code.md), pure: from the family, the
 * person's birth date, the grant's days in the month, the registrations as known and a rate lookup, the
 * month's lines, each with its explanation, or the first error.
 *
 * The month is split into segments of days on which everything that decides the amount is the same: the
 * rule version, the facts (age band, children, living at home, civil status; the decided amount for a
 * needs-based benefit) and the rate rows. Each segment pays its monthly amounts × its days / the days in
 * the month, half up (`proRata`, as `amountForMonth` in src/cases/domain/case.ts), so a change in the middle
 * of a month is paid per day. Income from work is then set off once for the month, never below zero.
 */
import { Temporal } from 'temporal-polyfill';
import type { BenefitType, GrantPeriod, Registration } from '../../cases/index.ts';
import {
  daysInMonth,
  domainError,
  err,
  fail,
  formatDanishAmount,
  monthBounds,
  ok,
  proRata,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import type { Rate, RateLookup } from '../../rates/index.ts';
import {
  exampleRateMarker,
  type Explanation,
  type ExplanationStep,
  type UsedRate,
  type UsedRegistration,
} from './explanation.ts';
import {
  ageBand,
  ageOn,
  hourlyDisregardKey,
  newSystemComponents,
  newSystemKeys,
  oldSystemComponents,
  oldSystemKeys,
  type HtfConditions,
  type HtfFacts,
  type RatedComponent,
} from './htf-categories.ts';
import {
  formatDanishDate,
  formatDanishMonth,
  formatHours,
  inForceBetween,
  inForceOn,
  latest,
  usedRegistration,
} from './registrations.ts';
import { hoursRulePeriod } from './hours-rule.ts';
import { atpKeys, benefitCapKeys, benefitCapPeriod, hoursRuleKeys, noTaxCardKey } from './rate-keys.ts';
import { ruleFor, ruleVersions, versionsOf, type RuleVersion } from './rule-registry.ts';

const exampleMarker = exampleRateMarker;

/**
 * The hours of a month the disregard is counted for: "kan ikke beregnes på grundlag af mere end 160 timer
 * pr. måned pr. person" (aktivloven § 31, stk. 1, danskelove.dk/aktivloven/31-33), the applicant's and the
 * spouse's counted apart.
 */
export const maxDisregardHours = 160;

export interface MonthInput {
  readonly benefit: BenefitType;
  /** From the CPR number. */
  readonly birthDate: Temporal.PlainDate;
  /** The grant; only its days in the month are paid. */
  readonly grant: GrantPeriod;
  readonly month: Temporal.PlainYearMonth;
  /**
   * The person's registrations and the case's, as known (the caller applies `knownAt`); those in force on
   * each day are read here.
   */
  readonly registrations: readonly Registration[];
  readonly rates: RateLookup;
  /** The reform's supplement conditions no registration holds yet (HtfConditions); absent = not met. */
  readonly conditions?: HtfConditions;
  /**
   * False when only the amounts are wanted (a planned line's forecast): the explanation's texts, rates and
   * registrations are then left empty, which halves the cost. Absent: explained.
   */
  readonly explain?: boolean;
}

/** One line of the month: what it is, its amount (negative for a set-off) and how it came about. */
export interface BenefitLine {
  /** `grundydelse`, `boernetillaeg`, `fradrag-arbejdsindtaegt`, or the family for a decided amount. */
  readonly code: string;
  readonly label: string;
  readonly amount: Oere;
  readonly explanation: Explanation;
}

/** One part of a segment's amount: a rate × count, or a decided amount, per month. */
export interface SegmentPart {
  readonly code: string;
  readonly label: string;
  readonly category: string;
  /** The monthly amount before the share of days (rate × count, or the decided amount). */
  readonly monthly: Oere;
  readonly count: number;
  readonly rate: Rate | null;
  /** The `bevilget-beloeb` registration of a decided amount. */
  readonly decided: Registration | null;
}

/** Days of the month on which the rule, the facts and the rates are the same. */
export interface Segment {
  readonly from: Temporal.PlainDate;
  readonly to: Temporal.PlainDate;
  readonly days: number;
  readonly rule: RuleVersion;
  /** The facts in Danish (`fyldt 30 år, 1 barn, udeboende, enlig`); empty for a decided amount. */
  readonly facts: string;
  /** The fact registrations read (children, living at home, civil status). */
  readonly registrations: readonly Registration[];
  readonly parts: readonly SegmentPart[];
}

interface DayPlan {
  readonly rule: RuleVersion;
  readonly facts: string;
  readonly factKey: string;
  readonly registrations: readonly Registration[];
  readonly parts: readonly SegmentPart[];
}

function ofKind<K extends Registration['value']['kind']>(
  registrations: readonly Registration[],
  kind: K,
): (Registration & { value: Extract<Registration['value'], { kind: K }> })[] {
  return registrations.filter(
    (registration): registration is Registration & { value: Extract<Registration['value'], { kind: K }> } =>
      registration.value.kind === kind,
  );
}

/** `sats-mangler` naming the key and the month in Danish, details `{ key, month }`. */
export function missingRate(key: string, month: Temporal.PlainYearMonth): Result<never> {
  return err(
    domainError('sats-mangler', `Satsen ${key} mangler for ${formatDanishMonth(month)}`, undefined, {
      key,
      month: month.toString(),
    }),
  );
}

/** The row in force for the key on the day, of the unit the rule expects; refused naming the key and month. */
export function lookUp(
  rates: RateLookup,
  key: string,
  day: Temporal.PlainDate,
  month: Temporal.PlainYearMonth,
  unit: Rate['unit'],
): Result<Rate> {
  const found = rates(key, day);
  if (!found.ok) return missingRate(key, month);
  if (found.value.unit !== unit) {
    return fail('ugyldige-satser', `Satsen ${key} skal have enheden ${unit}, ikke ${found.value.unit}`);
  }
  return found;
}

/** The HTF facts in force on the day, in Danish, their segment key, and the registrations read. */
export function htfFacts(
  input: MonthInput,
  day: Temporal.PlainDate,
): { facts: HtfFacts; text: string; key: string; used: Registration[] } {
  const inForce = inForceOn(input.registrations, day);
  const children = ofKind(inForce, 'barn').filter(
    (child) =>
      Temporal.PlainDate.compare(child.value.birthDate, day) <= 0 && ageOn(child.value.birthDate, day) < 18,
  );
  const home = latest(ofKind(inForce, 'hjemmeboende'));
  const civil = latest(ofKind(inForce, 'civilstand'));
  const civilStatus = civil?.value.kind === 'civilstand' ? civil.value.status : 'enlig';
  const age = ageOn(input.birthDate, day);
  const facts: HtfFacts = { age, children: children.length, livesAtHome: home !== undefined, civilStatus };
  const band = ageBand(age);
  const ageText = band === 'over30' ? 'fyldt 30 år' : band === '25_29' ? '25-29 år' : 'under 25 år';
  const childText = children.length === 1 ? '1 barn' : `${children.length} børn`;
  const text = `${ageText}, ${childText}, ${facts.livesAtHome ? 'hjemmeboende' : 'udeboende'}, ${civilStatus}${civil === undefined ? ' (ingen civilstand registreret)' : ''}`;
  return {
    facts,
    text,
    key: `${band}|${children.length}|${facts.livesAtHome}|${civilStatus}`,
    used: [...children, ...(home === undefined ? [] : [home]), ...(civil === undefined ? [] : [civil])],
  };
}

const decidedLabel: Partial<Record<BenefitType, string>> = {
  'saerlig-stoette': 'Særlig støtte',
  enkeltydelse: 'Enkeltydelse',
  'anden-ydelse': 'Anden ydelse',
  'personligt-tillaeg': 'Personligt tillæg',
  helbredstillaeg: 'Helbredstillæg',
};

function planDay(input: MonthInput, day: Temporal.PlainDate): Result<DayPlan> {
  const rule = ruleFor(input.benefit, day);
  switch (rule.kind) {
    case 'administration':
      return ok({ rule, facts: '', factKey: '', registrations: [], parts: [] });
    case 'ophaevet':
      return fail(
        'ydelse-gaelder-ikke',
        `${input.benefit === 'uddannelseshjaelp' ? 'Uddannelseshjælp' : 'Hjemrejseydelse'} er ophævet fra 1. juli 2025 og kan ikke udbetales for ${formatDanishDate(day)}; fra den dag gives kontanthjælp`,
        'ydelse',
      );
    case 'behovsbestemt': {
      const decided = latest(ofKind(inForceOn(input.registrations, day), 'bevilget-beloeb'));
      const label = decidedLabel[input.benefit] ?? input.benefit;
      if (decided?.value.kind !== 'bevilget-beloeb') {
        return fail(
          'registrering-mangler',
          `Der er ikke registreret et bevilget beløb for ${label.toLowerCase()} den ${formatDanishDate(day)}`,
          'registreringer',
        );
      }
      return ok({
        rule,
        facts: '',
        factKey: '',
        registrations: [],
        parts: [
          {
            code: input.benefit,
            label,
            category: `bevilget beløb, begrundelse: ${decided.value.reason}`,
            monthly: decided.value.monthly,
            count: 1,
            rate: null,
            decided,
          },
        ],
      });
    }
    case 'htf-gammel':
    case 'htf-ny': {
      const facts = htfFacts(input, day);
      let components: RatedComponent[];
      if (rule.kind === 'htf-gammel') {
        const old = oldSystemComponents(input.benefit, facts.facts, input.birthDate, input.conditions);
        if (!old.ok) return old;
        components = old.value;
      } else {
        components = newSystemComponents(facts.facts, input.conditions ?? {});
      }
      const parts: SegmentPart[] = [];
      for (const component of components) {
        const rate = lookUp(input.rates, component.key, day, input.month, 'md');
        if (!rate.ok) return rate;
        parts.push({
          code: component.code,
          label: component.label,
          category: component.category,
          monthly: rate.value.amount * component.count,
          count: component.count,
          rate: rate.value,
          decided: null,
        });
      }
      return ok({ rule, facts: facts.text, factKey: facts.key, registrations: facts.used, parts });
    }
  }
}

function signature(plan: DayPlan): string {
  const parts = plan.parts.map((part) =>
    [
      part.code,
      part.count,
      part.monthly,
      part.rate === null ? '' : `${part.rate.key}@${part.rate.from.toString()}`,
      part.decided?.id ?? '',
    ].join(':'),
  );
  return [plan.rule.id, plan.factKey, ...parts].join('|');
}

function coveredDays(grant: GrantPeriod, month: Temporal.PlainYearMonth): Temporal.PlainDate[] {
  const days: Temporal.PlainDate[] = [];
  for (let day = 1; day <= month.daysInMonth; day++) {
    const date = month.toPlainDate({ day });
    if (
      Temporal.PlainDate.compare(grant.from, date) <= 0 &&
      (grant.to === null || Temporal.PlainDate.compare(grant.to, date) >= 0)
    ) {
      days.push(date);
    }
  }
  return days;
}

/** The first and last day of the month the grant covers, or undefined when it covers none. */
export function coveredRange(
  grant: GrantPeriod,
  month: Temporal.PlainYearMonth,
): { first: Temporal.PlainDate; last: Temporal.PlainDate } | undefined {
  const { first: monthFirst, last: monthLast } = monthBounds(month);
  const first = Temporal.PlainDate.compare(grant.from, monthFirst) > 0 ? grant.from : monthFirst;
  const last =
    grant.to !== null && Temporal.PlainDate.compare(grant.to, monthLast) < 0 ? grant.to : monthLast;
  return Temporal.PlainDate.compare(first, last) <= 0 ? { first, last } : undefined;
}

function checkGrant(input: MonthInput): Result<void> {
  if (input.grant.to !== null && Temporal.PlainDate.compare(input.grant.to, input.grant.from) < 0) {
    return fail('ugyldig-periode', 'Bevillingens slutdato ligger før dens startdato', 'bevilling.til');
  }
  return ok(undefined);
}

/** Adds a day to the segments: it extends the last one when the plan is the same and the days adjoin. */
function extend(
  segments: Segment[],
  keys: string[],
  day: Temporal.PlainDate,
  days: number,
  plan: DayPlan,
): void {
  const key = signature(plan);
  const previous = segments.at(-1);
  if (previous !== undefined && keys.at(-1) === key && previous.to.add({ days: 1 }).equals(day)) {
    segments[segments.length - 1] = {
      ...previous,
      to: day.add({ days: days - 1 }),
      days: previous.days + days,
    };
    return;
  }
  segments.push({
    from: day,
    to: day.add({ days: days - 1 }),
    days,
    rule: plan.rule,
    facts: plan.facts,
    registrations: plan.registrations,
    parts: plan.parts,
  });
  keys.push(key);
}

/**
 * The month's segments worked out day by day: the definition `monthSegments` must agree with (a property
 * test compares them), kept for that.
 */
export function monthSegmentsByDay(input: MonthInput): Result<Segment[]> {
  const grant = checkGrant(input);
  if (!grant.ok) return grant;
  const segments: Segment[] = [];
  const keys: string[] = [];
  for (const day of coveredDays(input.grant, input.month)) {
    const plan = planDay(input, day);
    if (!plan.ok) return plan;
    extend(segments, keys, day, 1, plan.value);
  }
  return ok(segments);
}

/**
 * The days of the month on which what decides the amount may change: the registrations' first days and
 * the days after their last, the person's and the children's birthdays, the rule versions' first days, and
 * the days after the rate rows a plan used end. Between two of them every day has the same plan.
 */
function changeDays(
  input: MonthInput,
  first: Temporal.PlainDate,
  last: Temporal.PlainDate,
): Temporal.PlainDate[] {
  const days: Temporal.PlainDate[] = [];
  const add = (day: Temporal.PlainDate | null) => {
    if (
      day !== null &&
      Temporal.PlainDate.compare(day, first) > 0 &&
      Temporal.PlainDate.compare(day, last) <= 0
    )
      days.push(day);
  };
  // `first` and `last` lie in one month: only a birthday in that month can change the age within it.
  const birthdays = (birth: Temporal.PlainDate) => {
    if (birth.month !== first.month) return;
    // Age is whole years; a 29 February birthday counts from 1 March in other years, as ageOn does.
    const day = Temporal.PlainDate.from(
      { year: first.year, month: birth.month, day: birth.day },
      { overflow: 'constrain' },
    );
    add(day);
    add(day.add({ days: 1 }));
  };
  birthdays(input.birthDate);
  for (const registration of input.registrations) {
    add(registration.from);
    add(registration.to === null ? null : registration.to.add({ days: 1 }));
    if (registration.value.kind === 'barn') {
      add(registration.value.birthDate);
      birthdays(registration.value.birthDate);
    }
  }
  for (const version of versionsOf(input.benefit)) add(version.from);
  return days;
}

/**
 * The month's segments: consecutive days the grant covers on which the rule version, the facts and the rate
 * rows are the same. Their days sum to the days the grant covers in the month; the first error of any day
 * (a missing rate, a benefit that cannot be paid that day) is returned instead. A plan is worked out only on
 * the days something may change (`changeDays`, and where a used rate row ends), not on every day.
 */
export function monthSegments(input: MonthInput): Result<Segment[]> {
  const grant = checkGrant(input);
  if (!grant.ok) return grant;
  const covered = coveredRange(input.grant, input.month);
  if (covered === undefined) return ok([]);
  const { first, last } = covered;
  const candidates = changeDays(input, first, last);
  const segments: Segment[] = [];
  const keys: string[] = [];
  let day = first;
  while (Temporal.PlainDate.compare(day, last) <= 0) {
    const plan = planDay(input, day);
    if (!plan.ok) return plan;
    let next = last.add({ days: 1 });
    const later = (candidate: Temporal.PlainDate) => {
      if (Temporal.PlainDate.compare(candidate, day) > 0 && Temporal.PlainDate.compare(candidate, next) < 0)
        next = candidate;
    };
    candidates.forEach(later);
    for (const part of plan.value.parts) if (part.rate !== null) later(part.rate.to.add({ days: 1 }));
    extend(segments, keys, day, day.until(next).days, plan.value);
    day = next;
  }
  return ok(segments);
}

/** A rate row as an explanation stores it. */
export function usedRate(rate: Rate): UsedRate {
  return {
    key: rate.key,
    description: rate.description,
    amount: rate.amount,
    unit: rate.unit,
    from: rate.from.toString(),
    to: rate.to.toString(),
    reference: rate.reference,
    source: rate.source,
    sourceKind: rate.sourceKind,
  };
}

function period(from: Temporal.PlainDate, to: Temporal.PlainDate): string {
  return from.equals(to) ? formatDanishDate(from) : `${formatDanishDate(from)}-${formatDanishDate(to)}`;
}

function partText(part: SegmentPart): string {
  if (part.rate === null) return `${part.category}: ${formatDanishAmount(part.monthly)} pr. måned`;
  const rate = part.rate;
  const marker = rate.sourceKind === 'eksempel' ? ` (${exampleMarker})` : '';
  const count = part.count > 1 ? ` × ${part.count}` : '';
  return `${part.category}: ${rate.description} (${rate.key}, ${rate.reference}) ${formatDanishAmount(rate.amount)}${count} pr. måned${marker}`;
}

interface LineDraft {
  code: string;
  label: string;
  amount: Oere;
  rules: Set<string>;
  from: Temporal.PlainDate;
  to: Temporal.PlainDate;
  registrations: Map<string, UsedRegistration>;
  rates: Map<string, UsedRate>;
  steps: ExplanationStep[];
}

function explanationOf(draft: LineDraft): Explanation {
  const rates = [...draft.rates.values()];
  return {
    rule: [...draft.rules].join(', '),
    from: draft.from.toString(),
    to: draft.to.toString(),
    registrations: [...draft.registrations.values()],
    rates,
    steps: draft.steps,
    usesExampleRate: rates.some((rate) => rate.sourceKind === 'eksempel'),
  };
}

function linesOf(
  segments: readonly Segment[],
  month: Temporal.PlainYearMonth,
  explain: boolean,
): LineDraft[] {
  const total = daysInMonth(month.year, month.month);
  const drafts = new Map<string, LineDraft>();
  for (const segment of segments) {
    for (const part of segment.parts) {
      const amount = proRata(part.monthly, segment.days, total);
      let draft = drafts.get(part.code);
      if (draft === undefined) {
        draft = {
          code: part.code,
          label: part.label,
          amount: 0,
          rules: new Set(),
          from: segment.from,
          to: segment.to,
          registrations: new Map(),
          rates: new Map(),
          steps: [],
        };
        drafts.set(part.code, draft);
      }
      draft.amount += amount;
      draft.rules.add(segment.rule.id);
      draft.to = segment.to;
      if (!explain) continue;
      for (const registration of segment.registrations) {
        draft.registrations.set(registration.id, usedRegistration(registration));
      }
      if (part.decided !== null) draft.registrations.set(part.decided.id, usedRegistration(part.decided));
      if (part.rate !== null)
        draft.rates.set(`${part.rate.key}@${part.rate.from.toString()}`, usedRate(part.rate));
      const share = segment.days === total ? 'hele måneden' : `× ${segment.days}/${total} dage`;
      const facts = segment.facts === '' ? '' : ` [${segment.facts}]`;
      draft.steps.push({
        text: `${period(segment.from, segment.to)}${facts}: ${partText(part)}, ${share}`,
        amount,
      });
    }
  }
  for (const draft of drafts.values()) {
    if (draft.steps.length > 1) draft.steps.push({ text: `${draft.label} i alt`, amount: draft.amount });
  }
  return [...drafts.values()];
}

interface IncomeSetOff {
  readonly kind: 'arbejdsindtaegt' | 'aegtefaelle-arbejdsindtaegt';
  readonly code: string;
  readonly label: string;
  /** Whose income, in the explanation's first step: `Arbejdsindtægt`, `Ægtefælles/samlevers arbejdsindtægt`. */
  readonly whose: string;
}

const ownIncome: IncomeSetOff = {
  kind: 'arbejdsindtaegt',
  code: 'fradrag-arbejdsindtaegt',
  label: 'Fradrag for arbejdsindtægt',
  whose: 'Arbejdsindtægt',
};

const spouseIncome: IncomeSetOff = {
  kind: 'aegtefaelle-arbejdsindtaegt',
  code: 'fradrag-aegtefaelle-arbejdsindtaegt',
  label: 'Fradrag for ægtefælles/samlevers arbejdsindtægt',
  whose: 'Ægtefælles/samlevers arbejdsindtægt',
};

/** Whether the person is married or cohabiting on a day of the month the rule computed (§ 30, stk. 1). */
function hasSpouse(segments: readonly Segment[]): boolean {
  return segments.some((segment) =>
    segment.registrations.some(
      (registration) => registration.value.kind === 'civilstand' && registration.value.status !== 'enlig',
    ),
  );
}

/**
 * One person's income from work of the month set off against what is left of the help (`left`): the income
 * less the hourly disregard for at most 160 hours (§ 31, stk. 1: per person, so the applicant's and the
 * spouse's hours are counted apart), never more than is left. Undefined when none is registered.
 */
function incomeSetOff(
  input: MonthInput,
  segments: readonly Segment[],
  which: IncomeSetOff,
  left: Oere,
  note?: string,
): Result<BenefitLine | undefined> {
  const { first, last } = monthBounds(input.month);
  const incomes = ofKind(input.registrations, which.kind).filter((registration) =>
    inForceBetween(registration, first, last),
  );
  const firstSegment = segments[0];
  if (incomes.length === 0 || firstSegment === undefined) return ok(undefined);
  const rate = lookUp(input.rates, hourlyDisregardKey, firstSegment.from, input.month, 'time');
  if (!rate.ok) return rate;
  const income = incomes.reduce((sum, registration) => sum + registration.value.amount, 0);
  const hours = incomes.reduce((sum, registration) => sum + registration.value.hours, 0);
  const countedHours = Math.min(hours, maxDisregardHours);
  const disregard = proRata(rate.value.amount, Math.round(countedHours * 100), 100);
  const countable = Math.max(0, income - disregard);
  const deducted = Math.min(countable, left);
  const rules = new Set(segments.map((segment) => segment.rule.id));
  const amount = deducted === 0 ? 0 : -deducted;
  const marker = rate.value.sourceKind === 'eksempel' ? ` (${exampleMarker})` : '';
  const explain = input.explain !== false;
  const steps: ExplanationStep[] = !explain
    ? []
    : [
        { text: `${which.whose} i ${formatDanishMonth(input.month)}`, amount: income },
        {
          text: `Der ses bort fra ${formatHours(countedHours)} timer${hours > maxDisregardHours ? ` (højst ${maxDisregardHours} af ${formatHours(hours)} timer)` : ''} × ${formatDanishAmount(rate.value.amount)} pr. time (${rate.value.key}, ${rate.value.reference}; aktivloven § 31, stk. 1)${marker}`,
          amount: disregard,
        },
        { text: 'Indtægt der modregnes (ikke under 0)', amount: countable },
        { text: `Hjælp tilbage før modregning${note === undefined ? '' : ` (${note})`}`, amount: left },
        { text: 'Modregnet, højst hjælpen tilbage (aktivloven § 30, stk. 1)', amount },
      ];
  return ok({
    code: which.code,
    label: which.label,
    amount,
    explanation: {
      rule: [...rules].join(', '),
      from: firstSegment.from.toString(),
      to: (segments.at(-1) ?? firstSegment).to.toString(),
      registrations: explain ? incomes.map(usedRegistration) : [],
      rates: [usedRate(rate.value)],
      steps,
      usesExampleRate: rate.value.sourceKind === 'eksempel',
    },
  });
}

/**
 * The month's set-offs of income from work (aktivloven § 30, stk. 1): the applicant's own first, then, for
 * a person married or cohabiting (§§ 2 a-b) in the month, the spouse's against what is left. A spouse's
 * income registered for a month the person is single all of is not set off, and the line says so.
 */
function incomeSetOffs(input: MonthInput, segments: readonly Segment[], before: Oere): Result<BenefitLine[]> {
  const own = incomeSetOff(input, segments, ownIncome, before);
  if (!own.ok) return own;
  const lines = own.value === undefined ? [] : [own.value];
  const left = before + (own.value?.amount ?? 0);
  const married = hasSpouse(segments);
  const spouse = incomeSetOff(
    input,
    segments,
    spouseIncome,
    married ? left : 0,
    married
      ? civilNote(segments)
      : 'ikke registreret som gift eller samlevende i måneden: ægtefællens indtægt modregnes ikke',
  );
  if (!spouse.ok) return spouse;
  return ok(spouse.value === undefined ? lines : [...lines, spouse.value]);
}

/** The spouse's step note: when the spouse receives help too, the registered income is what is left of it. */
function civilNote(segments: readonly Segment[]): string | undefined {
  const onHelp = segments.some((segment) =>
    segment.registrations.some(
      (registration) => registration.value.kind === 'civilstand' && registration.value.spouseOnBenefit,
    ),
  );
  return onHelp
    ? 'ægtefællen/samleveren modtager også hjælp: det registrerede beløb er den del af indtægten, der ikke er modregnet i ægtefællens egen hjælp, aktivloven § 26, stk. 1'
    : undefined;
}

/**
 * The month's lines: one per part (the rate, each supplement, a decided amount) over its segments, then
 * for HTF the set-off of the month's income from work after the hourly disregard, never taking the month
 * below zero. Nothing for a month the grant does not cover, nor for `administration`.
 */
export function computeMonth(input: MonthInput): Result<BenefitLine[]> {
  const segments = monthSegments(input);
  if (!segments.ok) return segments;
  const drafts = linesOf(segments.value, input.month, input.explain !== false);
  const lines: BenefitLine[] = drafts.map((draft) => ({
    code: draft.code,
    label: draft.label,
    amount: draft.amount,
    explanation: explanationOf(draft),
  }));
  const isHtf = segments.value.some(
    (segment) => segment.rule.kind === 'htf-gammel' || segment.rule.kind === 'htf-ny',
  );
  if (!isHtf) return ok(lines);
  const before = lines.reduce((sum, line) => sum + line.amount, 0);
  const setOffs = incomeSetOffs(input, segments.value, before);
  if (!setOffs.ok) return setOffs;
  return ok([...lines, ...setOffs.value]);
}

/**
 * Every rate key any input may need for the family in the month (for a coverage check of the rates): the
 * categories and supplements of each rule version in force in the month, the hourly disregard and ATP
 * (HTF), the withholding without a tax card (every family that pays), the benefit cap (særlig støtte
 * until 30 Jun 2025) and the 225-hour rule's reductions (old-system HTF, 1 Apr 2016 - 30 Jun 2025).
 */
export function requiredRateKeys(benefit: BenefitType, month: Temporal.PlainYearMonth): string[] {
  const first = month.toPlainDate({ day: 1 });
  const last = month.toPlainDate({ day: month.daysInMonth });
  const keys = new Set<string>();
  for (const version of ruleVersions) {
    if (version.benefit !== benefit) continue;
    if (version.from !== null && Temporal.PlainDate.compare(version.from, last) > 0) continue;
    if (version.to !== null && Temporal.PlainDate.compare(version.to, first) < 0) continue;
    if (version.kind === 'htf-gammel') oldSystemKeys(benefit).forEach((key) => keys.add(key));
    if (version.kind === 'htf-ny') newSystemKeys().forEach((key) => keys.add(key));
    if (version.kind === 'htf-gammel' || version.kind === 'htf-ny') {
      keys.add(hourlyDisregardKey);
      Object.values(atpKeys).forEach((key) => keys.add(key));
    }
    // A decided 225-hour reduction lowers an old-system month by its year's amount (ADR 0025): a year
    // without one cannot reduce, and the coverage check names the missing row.
    if (
      version.kind === 'htf-gammel' &&
      Temporal.PlainDate.compare(hoursRulePeriod.from, last) <= 0 &&
      Temporal.PlainDate.compare(hoursRulePeriod.to, first) >= 0
    ) {
      Object.values(hoursRuleKeys).forEach((key) => keys.add(key));
    }
    // A month the rule computes is taxed; without a tax card at the withholding's rate (ADR 0020).
    if (version.kind !== 'ophaevet' && version.kind !== 'administration') keys.add(noTaxCardKey);
  }
  // Særlig støtte to a person on HTF in the cap's period is capped (ADR 0021).
  if (
    benefit === 'saerlig-stoette' &&
    Temporal.PlainDate.compare(benefitCapPeriod.from, last) <= 0 &&
    Temporal.PlainDate.compare(benefitCapPeriod.to, first) >= 0
  ) {
    benefitCapKeys.forEach((key) => keys.add(key));
  }
  return [...keys].sort();
}
