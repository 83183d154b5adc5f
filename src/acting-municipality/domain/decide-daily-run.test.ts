import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { CountryCode, Cpr, MunicipalityCode, Residence } from '../../kernel/index.ts';
import { decideNewTask } from '../../tasks/index.ts';
import { moveTaskDefinition } from './task-types.ts';
import { decideActingMunicipality, manualPeriodHolds, type ManualPeriod } from './acting-rule.ts';
import {
  decideDailyRun,
  type DailyRunDecision,
  type PersonRunState,
  type PlannedLine,
  type ResidenceEntry,
} from './decide-daily-run.ts';

const d = (text: string) => Temporal.PlainDate.from(text);
const ym = (text: string) => Temporal.PlainYearMonth.from(text);
const code = (text: string) => text as MunicipalityCode;
const A = code('101');
const B = code('147');
const C = code('151');
const living = (municipality: MunicipalityCode): Residence => ({ kind: 'municipality', municipality });
const abroad = (country: string): Residence => ({ kind: 'abroad', country: country as CountryCode });
const spouse = '2308601010' as Cpr;

const settled: ResidenceEntry = { id: 'r0', from: d('2015-01-01'), residence: living(A), effectuated: true };

const base: PersonRunState = {
  cpr: '0703621007' as Cpr,
  healthCard: false,
  spouse: null,
  residences: [settled],
  manualPeriod: undefined,
  currentActing: A,
  plannedLines: [],
  openCases: [],
  activeDeductions: [],
  underAdministration: false,
  inInstitution: false,
};

/** The base citizen with a move (not yet effectuated) to `residence` on `from`. */
function moving(residence: Residence, from: string, change: Partial<PersonRunState> = {}): PersonRunState {
  return {
    ...base,
    ...change,
    residences: [...base.residences, { id: 'r1', from: d(from), residence, effectuated: false }],
  };
}

function manual(change: Partial<ManualPeriod> = {}): ManualPeriod {
  return {
    id: 'm1',
    municipality: C,
    from: d('2025-06-10'),
    to: null,
    reason: 'ophold-institution',
    registeredBy: A,
    started: false,
    ended: false,
    ...change,
  };
}

const types = (decision: DailyRunDecision) => decision.events.map((event) => event.type);
/** The tasks as the task engine opens them from the run's requests (the shell does this when writing). */
const decidedTasks = (decision: DailyRunDecision) =>
  decision.tasks.map((request) => {
    const opened = decideNewTask(moveTaskDefinition(request.type), request, {
      by: 'system:daglig-flytning',
      at: '2025-06-10T02:00:00Z',
      today: d('2025-06-10'),
    });
    if (!opened.ok) throw new Error(opened.error.message);
    return {
      type: request.type,
      municipality: request.municipality,
      status: opened.value.state.status,
      data: request.data,
    };
  });
const taskTypes = (decision: DailyRunDecision) =>
  decidedTasks(decision).map((task) => `${task.type}@${task.municipality}:${task.status}`);

/**
 * What the shell writes, as a pure function: residences effectuated, the manual period started or (when ended)
 * no longer open, the new acting municipality, stopped lines gone from the planned ones, closed cases gone
 * from the open ones and ended deductions with their new end.
 */
function apply(state: PersonRunState, decision: DailyRunDecision): PersonRunState {
  const period = state.manualPeriod;
  return {
    ...state,
    residences: state.residences.map((entry) =>
      decision.effectuate.includes(entry.id) ? { ...entry, effectuated: true } : entry,
    ),
    manualPeriod:
      period === undefined || decision.manualEnded !== undefined
        ? undefined
        : decision.manualStarted
          ? { ...period, started: true }
          : period,
    currentActing: decision.transfer === undefined ? state.currentActing : decision.transfer.to,
    plannedLines: state.plannedLines.filter((line) =>
      line.kind === 'udbetaling'
        ? !decision.stopPayments.includes(line.lineId)
        : !decision.stopDeductions.includes(line.lineId),
    ),
    openCases: state.openCases.filter((item) => !decision.closeCases.some((closed) => closed.id === item.id)),
    // An ended deduction is no longer active (its ended reason is set), as the run's state reads it.
    activeDeductions: state.activeDeductions.filter(
      (item) => !decision.endDeductions.some((ended) => ended.id === item.id),
    ),
  };
}

