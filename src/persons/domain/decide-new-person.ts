/**
 * Validates a new citizen from plain input (API body, CLI flags, scenario file) into PersonData, naming the
 * field at fault in Danish. Every entry point uses this one function, so they refuse the same things.
 */
import { Temporal } from 'temporal-polyfill';
import {
  checkText,
  quoted,
  fail,
  inField,
  ok,
  parseCountryCode,
  parseCpr,
  parseDate,
  parseMunicipalityCode,
  type Cpr,
  type Residence,
  type Result,
} from '../../kernel/index.ts';
import {
  civilStatuses,
  statusesWithSpouse,
  type AdministrationPeriod,
  type CivilStatus,
  type DatePeriod,
  type PersonData,
  type ResidencePeriod,
} from './person.ts';
import { periodsOverlap } from './residence.ts';

export interface ResidenceInput {
  readonly municipality?: string | undefined;
  readonly abroad?: string | undefined;
  readonly from: string;
}

export interface PeriodInput {
  readonly from: string;
  readonly to?: string | null | undefined;
}

export interface NewPersonInput {
  readonly cpr: string;
  readonly name: string;
  readonly residence: readonly ResidenceInput[];
  readonly civilStatus?: string | undefined;
  readonly spouse?: string | null | undefined;
  readonly cprSubscription?: boolean | undefined;
  readonly healthCard?: boolean | undefined;
  readonly institutionStays?: readonly PeriodInput[] | undefined;
  readonly administration?: readonly (PeriodInput & { readonly municipality: string })[] | undefined;
}

const MAX_NAME_LENGTH = 200;

/** Validates the input into a new person's data; `today` bounds the residence history. */
export function decideNewPerson(input: NewPersonInput, today: Temporal.PlainDate): Result<PersonData> {
  const cpr = inField(parseCpr(input.cpr), 'cpr');
  if (!cpr.ok) return cpr;
  const name = parseName(input.name);
  if (!name.ok) return name;
  const civilStatus = parseCivilStatus(input.civilStatus ?? 'ugift');
  if (!civilStatus.ok) return civilStatus;
  const spouse = parseSpouse(input.spouse ?? null, civilStatus.value, cpr.value.cpr);
  if (!spouse.ok) return spouse;
  const residence = parseResidenceHistory(input.residence, today);
  if (!residence.ok) return residence;
  const stays = parsePeriods(input.institutionStays ?? [], 'institutionStays');
  if (!stays.ok) return stays;
  const administration = parseAdministration(input.administration ?? []);
  if (!administration.ok) return administration;
  return ok({
    cpr: cpr.value.cpr,
    name: name.value,
    civilStatus: civilStatus.value,
    spouse: spouse.value,
    cprSubscription: input.cprSubscription ?? true,
    healthCard: input.healthCard ?? false,
    residence: residence.value,
    institutionStays: stays.value,
    administration: administration.value,
  });
}

/** A citizen's name, trimmed: 1-200 printable characters. */
export function parseName(input: string): Result<string> {
  const name = input.trim();
  if (name === '' || name.length > MAX_NAME_LENGTH) {
    return fail('ugyldigt-input', `Navnet skal være 1-${MAX_NAME_LENGTH} tegn`, 'name');
  }
  return checkText(name, 'name', 'name');
}

export function parseCivilStatus(value: string): Result<CivilStatus> {
  const found = civilStatuses.find((status) => status === value);
  return found === undefined
    ? fail(
        'ugyldigt-input',
        `Ukendt civilstand ${quoted(value)}; gyldige: ${civilStatuses.join(', ')}`,
        'civilStatus',
      )
    : ok(found);
}

export function parseSpouse(value: string | null, status: CivilStatus, self: Cpr): Result<Cpr | null> {
  if (value === null || value === '') return ok(null);
  if (!statusesWithSpouse.includes(status)) {
    return fail(
      'ugyldig-aegtefaelle',
      `En borger med civilstand "${status}" kan ikke have en ægtefælle`,
      'spouse',
    );
  }
  const spouse = inField(parseCpr(value), 'spouse');
  if (!spouse.ok) return spouse;
  if (spouse.value.cpr === self) {
    return fail('ugyldig-aegtefaelle', 'Borgeren kan ikke være gift med sig selv', 'spouse');
  }
  return ok(spouse.value.cpr);
}

