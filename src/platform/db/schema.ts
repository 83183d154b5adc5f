/**
 * The database as Kysely sees it. `date` columns come back as `YYYY-MM-DD` strings and `bigint` as strings
 * (see database.ts); rows are mapped to domain values in each context's db/ folder.
 */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateString = string;

export interface PersonsTable {
  id: Generated<string>;
  cpr: string;
  name: string;
  civil_status: string;
  spouse_cpr: string | null;
  cpr_subscription: boolean;
  health_card: boolean;
  created_at: Timestamp;
  version: Generated<number>;
  acting_review_on: DateString | null;
}

export interface ResidencesTable {
  id: Generated<string>;
  person_id: string;
  valid_from: DateString;
  municipality: string | null;
  country: string | null;
  registered_at: Timestamp;
  effectuated_at: Timestamp | null;
  source: Generated<string>;
  /** The sequence number of the CPR message that decided the date; null for a registration. */
  sequence: string | number | null;
  /** The residence the 04:00 run last put in force for the date (kept when a message corrects it). */
  effectuated_municipality: string | null;
  effectuated_country: string | null;
}

export interface InstitutionStaysTable {
  id: Generated<string>;
  person_id: string;
  valid_from: DateString;
  valid_to: DateString | null;
}

export interface AdministrationArrangementsTable {
  id: Generated<string>;
  person_id: string;
  municipality: string;
  valid_from: DateString;
  valid_to: DateString | null;
}

export interface EventsTable {
  id: Generated<string>;
  occurred_at: Timestamp;
  type: string;
  person_id: string | null;
  municipality: string | null;
  actor: string;
  data: ColumnType<Record<string, unknown>, string, string>;
}

export interface AccessLogTable {
  id: Generated<string>;
  at: Timestamp;
  actor: string;
  actor_municipality: string | null;
  person_id: string;
  purpose: string;
  channel: string;
}

export interface JobRunsTable {
  key: string;
  job: string;
  scheduled_for: Timestamp;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  outcome: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  /** The split run a part belongs to, and the part's municipality. */
  parent: string | null;
  municipality: string | null;
  attempts: Generated<number>;
  failed_at: Timestamp | null;
  error: string | null;
  /** When a failed part is tried again by itself. */
  retry_at: Timestamp | null;
}

export interface WorkerHeartbeatsTable {
  worker_id: string;
  host: string;
  pid: number;
  started_at: Generated<Timestamp>;
  seen_at: Generated<Timestamp>;
}

type Json = ColumnType<Record<string, unknown>, string, string>;
/** JSON with a column default: optional on insert. */
type JsonWithDefault = ColumnType<Record<string, unknown>, string | undefined, string>;

export interface ActingPeriodsTable {
  id: Generated<string>;
  person_id: string;
  municipality: string | null;
  from_at: Timestamp;
  to_at: Timestamp | null;
  reason: string;
}

export interface ManualActingPeriodsTable {
  id: Generated<string>;
  person_id: string;
  municipality: string;
  valid_from: DateString;
  valid_to: DateString | null;
  reason: string;
  agreement: boolean;
  consent: boolean;
  registered_by: string;
  registered_at: Timestamp;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  undone_at: Timestamp | null;
}

export interface FinancingPeriodsTable {
  id: Generated<string>;
  person_id: string;
  municipality: string;
  valid_from: DateString;
  valid_to: DateString;
  reason: string;
  registered_at: Timestamp;
}

export interface CasesTable {
  id: Generated<string>;
  person_id: string;
  benefit: string;
  municipality: string;
  status: string;
  category: string | null;
  grant_from: DateString;
  grant_to: DateString | null;
  monthly: string | number | null;
  closed_reason: string | null;
  created_at: Timestamp;
  version: Generated<number>;
}

export interface GrantsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  family: string;
  valid_from: DateString;
  valid_to: DateString | null;
  decided_on: DateString;
  decided_by: string;
  reason: string;
  replaces: string | null;
  recorded_at: Timestamp;
  superseded_at: Timestamp | null;
  superseded_by: string | null;
}

export interface RegistrationsTable {
  id: Generated<string>;
  person_id: string;
  case_id: string | null;
  kind: string;
  valid_from: DateString;
  valid_to: DateString | null;
  value: Json;
  recorded_at: Timestamp;
  recorded_by: string;
  reason: string | null;
  superseded_at: Timestamp | null;
  superseded_by: string | null;
}