describe('the 04:00 run: CPR messages in any order (domain §2 point 1)', () => {
  it('a late move dated before a move already in force completes the history and moves nobody', () => {
    const state: PersonRunState = {
      ...base,
      currentActing: C,
      residences: [
        settled,
        { id: 'r1', from: d('2025-06-04'), residence: living(B), effectuated: false },
        { id: 'r2', from: d('2025-06-05'), residence: living(C), effectuated: true },
      ],
    };
    const decision = decideDailyRun(state, d('2025-06-10'));
    expect(decision).toMatchObject({ effectuate: ['r1'], transfer: undefined, events: [], tasks: [] });
  });

  it('a higher sequence number correcting an effectuated date moves the citizen from where the run put them', () => {
    const state: PersonRunState = {
      ...base,
      currentActing: B,
      residences: [
        settled,
        {
          id: 'r1',
          from: d('2025-06-05'),
          residence: living(C),
          effectuated: false,
          effectuatedAs: living(B),
        },
      ],
    };
    const decision = decideDailyRun(state, d('2025-06-10'));
    expect(decision.effectuate).toEqual(['r1']);
    expect(decision.transfer).toMatchObject({ from: B, to: C });
    expect(decision.events[0]).toMatchObject({ type: 'flytning-effektueret', data: { from: B, to: C } });
    expect(taskTypes(decision)).toContain(`registrer-fraflytning@${B}:afsluttet`);
  });
});

