/** Validates a new case or standing deduction from plain input, naming the field at fault. */
import { Temporal } from 'temporal-polyfill';
import {
  fail,
  inField,
  ok,
  parseMonthlyAmount,
  checkText,
  quoted,
  parseDate,
  parseMunicipalityCode,
  type Oere,
  type Result,
} from '../../kernel/index.ts';
import {
  benefitTypes,
  caseStatuses,
  deductionKinds,
  type CaseData,
  type DeductionData,
  type GrantPeriod,
} from './case.ts';

export interface NewCaseInput {
  readonly benefit: string;
  readonly municipality: string;
  readonly status: string;
  readonly from: string;
  readonly to?: string | null | undefined;
  /** Kroner with at most two decimals, as in files and the API (`1500.00`). */
  readonly monthly?: string | null | undefined;
  readonly category?: string | null | undefined;
}

export interface NewDeductionInput {
  readonly kind: string;
  readonly municipality: string;
  readonly monthly: string;
  readonly from: string;
  readonly to?: string | null | undefined;
}

function oneOf<T extends string>(
  values: readonly T[],
  value: string,
  field: string,
  what: string,
): Result<T> {
  const found = values.find((candidate) => candidate === value);
  return found === undefined
    ? fail('ugyldigt-input', `Ukendt ${what} ${quoted(value)}; gyldige: ${values.join(', ')}`, field)
    : ok(found);
}

function parsePeriod(from: string, to: string | null | undefined): Result<GrantPeriod> {
  const start = inField(parseDate(from), 'from');
  if (!start.ok) return start;
  if (to === undefined || to === null) return ok({ from: start.value, to: null });
  const end = inField(parseDate(to), 'to');
  if (!end.ok) return end;
  if (Temporal.PlainDate.compare(end.value, start.value) < 0) {
    return fail('ugyldig-periode', 'Perioden slutter før den begynder', 'to');
  }
  return ok({ from: start.value, to: end.value });
}

function parseMonthly(text: string, field: string): Result<Oere> {
  return inField(parseMonthlyAmount(text), field);
}

/** Validates a case with its grant. */
export function decideNewCase(input: NewCaseInput): Result<CaseData> {
  const benefit = oneOf(benefitTypes, input.benefit, 'benefit', 'ydelsestype');
  if (!benefit.ok) return benefit;
  const status = oneOf(caseStatuses, input.status, 'status', 'sagsstatus');
  if (!status.ok) return status;
  const municipality = inField(parseMunicipalityCode(input.municipality), 'municipality');
  if (!municipality.ok) return municipality;
  const period = parsePeriod(input.from, input.to);
  if (!period.ok) return period;
  if (input.category !== undefined && input.category !== null) {
    const category = checkText(input.category, 'line', 'category');
    if (!category.ok) return category;
  }
  let monthly: Oere | null = null;
  if (input.monthly !== undefined && input.monthly !== null) {
    const parsed = parseMonthly(input.monthly, 'monthly');
    if (!parsed.ok) return parsed;
    monthly = parsed.value;
  }
  return ok({
    ...period.value,
    benefit: benefit.value,
    status: status.value,
    municipality: municipality.value,
    monthly,
    category: input.category ?? null,
  });
}

/** Validates a standing deduction. */
export function decideNewDeduction(input: NewDeductionInput): Result<DeductionData> {
  const kind = oneOf(deductionKinds, input.kind, 'kind', 'trækart');
  if (!kind.ok) return kind;
  const municipality = inField(parseMunicipalityCode(input.municipality), 'municipality');
  if (!municipality.ok) return municipality;
  const monthly = parseMonthly(input.monthly, 'monthly');
  if (!monthly.ok) return monthly;
  const period = parsePeriod(input.from, input.to);
  if (!period.ok) return period;
  return ok({ ...period.value, kind: kind.value, municipality: municipality.value, monthly: monthly.value });
}