export interface DeductionsTable {
  id: Generated<string>;
  person_id: string;
  kind: string;
  municipality: string;
  monthly: string | number;
  valid_from: DateString;
  valid_to: DateString | null;
  ended_reason: string | null;
  created_at: Timestamp;
  /** The order deductions were registered in, which is the order they are taken in (migration 0009). */
  registered_order: Generated<string>;
}

export interface PaymentLinesTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  period: DateString;
  status: string;
  gross: string | number;
  net: string | number | null;
  sanctions: Generated<string | number>;
  atp: Generated<string | number>;
  tax: Generated<string | number>;
  withheld: Generated<string | number>;
  apo: Generated<string | number>;
  /** The line's explanation (the rule's and the composition's), from migration 0009; null while planned. */
  /** The month whose run computes and pays the line: `period`, or later for an efterbetaling (0009). */
  run_month: DateString;
  explanation: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  computed_at: Timestamp | null;
  paid_at: Timestamp | null;
  stopped_at: Timestamp | null;
}

export interface DeductionLinesTable {
  id: Generated<string>;
  deduction_id: string;
  person_id: string;
  municipality: string;
  period: DateString;
  status: string;
  /** What the deduction withheld; while planned, what it requests. */
  amount: string | number;
  /** What the creditor requested for the month (migration 0009). */
  requested: string | number;
  sent_at: Timestamp | null;
  done_at: Timestamp | null;
  stopped_at: Timestamp | null;
}

export interface TasksTable {
  id: Generated<string>;
  type: string;
  person_id: string;
  municipality: string;
  status: string;
  data: Json;
  created_at: Timestamp;
  closed_at: Timestamp | null;
  close_reason: string | null;
  version: Generated<number>;
  case_id: string | null;
  steps: JsonWithDefault;
  queries: JsonWithDefault;
  current_step: string | null;
  open_queries: Generated<number>;
  assignee: string | null;
  categories: Generated<string[]>;
  due_on: string | null;
  updated_at: Timestamp;
}

export interface TaskCategoriesTable {
  municipality: string;
  key: string;
  name: string;
  created_at: Timestamp;
}

export interface TaskEventsTable {
  id: Generated<string>;
  task_id: string;
  occurred_at: Timestamp;
  actor: string;
  type: string;
  step: string | null;
  data: Json;
}

export interface TaskBatchesTable {
  id: Generated<string>;
  kind: string;
  types: string[];
  reason: string | null;
  started_by: string;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface TaskBatchResultsTable {
  batch_id: string;
  task_id: string;
  outcome: string;
  status: string;
  current_step: string | null;
  queries: string;
  cleared: string;
  message: string | null;
  done_at: Timestamp;
}

export interface CprMessagesTable {
  id: Generated<string>;
  sequence: string | number;
  cpr: string;
  content: Json;
  received_at: Timestamp;
  status: string;
  error_code: string | null;
  error_message: string | null;
  error_field: string | null;
  /** A refused message as received, NUL and lone surrogates escaped; null before migration 0005. */
  raw: string | null;
  /** sha256 of the refusal (code and raw text): the same refusal is queued once. */
  fingerprint: string | null;
}

export interface OutboundFilesTable {
  id: Generated<string>;
  key: string;
  kind: string;
  municipality: string;
  period: DateString;
  file_name: string;
  media_type: string;
  content: Buffer;
  records: number;
  created_at: Generated<Date>;
}

export interface RatesTable {
  id: Generated<string>;
  key: string;
  description: string;
  valid_from: DateString;
  valid_to: DateString;
  amount: ColumnType<string, string | number, string | number>;
  unit: string;
  reference: string;
  source: string;
  source_kind: string;
  imported_at: Timestamp;
  imported_by: string;
  file_sha256: string;
  /** When a later import replaced the row; null while it stands. */
  superseded_at: Timestamp | null;
}

export interface InstallationSettingsTable {
  key: string;
  value: ColumnType<unknown, string, string>;
}

/** An approved recalculation of a case's months already paid (migration 0010). */
export interface RecalculationsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  from_month: DateString;
  to_month: DateString;
  /** The per-month table approved: paid, recomputed, difference and the explanation. */
  months: ColumnType<unknown, string, string>;
  reason: string | null;
  task_id: string | null;
  decided_by: string;
  created_at: Timestamp;
}