describe('the 04:00 run: moves', () => {
  it('a planned move that is not yet due changes nothing and asks to be looked at on its date', () => {
    const decision = decideDailyRun(moving(living(B), '2025-06-12'), d('2025-06-10'));
    expect(decision).toMatchObject({ effectuate: [], transfer: undefined, events: [], tasks: [] });
    expect(decision.nextReview?.toString()).toBe('2025-06-12');
  });

  it('a planned move is effectuated by the run on its date and the duty passes to the new municipality', () => {
    const decision = decideDailyRun(moving(living(B), '2025-06-10'), d('2025-06-10'));
    expect(decision.effectuate).toEqual(['r1']);
    expect(decision.transfer).toEqual({ from: A, to: B, reason: 'bopael' });
    expect(decision.events).toEqual([
      { type: 'flytning-effektueret', municipality: B, data: { from: A, to: B, moveDate: '2025-06-10' } },
      { type: 'handleansvar-overdraget', municipality: B, data: { from: A, to: B, reason: 'bopael' } },
    ]);
    expect(decision.nextReview).toBeNull();
  });

  it('a late move is effectuated by the next run, never back-dated: the grant ends the day before the run', () => {
    const state = moving(living(B), '2025-06-01', {
      openCases: [{ id: 'c1', municipality: A, from: d('2025-01-01'), to: null }],
    });
    const decision = decideDailyRun(state, d('2025-06-10'));
    expect(decision.effectuate).toEqual(['r1']);
    expect(decision.transfer?.to).toBe(B);
    expect(decision.closeCases.map((c) => String(c.grantTo))).toEqual(['2025-06-09']);
    expect(decision.events[0]?.data).toMatchObject({ moveDate: '2025-06-01' });
  });

  it('registrer-fraflytning is created for the old municipality on a move out and completes by itself', () => {
    const decision = decideDailyRun(moving(living(B), '2025-06-10'), d('2025-06-10'));
    expect(decidedTasks(decision)).toEqual([
      {
        type: 'registrer-fraflytning',
        municipality: A,
        status: 'afsluttet',
        data: { to: B, moveDate: '2025-06-10', dutyStays: false },
      },
    ]);
  });

  it('registrer-fraflytning completes by itself for a married citizen when the duty passes', () => {
    const decision = decideDailyRun(moving(living(B), '2025-06-10', { spouse }), d('2025-06-10'));
    expect(taskTypes(decision)).toEqual(['registrer-fraflytning@101:afsluttet']);
  });

  it('registrer-fraflytning stays open for the spouse subscriptions when a manual period keeps the duty', () => {
    const period = manual({ municipality: A, from: d('2025-01-01'), started: true });
    const decision = decideDailyRun(
      moving(living(B), '2025-06-10', { spouse, manualPeriod: period }),
      d('2025-06-10'),
    );
    expect(decision.transfer).toBeUndefined();
    expect(decision.tasks[0]?.facts).toEqual({ spouse });
    expect(decidedTasks(decision)).toEqual([
      {
        type: 'registrer-fraflytning',
        municipality: A,
        status: 'aaben',
        data: { to: B, moveDate: '2025-06-10', dutyStays: true },
      },
      {
        type: 'opfoelgning-tilflytning-uden-handleansvar',
        municipality: B,
        status: 'aaben',
        data: {
          manualPeriod: 'm1',
          municipality: A,
          from: '2025-01-01',
          to: null,
          reason: 'ophold-institution',
          registeredBy: A,
          moveDate: '2025-06-10',
        },
      },
    ]);
  });

  it('registrer-fraflytning completes by itself without a spouse even when a manual period keeps the duty', () => {
    const period = manual({ municipality: A, from: d('2025-01-01'), started: true });
    const decision = decideDailyRun(
      moving(living(B), '2025-06-10', { manualPeriod: period }),
      d('2025-06-10'),
    );
    expect(taskTypes(decision)).toEqual([
      'registrer-fraflytning@101:afsluttet',
      'opfoelgning-tilflytning-uden-handleansvar@147:aaben',
    ]);
  });

  it.each<[string, boolean, string[]]>([
    [
      'with a health card orders a new one (helbredskort-bestilt) but changes no duty',
      true,
      ['flytning-effektueret', 'helbredskort-bestilt'],
    ],
    ['without a health card only records the move', false, ['flytning-effektueret']],
  ])('a move within the same municipality %s', (_name, healthCard, events) => {
    const decision = decideDailyRun(moving(living(A), '2025-06-10', { healthCard }), d('2025-06-10'));
    expect(types(decision)).toEqual(events);
    expect(decision.transfer).toBeUndefined();
    expect(decision.tasks).toEqual([]);
  });

  it('a health card is ordered on a move to another municipality too, for the new municipality', () => {
    const decision = decideDailyRun(moving(living(B), '2025-06-10', { healthCard: true }), d('2025-06-10'));
    expect(decision.events.find((e) => e.type === 'helbredskort-bestilt')?.municipality).toBe(B);
  });

  it('a health card is ordered even when a manual period keeps the duty', () => {
    const period = manual({ municipality: A, from: d('2025-01-01'), started: true });
    const decision = decideDailyRun(
      moving(living(B), '2025-06-10', { healthCard: true, manualPeriod: period }),
      d('2025-06-10'),
    );
    expect(types(decision)).toContain('helbredskort-bestilt');
    expect(decision.transfer).toBeUndefined();
  });

  it('a move abroad ends the duty: nobody acts afterwards', () => {
    const decision = decideDailyRun(moving(abroad('SE'), '2025-06-10'), d('2025-06-10'));
    expect(decision.transfer).toEqual({ from: A, to: null, reason: 'udlandet' });
    expect(types(decision)).toEqual(['flytning-effektueret', 'handleansvar-ophoert']);
    expect(decision.events[0]).toMatchObject({ municipality: A, data: { from: A, to: 'udlandet:SE' } });
    expect(taskTypes(decision)).toEqual(['registrer-fraflytning@101:afsluttet']);
  });

  it('a return from abroad gives the new residence municipality the duty with nothing to stop', () => {
    const state: PersonRunState = {
      ...base,
      currentActing: null,
      residences: [
        { id: 'r0', from: d('2015-01-01'), residence: abroad('DE'), effectuated: true },
        { id: 'r1', from: d('2025-06-10'), residence: living(B), effectuated: false },
      ],
    };
    const decision = decideDailyRun(state, d('2025-06-10'));
    expect(decision.transfer).toEqual({ from: null, to: B, reason: 'bopael' });
    expect(decision.tasks).toEqual([]);
    expect(decision.events.at(-1)).toEqual({
      type: 'handleansvar-overdraget',
      municipality: B,
      data: { from: null, to: B, reason: 'bopael' },
    });
  });
});

