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
}

export interface ResidencesTable {
  id: Generated<string>;
  person_id: string;
  valid_from: DateString;
  municipality: string | null;
  country: string | null;
  registered_at: Timestamp;
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
}

export interface Database {
  persons: PersonsTable;
  residences: ResidencesTable;
  institution_stays: InstitutionStaysTable;
  administration_arrangements: AdministrationArrangementsTable;
  events: EventsTable;
  access_log: AccessLogTable;
  job_runs: JobRunsTable;
}
