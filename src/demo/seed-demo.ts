/**
 * Demo data to click through: citizens in a handful of municipalities (København, Aarhus, Odense, Aalborg; one moved from
 * Frederiksberg) with the situations the rules care about. The CPR numbers are fictitious test numbers.
 * Most have a granted case with its planned monthly line, so the monthly run has work to do.
 */
import type { MunicipalityCode, Result } from '../kernel/index.ts';
import { createCase, createDeduction, type NewCaseInput, type NewDeductionInput } from '../cases/index.ts';
import { localDate } from '../kernel/index.ts';
import {
  anyPersonExists,
  createPerson,
  receiveAddressChange,
  type NewPersonInput,
} from '../persons/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import { taskTypes } from '../platform/system.ts';
import { createTaskCategory, startTask } from '../tasks/index.ts';
import type { Deps } from '../platform/use-case.ts';

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

/** Granted cases (and one standing deduction), each by the citizen's acting municipality. */
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
 * Jens Prøvesen moves from København to Frederiksberg today: the next 04:00 run effectuates it and gives
 * København its follow-up tasks (his institution stay, the stopped payment) in the inbox.
 */
const demoMove = { sequence: 1, cpr: '150571-1021', municipality: '147' };

/** Tasks København's caseworkers have started and not finished, so the inbox has work in it. */
const demoStartedTasks = ['070362-1007', '120758-1042'];

const caseworkerOf = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: 'demo-data',
  municipality: municipality as MunicipalityCode,
});

function required(result: Result<unknown>, what: string): void {
  if (!result.ok) throw new Error(`Demodata for ${what} blev afvist: ${result.error.message}`);
}

/**
 * Registers the demo citizens, their cases and deductions; returns how many citizens were created (none if
 * the database already has people).
 */
export async function seedDemo(deps: Deps, options: { onlyIfEmpty: boolean }): Promise<number> {
  if (options.onlyIfEmpty && (await anyPersonExists(deps.db))) return 0;
  // Cases only for the citizens this seed creates: one already registered keeps what it has.
  const created = new Set<string>();
  for (const input of demoPersons) {
    const result = await createPerson(deps, systemActor('demo-data'), 'cli', input);
    if (result.ok) created.add(input.cpr);
    else if (result.error.code !== 'person-findes') required(result, input.cpr);
  }
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
  if (created.has(demoMove.cpr)) {
    const now = deps.clock.now();
    required(
      await receiveAddressChange(deps, systemActor('cpr'), 'cli', {
        ...demoMove,
        date: localDate(now).toString(),
      }),
      `flytningen af ${demoMove.cpr}`,
    );
  }
  for (const cpr of demoStartedTasks.filter((item) => created.has(item))) {
    const started = await startTask(deps, taskTypes, caseworkerOf('101'), 'cli', {
      type: 'bestem-handlekommune-manuelt',
      cpr,
    });
    required(started, `opgaven for ${cpr}`);
  }
  return created.size;
}