describe('the 04:00 run: manual acting municipality', () => {
  it('a manual period handing the duty over starts on its first day; the chosen municipality gets a follow-up', () => {
    const period = manual({ to: d('2025-08-31') });
    const decision = decideDailyRun({ ...base, manualPeriod: period }, d('2025-06-10'));
    expect(decision.manualStarted).toBe(true);
    expect(decision.transfer).toEqual({ from: A, to: C, reason: 'manuel' });
    expect(taskTypes(decision)).toEqual(['opfoelgning-modtaget-handleansvar@151:aaben']);
    expect(decision.nextReview?.toString()).toBe('2025-09-01');
  });

  it('a manual period keeping the duty with the registering municipality starts without a transfer or follow-up', () => {
    const decision = decideDailyRun({ ...base, manualPeriod: manual({ municipality: A }) }, d('2025-06-10'));
    expect(decision.manualStarted).toBe(true);
    expect(decision.transfer).toBeUndefined();
    expect(decision.tasks).toEqual([]);
  });

  it('a coming manual period does not start before its first day', () => {
    const decision = decideDailyRun({ ...base, manualPeriod: manual() }, d('2025-06-09'));
    expect(decision).toMatchObject({ manualStarted: false, transfer: undefined, tasks: [], events: [] });
    expect(decision.nextReview?.toString()).toBe('2025-06-10');
  });

  it('a running manual period holds: a run in the middle changes nothing', () => {
    const period = manual({ started: true, to: d('2025-08-31') });
    const decision = decideDailyRun({ ...base, currentActing: C, manualPeriod: period }, d('2025-07-01'));
    expect(decision).toMatchObject({
      manualStarted: false,
      manualEnded: undefined,
      transfer: undefined,
      events: [],
      tasks: [],
    });
  });

  it('a move between Danish municipalities does not move the duty while a manual period holds', () => {
    const period = manual({ started: true });
    const decision = decideDailyRun(
      moving(living(B), '2025-07-01', { currentActing: C, manualPeriod: period }),
      d('2025-07-01'),
    );
    expect(decision.transfer).toBeUndefined();
    expect(taskTypes(decision)).toEqual([
      'registrer-fraflytning@101:afsluttet',
      'opfoelgning-tilflytning-uden-handleansvar@147:aaben',
    ]);
  });

  it('no opfoelgning-tilflytning-uden-handleansvar when the citizen moves into the chosen municipality', () => {
    const period = manual({ started: true });
    const decision = decideDailyRun(
      moving(living(C), '2025-07-01', { currentActing: C, manualPeriod: period }),
      d('2025-07-01'),
    );
    expect(taskTypes(decision)).toEqual(['registrer-fraflytning@101:afsluttet']);
  });

  it('when the manual period ends the duty passes to the residence municipality of that moment', () => {
    const period = manual({ started: true, to: d('2025-08-31') });
    const state = moving(living(B), '2025-07-01', { currentActing: C, manualPeriod: period });
    const decision = decideDailyRun(
      { ...state, residences: state.residences.map((r) => ({ ...r, effectuated: true })) },
      d('2025-09-01'),
    );
    expect(decision.manualEnded?.to?.toString()).toBe('2025-08-31');
    expect(decision.transfer).toEqual({ from: C, to: B, reason: 'bopael' });
    expect(types(decision)).toEqual(['manuel-handlekommune-udloebet', 'handleansvar-overdraget']);
    expect(decision.tasks).toEqual([]);
    expect(decision.nextReview).toBeNull();
  });

  it('a move abroad ends the duty even during a manual period, and ends the period the day before', () => {
    const period = manual({ municipality: A, from: d('2025-01-01'), started: true });
    const decision = decideDailyRun(
      moving(abroad('SE'), '2025-06-10', { manualPeriod: period }),
      d('2025-06-10'),
    );
    expect(decision.manualEnded?.to?.toString()).toBe('2025-06-09');
    expect(decision.transfer).toEqual({ from: A, to: null, reason: 'udlandet' });
    expect(types(decision)).toEqual([
      'manuel-handlekommune-standset',
      'flytning-effektueret',
      'handleansvar-ophoert',
    ]);
    expect(decision.events[0]?.data).toMatchObject({ grund: 'udlandet', manualPeriod: 'm1' });
    expect(decision.nextReview).toBeNull();
  });

  it('a manual period handed over to another municipality ends on a move abroad and that municipality loses the duty', () => {
    const period = manual({ from: d('2025-01-01'), started: true });
    const decision = decideDailyRun(
      moving(abroad('NO'), '2025-06-10', {
        currentActing: C,
        manualPeriod: period,
        openCases: [{ id: 'c1', municipality: C, from: d('2025-01-01'), to: null }],
      }),
      d('2025-06-10'),
    );
    expect(decision.transfer).toEqual({ from: C, to: null, reason: 'udlandet' });
    expect(decision.closeCases).toEqual([{ id: 'c1', grantTo: d('2025-06-09') }]);
  });
});

