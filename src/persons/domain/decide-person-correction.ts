/**
 * "Ret borgerens oplysninger": the acting municipality corrects what it registered of a citizen — name,
 * civil status and spouse, CPR subscription, health card. The residence is not corrected here: it is CPR's
 * (or "Registrer fraflytning"'s). Each field is checked on its own, so a form can show every error at once;
 * the decision is the first of them. What changed is kept for the event, field by field. Pure.
 */
import { err, ok, type DomainError, type Result } from '../../kernel/index.ts';
import { parseCivilStatus, parseName, parseSpouse } from './decide-new-person.ts';
import type { CivilStatus, Person } from './person.ts';

export interface PersonCorrectionInput {
  readonly name: string;
  readonly civilStatus: string;
  readonly spouse: string | null;
  readonly cprSubscription: boolean;
  readonly healthCard: boolean;
}

export interface PersonCorrection {
  readonly name: string;
  readonly civilStatus: CivilStatus;
  readonly spouse: string | null;
  readonly cprSubscription: boolean;
  readonly healthCard: boolean;
  /** Each changed field with its value before and after; empty when nothing changed. */
  readonly changes: Readonly<Record<string, { readonly from: unknown; readonly to: unknown }>>;
}

/** Every field's refusal (none when the correction can be made). */
export function personCorrectionErrors(current: Person, input: PersonCorrectionInput): DomainError[] {
  const errors: DomainError[] = [];
  const name = parseName(input.name);
  if (!name.ok) errors.push(name.error);
  const status = parseCivilStatus(input.civilStatus);
  if (!status.ok) errors.push(status.error);
  else {
    const spouse = parseSpouse(input.spouse, status.value, current.cpr);
    if (!spouse.ok) errors.push(spouse.error);
  }
  return errors;
}

export function decidePersonCorrection(
  current: Person,
  input: PersonCorrectionInput,
): Result<PersonCorrection> {
  const first = personCorrectionErrors(current, input)[0];
  if (first !== undefined) return err(first);
  const status = parseCivilStatus(input.civilStatus);
  const name = parseName(input.name);
  if (!status.ok || !name.ok) return err({ code: 'ugyldigt-input', message: 'Ugyldige oplysninger' });
  const spouse = parseSpouse(input.spouse, status.value, current.cpr);
  if (!spouse.ok) return spouse;
  const after = {
    name: name.value,
    civilStatus: status.value,
    spouse: spouse.value,
    cprSubscription: input.cprSubscription,
    healthCard: input.healthCard,
  };
  const before: Record<keyof typeof after, unknown> = {
    name: current.name,
    civilStatus: current.civilStatus,
    spouse: current.spouse,
    cprSubscription: current.cprSubscription,
    healthCard: current.healthCard,
  };
  const changes = Object.fromEntries(
    (Object.keys(after) as (keyof typeof after)[])
      .filter((key) => before[key] !== after[key])
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
  return ok({ ...after, changes });
}
