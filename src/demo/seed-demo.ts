/**
 * Demo data to click through: citizens in a handful of municipalities (København, Aarhus, Odense, Aalborg,
 * Frederiksberg) with the situations the rules care about, and half a year of history made the way the
 * system makes it. The story starts on 1 June 2026 (DEMO_START) on a simulated clock; between its events the
 * clock runs the real scheduled jobs (the 04:00 moves, the monthly run, the payout) through the handlers the
 * workers use, up to the real now. So a fresh start shows months computed and paid with their statements,
 * the UDK and NemKonto files, a move that transferred the duty with its follow-up tasks, a task stopped at
 * an undring, and every run up to now recorded as done, as the scheduler expects. The CPR numbers are
 * fictitious test numbers.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { determineActingManually } from '../acting-municipality/index.ts';
import {
  addRegistration,
  createCase,
  createDeduction,
  grantCase,
  listCasesWithGrants,
  type NewCaseInput,
  type NewDeductionInput,
} from '../cases/index.ts';
import {
  localDate,
  parseLocalDateTime,
  SimulatedClock,
  type MunicipalityCode,
  type Result,
} from '../kernel/index.ts';
import {
  anyPersonExists,
  createPerson,
  receiveAddressChange,
  type NewPersonInput,
} from '../persons/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import { occurrencesBetween } from '../platform/jobs/domain/schedule.ts';
import { runScheduledJob } from '../platform/jobs/run-job.ts';
import { jobHandlers, taskTypes } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { importRates, markDemoInstallation } from '../rates/index.ts';
import { createTaskCategory, startTask } from '../tasks/index.ts';

/** When the demo's history begins (Danish time): everything before it is the citizens' registered past. */
export const DEMO_START = '2026-06-01T09:00';

export const demoPersons: readonly NewPersonInput[] = [
  {
    cpr: '070362-1007',
    name: 'Karen Testesen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
    healthCard: true,
  },
  {
    cpr: '150571-1021',
    name: 'Jens Prøvesen',
    residence: [
      { municipality: '147', from: '2004-06-01' },
      { municipality: '101', from: '2010-03-01' },
    ],
    institutionStays: [{ from: '2024-09-01', to: null }],
  },
  {
    cpr: '120758-1042',
    name: 'Ole Afprøvning',
    residence: [{ municipality: '101', from: '2001-01-01' }],
    civilStatus: 'gift',
    spouse: '230860-1010',
    healthCard: true,
  },
  {
    cpr: '230860-1010',
    name: 'Grethe Afprøvning',
    residence: [{ municipality: '101', from: '2001-01-01' }],
    civilStatus: 'gift',
    spouse: '120758-1042',
  },
  {
    cpr: '230884-1084',
    name: 'Sofie Eksempel',
    residence: [
      { municipality: '751', from: '2012-08-01' },
      { abroad: 'SE', from: '2023-02-01' },
      { municipality: '751', from: '2024-05-15' },
    ],
  },
  {
    cpr: '191176-1021',
    name: 'Per Kontrol',
    residence: [{ municipality: '751', from: '2005-01-01' }],
    administration: [{ municipality: '751', from: '2023-01-01', to: null }],
  },
  { cpr: '050690-1014', name: 'Anna Før', residence: [{ municipality: '461', from: '2018-01-01' }] },
  {
    cpr: '280267-1000',
    name: 'Bo Efter',
    residence: [{ municipality: '461', from: '2018-01-01' }],
    civilStatus: 'skilt',
    cprSubscription: false,
  },
  { cpr: '010203-4005', name: 'Emma Ung', residence: [{ municipality: '851', from: '2003-02-01' }] },
  {
    cpr: '110945-1238',
    name: 'Henning Ældre',
    residence: [{ municipality: '851', from: '1975-04-01' }],
    civilStatus: 'enkemand',
    healthCard: true,
  },
];

interface DemoCase extends NewCaseInput {
  readonly cpr: string;
}

