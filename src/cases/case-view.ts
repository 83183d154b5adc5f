/** A case with its grants as the API, the CLI and a `konflikt` show it. */
import { formatAmount } from '../kernel/index.ts';
import type { CaseRecord } from './db/case.repository.ts';
import type { BenefitType, CaseStatus } from './domain/case.ts';
import type { Grant } from './domain/grant.ts';
import { familyOf, type BenefitFamily } from './domain/lifecycle.ts';

export interface GrantView {
  readonly id: string;
  readonly from: string;
  readonly to: string | null;
  readonly decidedOn: string;
  readonly decidedBy: string;
  readonly reason: string;
  readonly replaces: string | null;
  readonly recordedAt: string;
  /** Null while the grant stands; when a change or an end superseded it. */
  readonly supersededAt: string | null;
  readonly supersededBy: string | null;
}

export interface CaseView {
  readonly id: string;
  readonly benefit: BenefitType;
  readonly family: BenefitFamily;
  readonly municipality: string;
  readonly status: CaseStatus;
  readonly category: string | null;
  readonly monthly: string | null;
  readonly closedReason: string | null;
  readonly version: number;
  /** Every grant row of the case, the superseded ones too, in the order they were recorded. */
  readonly grants: readonly GrantView[];
}

export function grantView(grant: Grant): GrantView {
  return {
    id: grant.id,
    from: grant.from.toString(),
    to: grant.to?.toString() ?? null,
    decidedOn: grant.decidedOn.toString(),
    decidedBy: grant.decidedBy,
    reason: grant.reason,
    replaces: grant.replaces,
    recordedAt: grant.recordedAt.toString(),
    supersededAt: grant.supersededAt?.toString() ?? null,
    supersededBy: grant.supersededBy,
  };
}

export function caseView(record: CaseRecord & { version: number }, grants: readonly Grant[]): CaseView {
  return {
    id: record.id,
    benefit: record.benefit,
    family: familyOf(record.benefit),
    municipality: record.municipality,
    status: record.status,
    category: record.category,
    monthly: record.monthly === null ? null : formatAmount(record.monthly),
    closedReason: record.closedReason,
    version: record.version,
    grants: grants.filter((grant) => grant.caseId === record.id).map(grantView),
  };
}