describe('the 04:00 run: what the old acting municipality loses on a transfer', () => {
  const line = (
    lineId: string,
    kind: PlannedLine['kind'],
    municipality: MunicipalityCode,
    planned: number,
    ownerId = lineId,
  ): PlannedLine => ({
    lineId,
    kind,
    ownerId,
    municipality,
    period: ym('2025-07'),
    planned,
  });
  const state = moving(living(B), '2025-07-10', {
    plannedLines: [
      line('p1', 'udbetaling', A, 310000, 'c1'),
      line('t1', 'traek', A, 31000, 'd1'),
      line('p9', 'udbetaling', B, 500000, 'c9'),
    ],
    openCases: [
      { id: 'c1', municipality: A, from: d('2025-01-01'), to: null },
      { id: 'c2', municipality: A, from: d('2025-01-01'), to: d('2025-07-05') },
      { id: 'c3', municipality: A, from: d('2025-01-01'), to: d('2025-12-31') },
      { id: 'c4', municipality: A, from: d('2025-07-10'), to: d('2025-09-30') },
      { id: 'c5', municipality: A, from: d('2025-08-01'), to: null },
      { id: 'c6', municipality: A, from: d('2025-07-09'), to: null },
      { id: 'c9', municipality: B, from: d('2025-01-01'), to: null },
    ],
    activeDeductions: [
      { id: 'd1', municipality: A, from: d('2025-01-01'), to: null },
      { id: 'd2', municipality: A, from: d('2025-01-01'), to: d('2025-06-30') },
      { id: 'd3', municipality: A, from: d('2025-01-01'), to: d('2025-12-31') },
      { id: 'd4', municipality: A, from: d('2025-01-01'), to: d('2025-07-10') },
      { id: 'd5', municipality: A, from: d('2025-08-01'), to: null },
      { id: 'd9', municipality: B, from: d('2025-01-01'), to: null },
    ],
  });
  const decision = decideDailyRun(state, d('2025-07-10'));

  it('only the planned lines of the old municipality are stopped', () => {
    expect(decision.stopPayments).toEqual(['p1']);
    expect(decision.stopDeductions).toEqual(['t1']);
  });

  it("the old municipality's cases are closed with the grant ending d − 1; an earlier grant end is kept; a grant starting on d or later keeps its end", () => {
    expect(decision.closeCases.map((c) => [c.id, String(c.grantTo)])).toEqual([
      ['c1', '2025-07-09'],
      ['c2', '2025-07-05'],
      ['c3', '2025-07-09'],
      ['c4', '2025-09-30'],
      ['c5', 'null'],
      ['c6', '2025-07-09'],
    ]);
  });

  it("the old municipality's running deductions end d − 1; one that ended before is left alone; one starting later keeps its end", () => {
    expect(decision.endDeductions.map((x) => [x.id, String(x.to)])).toEqual([
      ['d1', '2025-07-09'],
      ['d3', '2025-07-09'],
      ['d4', '2025-07-09'],
      ['d5', 'null'],
    ]);
  });

  it('the stopped items give ydelser-og-traek-standset with the outstanding calculation and a follow-up task', () => {
    const data = {
      items: [
        { kind: 'udbetaling', case: 'c1', period: '2025-07', planned: '3100.00', share: '900.00' },
        { kind: 'traek', deduction: 'd1', period: '2025-07', planned: '310.00', share: '90.00' },
      ],
      total: '810.00',
    };
    expect(decision.events).toContainEqual({ type: 'ydelser-og-traek-standset', municipality: A, data });
    expect(decidedTasks(decision)).toContainEqual({
      type: 'opfoelgning-oekonomiske-udestaaender',
      municipality: A,
      status: 'aaben',
      data,
    });
  });

  it('nothing stopped gives neither ydelser-og-traek-standset nor opfoelgning-oekonomiske-udestaaender', () => {
    const quiet = decideDailyRun(moving(living(B), '2025-07-10'), d('2025-07-10'));
    expect(types(quiet)).not.toContain('ydelser-og-traek-standset');
    expect(taskTypes(quiet)).toEqual(['registrer-fraflytning@101:afsluttet']);
  });

  it.each<[string, Partial<PersonRunState>, string[]]>([
    ['under administration (APØ)', { underAdministration: true }, ['opfoelgning-administration@101:aaben']],
    [
      'with an active institution stay',
      { inInstitution: true },
      ['opfoelgning-institutionsophold@101:aaben'],
    ],
    [
      'with both',
      { underAdministration: true, inInstitution: true },
      ['opfoelgning-administration@101:aaben', 'opfoelgning-institutionsophold@101:aaben'],
    ],
  ])('a citizen %s gives the old municipality a follow-up task', (_name, change, follow) => {
    const moved = decideDailyRun(moving(living(B), '2025-07-10', change), d('2025-07-10'));
    expect(taskTypes(moved)).toEqual(['registrer-fraflytning@101:afsluttet', ...follow]);
  });

  it('APØ and institution stays give no follow-up when the duty does not pass', () => {
    const stay = decideDailyRun(
      moving(living(A), '2025-07-10', { underAdministration: true, inInstitution: true }),
      d('2025-07-10'),
    );
    expect(stay.tasks).toEqual([]);
  });

  it('opfoelgning-modtaget-handleansvar only when another municipality was chosen, not on a plain move', () => {
    expect(taskTypes(decision).some((t) => t.startsWith('opfoelgning-modtaget-handleansvar'))).toBe(false);
  });
});