function parsePlace(input: ResidenceInput): Result<Residence> {
  const hasMunicipality = input.municipality !== undefined && input.municipality !== '';
  const hasAbroad = input.abroad !== undefined && input.abroad !== '';
  if (hasMunicipality === hasAbroad) {
    return fail('ugyldigt-input', 'Angiv enten en kommune eller et land (udlandet), ikke begge eller ingen');
  }
  if (hasMunicipality) {
    const code = inField(parseMunicipalityCode(input.municipality ?? ''), 'municipality');
    return code.ok ? ok({ kind: 'municipality', municipality: code.value }) : code;
  }
  const country = inField(parseCountryCode(input.abroad ?? ''), 'abroad');
  return country.ok ? ok({ kind: 'abroad', country: country.value }) : country;
}

function parseResidenceHistory(
  entries: readonly ResidenceInput[],
  today: Temporal.PlainDate,
): Result<ResidencePeriod[]> {
  if (entries.length === 0) return fail('ugyldigt-input', 'Borgeren skal have mindst én bopæl', 'residence');
  const history: ResidencePeriod[] = [];
  for (const [index, entry] of entries.entries()) {
    const field = `residence.${index}`;
    const residence = inField(parsePlace(entry), field);
    if (!residence.ok) return residence;
    const from = inField(parseDate(entry.from), `${field}.from`);
    if (!from.ok) return from;
    const previous = history.at(-1);
    if (previous !== undefined && Temporal.PlainDate.compare(previous.from, from.value) >= 0) {
      return fail(
        'ugyldig-periode',
        'Bopælerne skal stå i rækkefølge med stigende fra-datoer',
        `${field}.from`,
      );
    }
    if (Temporal.PlainDate.compare(from.value, today) > 0) {
      return fail('ugyldig-dato', 'En registreret bopæl kan ikke begynde i fremtiden', `${field}.from`);
    }
    history.push({ residence: residence.value, from: from.value });
  }
  return ok(history);
}

function parsePeriod(input: PeriodInput, field: string): Result<DatePeriod> {
  const from = inField(parseDate(input.from), `${field}.from`);
  if (!from.ok) return from;
  if (input.to === undefined || input.to === null) return ok({ from: from.value, to: null });
  const to = inField(parseDate(input.to), `${field}.to`);
  if (!to.ok) return to;
  if (Temporal.PlainDate.compare(to.value, from.value) < 0) {
    return fail('ugyldig-periode', 'Perioden slutter før den begynder', `${field}.to`);
  }
  return ok({ from: from.value, to: to.value });
}

function parsePeriods(inputs: readonly PeriodInput[], field: string): Result<DatePeriod[]> {
  const periods: DatePeriod[] = [];
  for (const [index, input] of inputs.entries()) {
    const period = parsePeriod(input, `${field}.${index}`);
    if (!period.ok) return period;
    if (periods.some((other) => periodsOverlap(other, period.value))) {
      return fail('ugyldig-periode', 'Perioderne må ikke overlappe hinanden', `${field}.${index}`);
    }
    periods.push(period.value);
  }
  return ok(periods);
}

function parseAdministration(
  inputs: readonly (PeriodInput & { readonly municipality: string })[],
): Result<AdministrationPeriod[]> {
  const periods = parsePeriods(inputs, 'administration');
  if (!periods.ok) return periods;
  const result: AdministrationPeriod[] = [];
  for (const [index, input] of inputs.entries()) {
    const municipality = inField(
      parseMunicipalityCode(input.municipality),
      `administration.${index}.municipality`,
    );
    if (!municipality.ok) return municipality;
    const period = periods.value[index];
    if (period !== undefined) result.push({ ...period, municipality: municipality.value });
  }
  return ok(result);
}
