/**
 * The person overview as plain JSON for the API and the CLI: the person view, who acts now and has acted,
 * cases, deductions, the monthly lines, tasks and events. Instants are ISO 8601 in UTC, dates `YYYY-MM-DD`,
 * months `YYYY-MM` and amounts kroner with two decimals (`1234.56`).
 */
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { formatAmount, getMunicipality, type MunicipalityCode } from '../../kernel/index.ts';
import { personView, personViewSchema } from '../../persons/index.ts';
import type { PersonOverview } from '../get-person-overview.ts';

const amount = z.string().describe('Kroner med to decimaler, fx 1234.56');
const instant = z.string().describe('ISO 8601-tidspunkt i UTC');
const day = z.string().describe('YYYY-MM-DD');
const data = z.record(z.string(), z.unknown());

const actingNowSchema = z
  .object({ municipality: z.string(), municipalityName: z.string() })
  .nullable()
  .describe('Handlekommunen nu; null når ingen kommune har handleansvaret (fx ved bopæl i udlandet)');

const actingPeriodSchema = z.object({
  municipality: z.string().nullable().describe('null: ingen handlekommune (udlandet)'),
  municipalityName: z.string().nullable(),
  from: instant,
  to: instant.nullable().describe('null for den aktuelle periode'),
  reason: z.string().describe('bopael, manuel, udlandet, ...'),
});

const caseSchema = z.object({
  id: z.string(),
  benefit: z.string(),
  municipality: z.string(),
  status: z.string(),
  from: day,
  to: day.nullable(),
  monthly: amount.nullable().describe('Bevilget månedligt beløb; null når der ikke udbetales månedligt'),
  category: z.string().nullable(),
  closedReason: z.string().nullable(),
});

const deductionSchema = z.object({
  id: z.string(),
  kind: z.string(),
  municipality: z.string(),
  monthly: amount,
  from: day,
  to: day.nullable(),
});

const month = z.string().describe('YYYY-MM');
const lineStatus = z.string().describe('planlagt, beregnet, udbetalt, stoppet, ...');

const paymentLineSchema = z.object({
  id: z.string(),
  case: z.string().describe('Sagens id'),
  period: month,
  status: lineStatus,
  municipality: z.string(),
  runMonth: month.describe('Den kørsel, der udbetaler linjen; senere end period for en efterbetaling'),
  amount: amount.describe('Bruttobeløbet for måneden'),
  net: amount.nullable().describe('Nettobeløbet efter træk, når måneden er beregnet'),
  parts: z
    .object({ sanctions: amount, atp: amount, tax: amount, withheld: amount, apo: amount })
    .nullable()
    .describe('Linjens andel af sanktioner, ATP, A-skat, træk og APØ, når måneden er beregnet'),
  explanation: z
    .record(z.string(), z.unknown())
    .nullable()
    .describe(
      'Hvordan beløbet er beregnet: reglen, registreringer, satser og mellemregninger (benefit) og sammensætningen (composition)',
    ),
});

const deductionLineSchema = z.object({
  id: z.string(),
  deduction: z.string().describe('Trækkets id'),
  period: month,
  status: lineStatus,
  municipality: z.string(),
  amount: amount.describe('Det tilbageholdte beløb (planlagt: det anmodede)'),
  requested: amount.describe('Det beløb, fordringshaveren anmodede om for måneden'),
});

const taskSchema = z.object({
  id: z.string(),
  type: z.string(),
  municipality: z.string(),
  status: z.string().describe('aaben, afsluttet, afvist, annulleret'),
  data,
  createdAt: instant,
  closedAt: instant.nullable(),
  closeReason: z.string().nullable(),
  currentStep: z.string().nullable().describe('Det trin, opgaven venter ved; null når den er lukket'),
  openQueries: z.number().int().describe('Antal åbne undringer'),
  assignee: z.string().nullable().describe('Tildelt sagsbehandler'),
  dueOn: day.nullable().describe('Frist'),
  version: z.number().int().describe('Sendes med, når der handles på opgaven (/api/tasks/{id}/handlinger)'),
});

const eventSchema = z.object({
  type: z.string(),
  occurredAt: instant,
  municipality: z.string().nullable(),
  actor: z.string(),
  data,
});

export const actingViewSchema = z.object({
  actingNow: actingNowSchema,
  actingHistory: z.array(actingPeriodSchema).describe('Ældste først'),
  financing: z
    .array(z.object({ municipality: z.string(), from: day, to: day, reason: z.string() }))
    .describe('Finansieringskommune for tilbagedaterede perioder (rsl §9), ældste først'),
});
export const tasksViewSchema = z.object({ tasks: z.array(taskSchema).describe('Ældste først') });
export const paymentsViewSchema = z.object({
  paymentLines: z.array(paymentLineSchema).describe('Udbetalingslinjer efter måned'),
  deductionLines: z.array(deductionLineSchema).describe('Træklinjer efter måned'),
});

