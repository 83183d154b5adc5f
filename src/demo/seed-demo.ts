/**
 * Demo data to click through: citizens in a handful of municipalities (København, Aarhus, Odense, Aalborg; one moved from
 * Frederiksberg) with the situations the rules care about. The CPR numbers are fictitious test numbers.
 * Cases and payments join the demo when the contexts that hold them are built.
 */
import { createPerson, type NewPersonInput } from '../persons/index.ts';
import { anyPersonExists } from '../persons/index.ts';
import { systemActor } from '../platform/actor.ts';
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

/** Registers the demo citizens; returns how many were created (none if the database already has people). */
export async function seedDemo(deps: Deps, options: { onlyIfEmpty: boolean }): Promise<number> {
  if (options.onlyIfEmpty && (await anyPersonExists(deps.db))) return 0;
  let created = 0;
  for (const input of demoPersons) {
    const result = await createPerson(deps, systemActor('demo-data'), 'cli', input);
    if (result.ok) created += 1;
    else if (result.error.code !== 'person-findes') {
      throw new Error(`Demodata for ${input.cpr} blev afvist: ${result.error.message}`);
    }
  }
  return created;
}