/** Granted cases (and one in preparation), each by the citizen's acting municipality, on DEMO_START. */
export const demoCases: readonly DemoCase[] = [
  {
    cpr: '070362-1007',
    benefit: 'personligt-tillaeg',
    municipality: '101',
    status: 'bevilget',
    from: '2025-01-01',
    monthly: '3100.00',
  },
  {
    cpr: '150571-1021',
    benefit: 'kontanthjaelp',
    municipality: '101',
    status: 'bevilget',
    from: '2024-09-01',
    monthly: '11500.00',
  },
  {
    cpr: '120758-1042',
    benefit: 'helbredstillaeg',
    municipality: '101',
    status: 'bevilget',
    from: '2023-03-01',
    monthly: '850.00',
  },
  {
    cpr: '191176-1021',
    benefit: 'kontanthjaelp',
    municipality: '751',
    status: 'bevilget',
    from: '2020-01-01',
    monthly: '11500.00',
  },
  {
    cpr: '050690-1014',
    benefit: 'personligt-tillaeg',
    municipality: '461',
    status: 'bevilget',
    from: '2025-01-01',
    monthly: '3100.00',
  },
  {
    cpr: '280267-1000',
    benefit: 'kontanthjaelp',
    municipality: '461',
    status: 'under-oplysning',
    from: '2026-01-01',
  },
  {
    cpr: '110945-1238',
    benefit: 'personligt-tillaeg',
    municipality: '851',
    status: 'bevilget',
    from: '2019-05-01',
    monthly: '2400.00',
  },
];

/** A standing deduction: its requests go to UDK with every monthly run. */
const demoDeductions: readonly (NewDeductionInput & { readonly cpr: string })[] = [
  { cpr: '191176-1021', kind: 'tilbagebetaling', municipality: '751', monthly: '500.00', from: '2025-01-01' },
];

/** Each demo municipality's own task categories (opgavekategorier), to sort the inbox by. */
const demoCategories = [
  { key: 'prioriteret', name: 'Prioriteret' },
  { key: 'afventer-borger', name: 'Afventer borger' },
  { key: 'til-kontrol', name: 'Til kontrol' },
];

/**
 * The demo's CPR messages use sequence numbers 1-3; the README's example file uses others, so importing
 * it on the demo works.
 */
export const demoSequences = [1, 2, 3] as const;

const caseworkerOf = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `demo-${municipality}`,
  municipality: municipality as MunicipalityCode,
  // The demo's staff set up the municipality (task categories) and work its cases.
  roles: ['sagsbehandler', 'systemansvarlig'],
});

function required(result: Result<unknown>, what: string): void {
  if (!result.ok) throw new Error(`Demodata for ${what} blev afvist: ${result.error.message}`);
}