export const overviewViewSchema = personViewSchema.extend({
  ...actingViewSchema.shape,
  cases: z.array(caseSchema),
  deductions: z.array(deductionSchema),
  ...paymentsViewSchema.shape,
  tasks: tasksViewSchema.shape.tasks,
  events: z.array(eventSchema).describe('Ældste først'),
});

export type ActingView = z.infer<typeof actingViewSchema>;
export type TasksView = z.infer<typeof tasksViewSchema>;
export type PaymentsView = z.infer<typeof paymentsViewSchema>;
export type OverviewView = z.infer<typeof overviewViewSchema>;

const nameOf = (code: MunicipalityCode | null): string | null =>
  code === null ? null : getMunicipality(code).name;
const iso = (value: Temporal.Instant | null): string | null => (value === null ? null : value.toString());

/** Who acts now and has acted. */
export function actingView(overview: PersonOverview): ActingView {
  const now = overview.actingNow;
  return {
    actingNow: now === null ? null : { municipality: now, municipalityName: getMunicipality(now).name },
    actingHistory: overview.actingHistory.map((period) => ({
      municipality: period.municipality,
      municipalityName: nameOf(period.municipality),
      from: period.from.toString(),
      to: iso(period.to),
      reason: period.reason,
    })),
    financing: overview.financing.map((period) => ({
      municipality: period.municipality,
      from: period.from.toString(),
      to: period.to.toString(),
      reason: period.reason,
    })),
  };
}

/** The tasks, open and closed. */
export function tasksView(overview: PersonOverview): TasksView {
  return {
    tasks: overview.tasks.map((task) => ({
      id: task.id,
      type: task.type,
      municipality: task.municipality,
      status: task.status,
      data: { ...task.data },
      createdAt: task.createdAt.toString(),
      closedAt: iso(task.closedAt),
      closeReason: task.closeReason,
      currentStep: task.currentStep,
      openQueries: task.openQueries,
      assignee: task.assignee,
      dueOn: task.dueOn,
      version: task.version,
    })),
  };
}

/** The payment lines and the deduction lines. */
export function paymentsView(overview: PersonOverview): PaymentsView {
  const paymentLines: PaymentsView['paymentLines'] = [];
  const deductionLines: PaymentsView['deductionLines'] = [];
  for (const line of overview.lines) {
    const common = {
      id: line.id,
      period: line.period.toString(),
      status: line.status,
      municipality: line.municipality,
      amount: formatAmount(line.amount),
    };
    if (line.kind === 'udbetaling') {
      paymentLines.push({
        ...common,
        case: line.ownerId,
        runMonth: line.runMonth.toString(),
        net: line.net === null ? null : formatAmount(line.net),
        parts:
          line.parts === null
            ? null
            : {
                sanctions: formatAmount(line.parts.sanctions),
                atp: formatAmount(line.parts.atp),
                tax: formatAmount(line.parts.tax),
                withheld: formatAmount(line.parts.withheld),
                apo: formatAmount(line.parts.apo),
              },
        explanation: line.explanation,
      });
    } else {
      deductionLines.push({
        ...common,
        deduction: line.ownerId,
        requested: formatAmount(line.requested ?? line.amount),
      });
    }
  }
  return { paymentLines, deductionLines };
}

/** The whole overview on the given day (the current residence depends on it). */
export function overviewView(overview: PersonOverview, today: Temporal.PlainDate): OverviewView {
  return {
    ...personView(overview.person, today),
    ...actingView(overview),
    cases: overview.cases.map((item) => ({
      id: item.id,
      benefit: item.benefit,
      municipality: item.municipality,
      status: item.status,
      from: item.from.toString(),
      to: item.to?.toString() ?? null,
      monthly: item.monthly === null ? null : formatAmount(item.monthly),
      category: item.category,
      closedReason: item.closedReason,
    })),
    deductions: overview.deductions.map((item) => ({
      id: item.id,
      kind: item.kind,
      municipality: item.municipality,
      monthly: formatAmount(item.monthly),
      from: item.from.toString(),
      to: item.to?.toString() ?? null,
    })),
    ...paymentsView(overview),
    ...tasksView(overview),
    events: overview.events.map((event) => ({
      type: event.type,
      occurredAt: event.occurredAt.toString(),
      municipality: event.municipality,
      actor: event.actor,
      data: { ...event.data },
    })),
  };
}
