/** `ydelse person create|show`: the same use cases as the API, with the CLI's own option names in errors. */
import fs from 'node:fs';
import { localDate } from '../kernel/index.ts';
import {
  createPerson,
  getPerson,
  personView,
  type NewPersonInput,
  type PersonView,
} from '../persons/index.ts';
import type { Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';

export interface CreatePersonOptions {
  readonly cpr?: string;
  readonly navn?: string;
  readonly kommune?: string;
  readonly udland?: string;
  readonly fra?: string;
  readonly civilstand?: string;
  readonly aegtefaelle?: string;
  readonly cprAbonnement: boolean;
  readonly helbredskort: boolean;
  readonly json?: string;
}

const fieldNames: Readonly<Record<string, string>> = {
  cpr: '--cpr',
  name: '--navn',
  'residence.0.municipality': '--kommune',
  'residence.0.abroad': '--udland',
  'residence.0': '--kommune/--udland',
  'residence.0.from': '--fra',
  civilStatus: '--civilstand',
  spouse: '--aegtefaelle',
};

function inputFromOptions(options: CreatePersonOptions): NewPersonInput {
  return {
    cpr: options.cpr ?? '',
    name: options.navn ?? '',
    residence: [{ municipality: options.kommune, abroad: options.udland, from: options.fra ?? '' }],
    civilStatus: options.civilstand,
    spouse: options.aegtefaelle ?? null,
    cprSubscription: options.cprAbonnement,
    healthCard: options.helbredskort,
  };
}

/** Prints a person view as readable Danish lines. */
export function printPerson(io: Io, view: PersonView): void {
  const place = (r: PersonView['residence'][number] | NonNullable<PersonView['currentResidence']>): string =>
    'abroad' in r ? `udlandet (${r.abroad})` : `${r.municipality} ${r.municipalityName}`;
  io.out(`${view.cpr}  ${view.name}`);
  io.out(`  Civilstand: ${view.civilStatus}${view.spouse === null ? '' : ` (ægtefælle ${view.spouse})`}`);
  io.out(`  Bopæl nu: ${view.currentResidence === null ? 'ingen' : place(view.currentResidence)}`);
  io.out(
    `  CPR-abonnement: ${view.cprSubscription ? 'ja' : 'nej'}   Helbredskort: ${view.healthCard ? 'ja' : 'nej'}`,
  );
  io.out('  Bopælshistorik:');
  for (const entry of view.residence) io.out(`    fra ${entry.from}  ${place(entry)}`);
  for (const stay of view.institutionStays) io.out(`  Institutionsophold: ${stay.from} – ${stay.to ?? 'nu'}`);
  for (const a of view.administration)
    io.out(`  Administration (APØ): kommune ${a.municipality}, ${a.from} – ${a.to ?? 'nu'}`);
}

/** Creates a person from options or a JSON file (`-` for stdin); returns the exit code. */
export async function createPersonCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  options: CreatePersonOptions,
): Promise<number> {
  let input: NewPersonInput;
  if (options.json !== undefined) {
    try {
      input = JSON.parse(fs.readFileSync(options.json === '-' ? 0 : options.json, 'utf8')) as NewPersonInput;
    } catch (error) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: `Kan ikke læse JSON: ${error instanceof Error ? error.message : String(error)}`,
        field: '--json',
      });
    }
    if (
      typeof input !== 'object' ||
      typeof input.cpr !== 'string' ||
      typeof input.name !== 'string' ||
      !Array.isArray(input.residence)
    ) {
      return reportError(io, {
        code: 'ugyldigt-input',
        message: 'JSON skal have cpr, name og residence',
        field: '--json',
      });
    }
  } else {
    input = inputFromOptions(options);
  }
  const result = await createPerson(deps, actor, 'cli', input);
  if (!result.ok) return reportError(io, result.error, options.json === undefined ? fieldNames : {});
  printPerson(io, personView(result.value, localDate(deps.clock.now())));
  return 0;
}

/** Shows a person (logged in the access log with the purpose); `json` prints the API's JSON. */
export async function showPersonCommand(
  deps: Deps,
  actor: Actor,
  io: Io,
  cpr: string,
  options: { formaal: string; json: boolean },
): Promise<number> {
  const result = await getPerson(deps, actor, 'cli', cpr, options.formaal);
  if (!result.ok) return reportError(io, result.error, { cpr: 'CPR' });
  const view = personView(result.value, localDate(deps.clock.now()));
  if (options.json) io.out(JSON.stringify(view, null, 2));
  else printPerson(io, view);
  return 0;
}