// Generated citizens: a settled residence, up to three coming or late moves, maybe a manual period, and
// planned lines, cases and deductions of a few municipalities, around the start date.
const start = d('2025-03-01');
const pool = [A, B, C, code('153')] as const;
const anyMunicipality = fc.constantFrom(...pool);
const anyResidence: fc.Arbitrary<Residence> = fc.oneof(
  { weight: 4, arbitrary: anyMunicipality.map(living) },
  { weight: 1, arbitrary: fc.constantFrom('SE', 'DE').map(abroad) },
);
const offset = (days: number) => start.add({ days });

const anyState: fc.Arbitrary<PersonRunState> = fc
  .record({
    healthCard: fc.boolean(),
    married: fc.boolean(),
    settledIn: anyResidence,
    moves: fc.uniqueArray(fc.record({ day: fc.integer({ min: -10, max: 60 }), residence: anyResidence }), {
      maxLength: 3,
      selector: (move) => move.day,
    }),
    manual: fc.option(
      fc.record({
        municipality: anyMunicipality,
        registeredBy: anyMunicipality,
        from: fc.integer({ min: -10, max: 60 }),
        length: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      }),
      { nil: undefined },
    ),
    lines: fc.array(
      fc.record({
        kind: fc.constantFrom('udbetaling' as const, 'traek' as const),
        municipality: anyMunicipality,
        month: fc.integer({ min: 0, max: 2 }),
        planned: fc.integer({ min: 0, max: 2_000_000 }),
      }),
      { maxLength: 5 },
    ),
    cases: fc.array(
      fc.record({
        municipality: anyMunicipality,
        // Some start after the run dates: a grant or deduction that starts after the transfer.
        from: fc.integer({ min: -60, max: 80 }),
        length: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
      }),
      { maxLength: 3 },
    ),
    deductions: fc.array(
      fc.record({
        municipality: anyMunicipality,
        // Some start after the run dates: a grant or deduction that starts after the transfer.
        from: fc.integer({ min: -60, max: 80 }),
        length: fc.option(fc.integer({ min: 0, max: 90 }), { nil: null }),
      }),
      { maxLength: 3 },
    ),
    underAdministration: fc.boolean(),
    inInstitution: fc.boolean(),
  })
  .map((g): PersonRunState => {
    const moves = [...g.moves].sort((x, y) => x.day - y.day);
    const manualPeriod: ManualPeriod | undefined =
      g.manual === undefined
        ? undefined
        : {
            id: 'm1',
            municipality: g.manual.municipality,
            registeredBy: g.manual.registeredBy,
            from: offset(g.manual.from),
            to: g.manual.length === null ? null : offset(g.manual.from + g.manual.length),
            reason: 'midlertidigt-ophold',
            // A period whose first day lies before the start has been started by an earlier run.
            started: g.manual.from < 0 && g.settledIn.kind === 'municipality',
            ended: false,
          };
    const settledIn = g.settledIn.kind === 'municipality' ? g.settledIn.municipality : null;
    return {
      cpr: '0703621007' as Cpr,
      healthCard: g.healthCard,
      spouse: g.married ? spouse : null,
      residences: [
        { id: 'r0', from: d('2015-01-01'), residence: g.settledIn, effectuated: true },
        ...moves.map((move, index) => ({
          id: `r${index + 1}`,
          from: offset(move.day),
          residence: move.residence,
          effectuated: false,
        })),
      ],
      manualPeriod,
      currentActing: manualPeriod?.started === true ? manualPeriod.municipality : settledIn,
      plannedLines: g.lines.map((line, index) => ({
        lineId: `l${index}`,
        kind: line.kind,
        ownerId: `o${index}`,
        municipality: line.municipality,
        period: ym('2025-03').add({ months: line.month }),
        planned: line.planned,
      })),
      openCases: g.cases.map((item, index) => ({
        id: `c${index}`,
        municipality: item.municipality,
        from: offset(item.from),
        to: item.length === null ? null : offset(item.from + item.length),
      })),
      activeDeductions: g.deductions.map((item, index) => ({
        id: `d${index}`,
        municipality: item.municipality,
        from: offset(item.from),
        to: item.length === null ? null : offset(item.from + item.length),
      })),
      underAdministration: g.underAdministration,
      inInstitution: g.inInstitution,
    };
  });
