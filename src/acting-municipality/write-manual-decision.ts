/** Writes a decided "Bestem handlekommune manuelt" registration: the period, its financing, the review date. */
import type { MunicipalityCode } from '../kernel/index.ts';
import { setActingReview } from '../persons/index.ts';
import type { UseCaseContext } from '../platform/use-case.ts';
import {
  insertFinancingPeriod,
  insertManualPeriod,
  undoManualPeriod,
  updateManualPeriod,
} from './db/manual-period.repository.ts';
import type { ManualDecision } from './domain/decide-manual-action.ts';

/** Carries out the decision and records its event; returns what was registered. */
export async function writeManualDecision(
  context: UseCaseContext,
  personId: string,
  actorMunicipality: MunicipalityCode,
  input: Readonly<Record<string, unknown>>,
  decision: ManualDecision,
): Promise<{ manualPeriod: string; effectiveFrom: string } & Record<string, unknown>> {
  let id: string;
  switch (decision.kind) {
    case 'opret':
      id = await insertManualPeriod(
        context.tx,
        personId,
        { ...decision.period, registeredBy: actorMunicipality },
        context.now,
        null,
      );
      if (decision.financing !== null) {
        await insertFinancingPeriod(
          context.tx,
          personId,
          {
            municipality: decision.period.municipality,
            ...decision.financing,
            reason: decision.period.reason,
          },
          context.now,
        );
      }
      break;
    case 'rediger':
    case 'stands':
      id = decision.id;
      await updateManualPeriod(
        context.tx,
        id,
        decision.kind === 'stands' ? { to: decision.period.to } : decision.period,
      );
      break;
    case 'fortryd':
      id = decision.id;
      await undoManualPeriod(context.tx, id, context.now);
      break;
  }
  await setActingReview(context.tx, personId, decision.review, 'earliest');
  const data = {
    manualPeriod: id,
    action: String(input['action']),
    ...('period' in decision
      ? {
          municipality: decision.period.municipality,
          from: decision.period.from.toString(),
          to: decision.period.to?.toString() ?? null,
          reason: decision.period.reason,
        }
      : {}),
    effectiveFrom: decision.review.toString(),
  };
  context.record({ type: decision.event, personId, municipality: actorMunicipality, data });
  return data;
}