function instant(local: string): Temporal.Instant {
  const parsed = parseLocalDateTime(local);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

type DemoDeps = Deps & { readonly clock: SimulatedClock };

/** One thing that happens in the demo's history, at a Danish local time; `created` holds the seed's citizens. */
interface DemoEvent {
  readonly at: string;
  readonly what: string;
  run(deps: DemoDeps, created: Set<string>): Promise<void>;
}

/** The citizens, their cases, deduction and categories, and København's manual period for Ole Afprøvning. */
async function registerCitizens(deps: DemoDeps, created: Set<string>): Promise<void> {
  for (const input of demoPersons) {
    const result = await createPerson(deps, systemActor('demo-data'), 'cli', input);
    if (result.ok) created.add(input.cpr);
    else if (result.error.code !== 'person-findes') required(result, input.cpr);
  }
  // Cases only for the citizens this seed creates: one already registered keeps what it has.
  for (const { cpr, ...input } of demoCases.filter((item) => created.has(item.cpr))) {
    required(await createCase(deps, caseworkerOf(input.municipality), 'cli', cpr, input), `sagen for ${cpr}`);
  }
  for (const { cpr, ...input } of demoDeductions.filter((item) => created.has(item.cpr))) {
    required(
      await createDeduction(deps, caseworkerOf(input.municipality), 'cli', cpr, input),
      `trækket for ${cpr}`,
    );
  }
  for (const municipality of new Set(demoCases.map((item) => item.municipality))) {
    for (const category of demoCategories) {
      const added = await createTaskCategory(deps, caseworkerOf(municipality), 'cli', category);
      if (!added.ok && added.error.code !== 'konflikt') required(added, `opgavekategorien ${category.key}`);
    }
  }
  // Ole stays København's while he is temporarily away: the manual period keeps the duty across his move.
  if (created.has('120758-1042')) {
    required(
      await determineActingManually(deps, caseworkerOf('101'), 'cli', '120758-1042', {
        action: 'opret',
        municipality: '101',
        from: '2026-06-01',
        to: null,
        reason: 'midlertidigt-ophold',
      }),
      'den manuelle handlekommune for 120758-1042',
    );
  }
}

function cprMove(sequence: number, cpr: string, municipality: string, date: (deps: DemoDeps) => string) {
  return async (deps: DemoDeps, created: Set<string>): Promise<void> => {
    if (!created.has(cpr)) return;
    required(
      await receiveAddressChange(deps, systemActor('cpr'), 'cli', {
        sequence,
        cpr,
        municipality,
        date: date(deps),
      }),
      `flytningen af ${cpr}`,
    );
  };
}

/** The demo's history, in time order; the jobs run between the events as the clock passes their times. */
export const demoStory: readonly DemoEvent[] = [
  { at: DEMO_START, what: 'borgere, sager og træk', run: registerCitizens },
  {
    // Granted from the 12th: August is paid pro rata, then whole months.
    at: '2026-08-10T10:00',
    what: 'Emma Ung får kontanthjælp i Aalborg',
    run: async (deps, created) => {
      if (!created.has('010203-4005')) return;
      required(
        await createCase(deps, caseworkerOf('851'), 'cli', '010203-4005', {
          benefit: 'kontanthjaelp',
          municipality: '851',
          status: 'bevilget',
          from: '2026-08-12',
          monthly: '7500.00',
        }),
        'sagen for 010203-4005',
      );
    },
  },
  {
    // A kontanthjælp computed by the rule from registrations and rates (the example rates for 2026), granted
    // from 17 August: the September run pays August late (efterbetaling) and September, each line with its
    // explanation on the case page. The grant ends with the year, the last month with rates.
    at: '2026-09-07T10:00',
    what: 'Odense bevilger Bo Efter kontanthjælp efter reglerne',
    run: async (deps, created) => {
      const cpr = '280267-1000';
      if (!created.has(cpr)) return;
      const odense = caseworkerOf('461');
      for (const input of [
        { kind: 'civilstand', from: '2026-01-01', civilStatus: 'enlig', spouseOnBenefit: false },
        { kind: 'barn', from: '2014-05-01', birthDate: '2014-05-01' },
        { kind: 'skattekort', from: '2026-01-01', taxRate: '37', monthlyAllowance: '4800.00' },
      ] as const) {
        required(await addRegistration(deps, odense, 'cli', cpr, input), `registreringen for ${cpr}`);
      }
      const cases = await listCasesWithGrants(deps, odense, 'cli', cpr, 'demo-data');
      const open = cases.ok ? cases.value.cases.find((c) => c.status === 'under-oplysning') : undefined;
      if (open === undefined) throw new Error(`Sagen for ${cpr} under oplysning findes ikke`);
      required(
        await grantCase(deps, odense, 'cli', open.id, {
          version: open.version,
          from: '2026-08-17',
          to: '2026-12-31',
          reason: 'Opfylder betingelserne for kontanthjælp',
        }),
        `bevillingen for ${cpr}`,
      );
    },
  },
  {
    // The 04:00 run on 5 October gives Frederiksberg the duty: København's case is closed, October's line
    // stopped, and København gets the follow-ups (the institution stay, the outstanding amounts).
    at: '2026-09-28T10:00',
    what: 'Jens Prøvesen flytter fra København til Frederiksberg',
    run: cprMove(1, '150571-1021', '147', () => '2026-10-05'),
  },
  {
    // København keeps the duty (the manual period), so "Registrer fraflytning" stops at its mandatory
    // undring about the spouse's CPR subscription at the old address.
    at: '2026-10-19T10:00',
    what: 'Ole Afprøvning flytter til Odense',
    run: cprMove(2, '120758-1042', '461', () => '2026-11-02'),
  },
  {
    at: '2026-11-23T10:00',
    what: 'København begynder to opgaver',
    run: async (deps, created) => {
      for (const cpr of ['070362-1007', '230860-1010'].filter((item) => created.has(item))) {
        const started = await startTask(deps, taskTypes, caseworkerOf('101'), 'cli', {
          type: 'bestem-handlekommune-manuelt',
          cpr,
        });
        required(started, `opgaven for ${cpr}`);
      }
    },
  },
];

/** A move CPR announces now, two weeks ahead: the 04:00 run of that day will effectuate it. */
const comingMove = cprMove(3, '050690-1014', '851', (deps) =>
  localDate(deps.clock.now()).add({ days: 14 }).toString(),
);

/**
 * Moves the demo's clock to `until`, running each scheduled job that falls due at its own instant, as the
 * worker would. An occurrence that already ran in this database (its jobs ran before the seed) is run again
 * for the demo's new data: the handlers are idempotent by their own keys, as for a run resumed after a crash.
 */
async function passTime(deps: DemoDeps, until: Temporal.Instant): Promise<void> {
  for (const occurrence of occurrencesBetween(deps.clock.now(), until)) {
    deps.clock.advanceTo(occurrence.at);
    const outcome = await runScheduledJob(deps, jobHandlers, occurrence);
    if (outcome === 'allerede-koert') {
      for (const handler of jobHandlers[occurrence.job]) await handler(deps, occurrence);
    }
  }
  deps.clock.advanceTo(until);
}

/** The rate files the demo loads: the sourced rates, and the example rates for its gaps when the file exists. */
export const demoRateFiles = ['satser.csv', 'eksempel.csv'].map((name) =>
  path.resolve(import.meta.dirname, '../../data/satser', name),
);

/**
 * Marks the installation as the demo, the only one that may hold example rates, and loads the rate files.
 * A file already loaded changes nothing.
 */
export async function loadDemoRates(deps: Deps, files: readonly string[] = demoRateFiles): Promise<void> {
  await markDemoInstallation(deps.db);
  for (const file of files.filter((name) => fs.existsSync(name))) {
    const loaded = await importRates(deps, systemActor('demo-data'), fs.readFileSync(file, 'utf8'), {
      replace: false,
    });
    required(loaded, `satserne i ${path.basename(file)}`);
  }
}

/**
 * Registers the demo citizens and plays their history up to now (the given clock's now); returns how many
 * citizens were created. Citizens already registered are left as they are, so a second seed creates
 * nothing; with `onlyIfEmpty`, nothing is done in a database that has citizens. Before the history the
 * installation is marked as the demo and its rates are loaded (see loadDemoRates).
 */
export async function seedDemo(deps: Deps, options: { onlyIfEmpty: boolean }): Promise<number> {
  if (options.onlyIfEmpty && (await anyPersonExists(deps.db))) return 0;
  const now = deps.clock.now();
  const start = instant(DEMO_START);
  const demo: DemoDeps = {
    db: deps.db,
    clock: new SimulatedClock(Temporal.Instant.compare(start, now) < 0 ? start : now),
  };
  await loadDemoRates(demo);
  const created = new Set<string>();
  for (const event of demoStory) {
    const at = instant(event.at);
    if (Temporal.Instant.compare(at, now) > 0) break;
    await passTime(demo, at);
    try {
      await event.run(demo, created);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`Demoens historik stoppede ved "${event.what}" (${event.at}): ${reason}`, {
        cause: error,
      });
    }
    if (created.size === 0) return 0;
  }
  await passTime(demo, now);
  await comingMove(demo, created);
  return created.size;
}