const earlierOf = (a: Temporal.PlainDate, b: Temporal.PlainDate) =>
  Temporal.PlainDate.compare(a, b) < 0 ? a : b;
const anyRunDate = fc.integer({ min: -5, max: 70 }).map(offset);

/** Who must act after the run of `date` by the rule: the residence in force, and the manual period still open. */
function actingByRule(state: PersonRunState, date: Temporal.PlainDate): MunicipalityCode | null {
  const residence = state.residences
    .filter((entry) => Temporal.PlainDate.compare(entry.from, date) <= 0)
    .at(-1)?.residence;
  if (residence === undefined) throw new Error('no residence');
  const period = state.manualPeriod;
  return decideActingMunicipality(
    residence,
    period !== undefined && manualPeriodHolds(period, date) ? period : undefined,
  );
}

describe('the 04:00 run: properties', () => {
  it('rerunning the same date on the state the first run left yields no events, tasks or transfer', () => {
    fc.assert(
      fc.property(anyState, anyRunDate, (state, date) => {
        const first = decideDailyRun(state, date);
        const again = decideDailyRun(apply(state, first), date);
        expect(again).toMatchObject({
          effectuate: [],
          manualStarted: false,
          manualEnded: undefined,
          transfer: undefined,
          stopPayments: [],
          stopDeductions: [],
          closeCases: [],
          endDeductions: [],
          events: [],
          tasks: [],
        });
      }),
      { numRuns: 500 },
    );
  });

  it('the next review is none or a date after the run', () => {
    fc.assert(
      fc.property(anyState, anyRunDate, (state, date) => {
        const next = decideDailyRun(state, date).nextReview;
        if (next !== null) expect(Temporal.PlainDate.compare(next, date)).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('every stopped line, closed case and ended deduction belonged to the old acting municipality, and all its planned lines stop', () => {
    fc.assert(
      fc.property(anyState, anyRunDate, (state, date) => {
        const decision = decideDailyRun(state, date);
        const old = decision.transfer?.from;
        const stopped = [...decision.stopPayments, ...decision.stopDeductions];
        const ownedBy = (municipality: MunicipalityCode | null | undefined) =>
          state.plannedLines.filter((line) => line.municipality === municipality);
        if (decision.transfer === undefined || old === null) {
          expect(stopped).toEqual([]);
          expect(decision.closeCases).toEqual([]);
          expect(decision.endDeductions).toEqual([]);
          return;
        }
        expect(stopped.sort()).toEqual(
          ownedBy(old)
            .map((line) => line.lineId)
            .sort(),
        );
        const lastDay = date.subtract({ days: 1 });
        for (const closed of decision.closeCases) {
          const item = state.openCases.find((c) => c.id === closed.id);
          expect(item?.municipality).toBe(old);
          if (item === undefined) continue;
          if (Temporal.PlainDate.compare(item.from, lastDay) > 0) expect(closed.grantTo).toEqual(item.to);
          else
            expect(closed.grantTo?.equals(item.to === null ? lastDay : earlierOf(item.to, lastDay))).toBe(
              true,
            );
        }
        for (const ended of decision.endDeductions) {
          const item = state.activeDeductions.find((x) => x.id === ended.id);
          expect(item?.municipality).toBe(old);
          if (item === undefined) continue;
          if (Temporal.PlainDate.compare(item.from, lastDay) > 0) expect(ended.to).toEqual(item.to);
          else expect(ended.to?.equals(lastDay)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a person never has two acting municipalities at one instant: day by day, each run moves the duty to exactly one place', () => {
    fc.assert(
      fc.property(anyState, (initial) => {
        let state = initial;
        let review: Temporal.PlainDate | null = start;
        for (
          let date = start;
          Temporal.PlainDate.compare(date, offset(75)) <= 0;
          date = date.add({ days: 1 })
        ) {
          const before = state.currentActing;
          if (review !== null && Temporal.PlainDate.compare(review, date) <= 0) {
            const decision = decideDailyRun(state, date);
            const handovers = decision.events.filter(
              (e) => e.type === 'handleansvar-overdraget' || e.type === 'handleansvar-ophoert',
            );
            if (decision.transfer === undefined) {
              expect(handovers).toEqual([]);
            } else {
              expect(decision.transfer.from).toBe(before);
              expect(decision.transfer.to).not.toBe(before);
              expect(handovers).toHaveLength(1);
            }
            state = apply(state, decision);
            expect(state.currentActing).toBe(decision.transfer === undefined ? before : decision.transfer.to);
            review = decision.nextReview;
          }
          // Also on the days the run skips, the one acting municipality is the one the rule gives.
          expect(state.currentActing).toBe(actingByRule(state, date));
        }
      }),
      { numRuns: 300 },
    );
  });
});