/** A proposed repayment claim of an overpaid month; never deducted until a decision (migration 0010). */
export interface RepaymentClaimsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  period: DateString;
  amount: string | number;
  status: string;
  recalculation_id: string;
  explanation: Json;
  created_at: Timestamp;
  superseded_at: Timestamp | null;
  superseded_by: string | null;
  decision_id: string | null;
}

export interface HearingsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  effect: string;
  intended: string;
  sent_on: DateString;
  deadline: DateString;
  answered_on: DateString | null;
  answer: string | null;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface DecisionsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  effect: string;
  reasons: string;
  legal_basis: string;
  complaint_guidance: string;
  decided_on: DateString;
  hearing_id: string | null;
  exception_basis: string | null;
  exception_reason: string | null;
  decided_by: string;
  recorded_at: Timestamp;
}

export interface SanctionsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  decision_id: string;
  kind: string;
  omission_on: DateString;
  days: number | null;
  period: DateString;
  amount: string | number;
  last_run_month: DateString;
  explanation: Json;
  status: string;
  taken: string | number | null;
  taken_in: DateString | null;
  created_at: Timestamp;
}

export interface LettersTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  kind: string;
  hearing_id: string | null;
  decision_id: string | null;
  notice_id: Generated<string | null>;
  title: string;
  paragraphs: ColumnType<string[], string, string>;
  status: string;
  channel: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface HoursRuleNoticesTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  sent_on: DateString;
  rule_date: DateString;
  consequence: string;
  recorded_by: string;
  recorded_at: Timestamp;
}

export interface HoursRuleEffectsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  decision_id: string;
  notice_id: string | null;
  consequence: string;
  rule_date: DateString;
  from_date: DateString;
  decided_on: DateString;
  recorded_at: Timestamp;
}

export interface HoursRuleLegacyTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  overgangsdato: DateString | null;
  bortfaldsdato: DateString | null;
  varslet: DateString | null;
  partshoert: DateString | null;
  kmd_fejl: string | null;
  converted_by: string;
  converted_at: Timestamp;
}

export interface JournalNotesTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  title: string;
  text: string;
  source: string;
  written_by: string;
  written_at: Timestamp;
}

export interface CaseDocumentsTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  municipality: string;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  content: Buffer;
  source: string;
  added_by: string;
  added_at: Timestamp;
}

export interface SessionsTable {
  token_hash: string;
  kind: 'web' | 'api';
  subject_kind: 'bruger' | 'tjeneste';
  subject: string;
  name: string | null;
  municipality: string | null;
  roles: string[];
  csrf_token: string;
  id_token: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface PendingSignInsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  return_to: string;
  expires_at: Timestamp;
}

export interface SignInAttemptsTable {
  client: string;
  window_start: Timestamp;
  attempts: number;
}

export interface Database {
  sessions: SessionsTable;
  pending_sign_ins: PendingSignInsTable;
  sign_in_attempts: SignInAttemptsTable;
  persons: PersonsTable;
  residences: ResidencesTable;
  institution_stays: InstitutionStaysTable;
  administration_arrangements: AdministrationArrangementsTable;
  events: EventsTable;
  access_log: AccessLogTable;
  job_runs: JobRunsTable;
  acting_periods: ActingPeriodsTable;
  manual_acting_periods: ManualActingPeriodsTable;
  financing_periods: FinancingPeriodsTable;
  cases: CasesTable;
  grants: GrantsTable;
  registrations: RegistrationsTable;
  deductions: DeductionsTable;
  payment_lines: PaymentLinesTable;
  recalculations: RecalculationsTable;
  repayment_claims: RepaymentClaimsTable;
  hearings: HearingsTable;
  decisions: DecisionsTable;
  sanctions: SanctionsTable;
  letters: LettersTable;
  hours_rule_notices: HoursRuleNoticesTable;
  hours_rule_effects: HoursRuleEffectsTable;
  hours_rule_legacy: HoursRuleLegacyTable;
  journal_notes: JournalNotesTable;
  case_documents: CaseDocumentsTable;
  deduction_lines: DeductionLinesTable;
  tasks: TasksTable;
  task_categories: TaskCategoriesTable;
  task_events: TaskEventsTable;
  task_batches: TaskBatchesTable;
  task_batch_results: TaskBatchResultsTable;
  cpr_messages: CprMessagesTable;
  outbound_files: OutboundFilesTable;
  worker_heartbeats: WorkerHeartbeatsTable;
  rates: RatesTable;
  installation_settings: InstallationSettingsTable;
}
