/**
 * /api/tasks, /api/task-types and /api/task-categories: the inbox of the caller's municipality, starting a
 * task by hand, a task with its transitions, every caseworker action on a task ("handlinger"), the task
 * types the system knows and the municipality's own task categories. The zod schemas check shape; the use
 * cases check meaning and who may act. An action sent against an old version is refused with 409 `konflikt`,
 * and the problem carries the task as it is now (`details.task`), so the client can show it again.
 */
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { boundedText, formatCpr, type Cpr, type DomainError } from '../../kernel/index.ts';
import type { AppPlugin } from '../../platform/http/app.ts';
import { actorFromRequest } from '../../platform/http/actor.ts';
import { problemFor, sendProblem } from '../../platform/http/problem.ts';
import type { TaskEventRecord } from '../db/task.repository.ts';
import { inboxSorts, type InboxRow } from '../db/inbox.repository.ts';
import { queryStatuses, stepStatuses } from '../domain/engine.ts';
import { taskStatuses } from '../domain/task.ts';
import { createTaskCategory, listInbox, listTaskCategories, type InboxQuery } from '../inbox.ts';
import { actOnTask, getTask, startTask } from '../task-actions.ts';
import { assignTasks, countInbox, MAX_BULK_TASKS } from '../inbox-work.ts';
import type { TaskTypes } from '../task-type.ts';
import { inputSchemaOf, type TaskView } from '../task-view.ts';

const TAG = 'opgaver';

const idParams = z.object({ id: z.string().describe('Opgavens id (UUID)') });

const instant = z.string().describe('ISO 8601-tidspunkt i UTC');
const day = z.string().describe('YYYY-MM-DD');
const record = z.record(z.string(), z.unknown());
const stepModes = ['automatisk', 'manuel'] as const;

const stepViewSchema = z.object({
  key: z.string().describe('Trinnets nøgle'),
  name: z.string().describe('Trinnets danske navn'),
  status: z.enum(stepStatuses).describe('afventer, aktiv, gennemfoert, sprunget-over eller skal-gentages'),
  mode: z.enum(stepModes).describe('automatisk eller manuel'),
  skippable: z.boolean().describe('Om trinnet kan springes over'),
  input: record.nullable().describe('Det indtastede (beholdes som forslag, når trinnet skal gentages)'),
  result: record.nullable().describe('Hvad et automatisk trin beregnede'),
  by: z.string().nullable().describe('Hvem der sidst handlede på trinnet'),
  at: instant.nullable(),
  inputSchema: record.nullable().describe('JSON Schema for trinnets input; null når det ikke tager input'),
});

const queryViewSchema = z.object({
  id: z.string().describe('Undringens id (trin:kode)'),
  step: z.string(),
  code: z.string(),
  text: z.string().describe('Hvad sagsbehandleren skal se på'),
  mandatory: z.boolean().describe('En obligatorisk undring skal løses; den kan ikke afvises'),
  status: z.enum(queryStatuses).describe('aaben, loest, afvist eller bortfaldet'),
  note: z.string().nullable(),
  by: z.string().nullable(),
  at: instant.nullable(),
});

export const taskViewSchema = z.object({
  id: z.string(),
  type: z.string().describe('Opgavetypens nøgle'),
  typeName: z.string().describe('Opgavetypens danske navn'),
  personId: z.string(),
  caseId: z.string().nullable(),
  municipality: z.string().describe('Kommunen, der ejer opgaven'),
  status: z.enum(taskStatuses).describe('aaben, afsluttet, afvist eller annulleret'),
  closeReason: z.string().nullable().describe('Begrundelsen, når opgaven er lukket'),
  data: record.describe('Hvad opgaven blev oprettet med'),
  currentStep: z.string().nullable().describe('Trinnet, opgaven står ved; null når den er lukket'),
  steps: z.array(stepViewSchema).readonly().describe('Trinene i rækkefølge'),
  queries: z.array(queryViewSchema).readonly().describe('Undringerne'),
  assignee: z.string().nullable().describe('Den tildelte bruger'),
  categories: z.array(z.string()).readonly().describe('Kommunens kategorier på opgaven'),
  dueOn: day.nullable().describe('Fristen'),
  createdAt: instant,
  updatedAt: instant,
  closedAt: instant.nullable(),
  version: z.number().int().describe('Sendes med den næste handling'),
});

const inboxRowSchema = z.object({
  id: z.string(),
  type: z.string(),
  typeName: z.string().describe('Opgavetypens danske navn'),
  personId: z.string(),
  cpr: z.string().describe('DDMMYY-SSSS'),
  personName: z.string(),
  municipality: z.string(),
  status: z.enum(taskStatuses),
  currentStep: z.string().nullable(),
  openQueries: z.number().int().describe('Antal åbne undringer'),
  assignee: z.string().nullable(),
  categories: z.array(z.string()),
  dueOn: day.nullable(),
  createdAt: instant,
  version: z.number().int(),
});

const eventSchema = z.object({
  occurredAt: instant,
  actor: z.string().describe('Hvem der handlede (bruger:sb101@101, system:daglig-flytning)'),
  type: z.string().describe('opgave-oprettet, trin-gennemfoert, opgave-tildelt, ...'),
  step: z.string().nullable(),
  data: record,
});

const list = z
  .union([boundedText('line'), z.array(boundedText('key')).max(20)])
  .optional()
  .describe('Kommasepareret, eller gentaget');

export const inboxQuerySchema = z.strictObject({
  status: list.describe(
    `Status, kommasepareret eller gentaget: ${taskStatuses.join(', ')} (standard: aaben)`,
  ),
  type: list.describe('Opgavetyper, kommasepareret eller gentaget'),
  kategori: boundedText('key').optional().describe('Kun opgaver med denne kategori'),
  tildelt: boundedText('key')
    .optional()
    .describe('Bruger-id, "mig" for dig selv eller "ingen" for ikke tildelte'),
  cpr: z.string().max(11).optional().describe('Kun borgerens opgaver (DDMMYY-SSSS)'),
  fristFoer: z.string().max(10).optional().describe('Kun opgaver med frist på eller før dagen (YYYY-MM-DD)'),
  medUndring: z.enum(['true', 'false']).optional().describe('true: kun opgaver med åbne undringer'),
  sortering: z
    .enum(inboxSorts)
    .optional()
    .describe('oprettet (ældste først, standard), oprettet-nyeste eller frist (snarest først)'),
  antal: z.coerce.number().int().min(1).max(200).optional().describe('Sidestørrelsen, 1-200 (standard 25)'),
  efter: boundedText('token').optional().describe('Markøren "next" fra forrige side'),
});

export const startTaskSchema = z.strictObject({
  type: boundedText('key').describe('Opgavetypens nøgle; typen skal kunne startes manuelt'),
  cpr: z.string().max(11).describe('Borgerens CPR-nummer (DDMMYY-SSSS, bindestreg valgfri)'),
  data: record.optional().describe('Hvad opgaven oprettes med (efter typen)'),
});

const step = boundedText('key').describe('Trinnets nøgle');
const reason = boundedText('text').describe('Begrundelsen, højst 4000 tegn');

export const taskActionSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('videre'),
        step: step.describe('Trinnet, opgaven står ved'),
        input: record.nullable().optional().describe('Trinnets input efter dets inputSchema'),
      })
      .describe('Gå videre: gennemfør trinnet, opgaven står ved'),
    z
      .strictObject({ kind: z.literal('tilbage'), step: step.describe('Et gennemført trin') })
      .describe('Gå tilbage til et gennemført trin; senere trin skal gentages'),
    z
      .strictObject({ kind: z.literal('spring-over'), step: step.describe('Trinnet, opgaven står ved') })
      .describe('Spring trinnet over, når typen tillader det'),
    z
      .strictObject({
        kind: z.literal('loes-undring'),
        query: boundedText('key').describe('Undringens id'),
        note: boundedText('text').describe('Hvordan undringen er løst'),
      })
      .describe('Løs en undring'),
    z
      .strictObject({
        kind: z.literal('afvis-undring'),
        query: boundedText('key').describe('Undringens id'),
        note: boundedText('text').optional().describe('Et valgfrit notat'),
      })
      .describe('Afvis en undring, der ikke er obligatorisk'),
    z
      .strictObject({ kind: z.literal('afslut'), reason })
      .describe('Afslut opgaven; de resterende trin skal kunne springes over'),
    z.strictObject({ kind: z.literal('afvis'), reason }).describe('Afvis opgaven'),
    z.strictObject({ kind: z.literal('annuller'), reason }).describe('Annullér opgaven'),
    z
      .strictObject({
        kind: z.literal('tildel'),
        assignee: boundedText('key')
          .nullable()
          .describe('Brugerens id (1-64 tegn, uden @); null fjerner tildelingen'),
      })
      .describe('Tildel opgaven en bruger'),
    z
      .strictObject({
        kind: z.literal('kategorier'),
        categories: z
          .array(boundedText('key'))
          .max(50)
          .describe('Kommunens kategorinøgler; [] fjerner dem alle'),
      })
      .describe('Sæt opgavens kategorier'),
  ])
  .describe('Handlingen');

export const taskActionBodySchema = z.strictObject({
  version: z.number().int().describe('Opgavens version, som sagsbehandleren så den'),
  handling: taskActionSchema,
});

const countsSchema = z.object({
  statuses: z
    .array(z.object({ status: z.enum(taskStatuses), count: z.number().int() }))
    .describe('Kommunens opgaver pr. status (alle statusser, også 0)'),
  types: z
    .array(z.object({ status: z.enum(taskStatuses), type: z.string(), count: z.number().int() }))
    .describe('Kommunens opgaver pr. status og opgavetype (kun par med opgaver)'),
  mine: z.number().int().describe('Åbne opgaver tildelt den indloggede bruger'),
  unassigned: z.number().int().describe('Åbne opgaver, der ikke er tildelt nogen'),
});

export const bulkAssignmentSchema = z.strictObject({
  tasks: z
    .array(
      z.strictObject({
        id: z.string().max(36).describe('Opgavens id (UUID)'),
        version: z.number().int().describe('Opgavens version, som sagsbehandleren så den'),
      }),
    )
    .min(1)
    .max(MAX_BULK_TASKS)
    .describe(`De opgaver, der skal tildeles (1-${String(MAX_BULK_TASKS)})`),
  assignee: boundedText('key')
    .nullable()
    .describe('Brugerens id (1-64 tegn, uden @); null fjerner tildelingen'),
});

const categorySchema = z.object({
  key: z.string().describe('Nøglen: små bogstaver, tal og bindestreger (højst 40 tegn)'),
  name: z.string().describe('Navnet (højst 80 tegn)'),
});

/** The inbox's fields as the use case names them, and as the query string names them. */
const inboxFields: Readonly<Record<string, string>> = {
  types: 'type',
  category: 'kategori',
  assignee: 'tildelt',
  dueBefore: 'fristFoer',
  withQueries: 'medUndring',
  sort: 'sortering',
  limit: 'antal',
  after: 'efter',
};

/** An inbox error names the query parameter the caller sent (`fristFoer`, not `dueBefore`). */
function inboxProblem(error: DomainError): DomainError {
  if (error.field === undefined) return error;
  const [head = '', ...rest] = error.field.split('.');
  const name = inboxFields[head];
  return name === undefined ? error : { ...error, field: [name, ...rest].join('.') };
}

/** Only the acting municipality may start or complete some tasks: the fault lies in the caller's header. */
function actingProblem(error: DomainError): DomainError {
  return error.code === 'ikke-handlekommune' && error.field === undefined ? error : error;
}

/** A comma-separated or repeated query parameter as its values. */
function values(value: string | readonly string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const all = (typeof value === 'string' ? [value] : value).flatMap((v) => v.split(','));
  return all.map((v) => v.trim()).filter((v) => v !== '');
}

/** A stored CPR number as the API writes it everywhere: DDMMYY-SSSS. */
const cprView = (cpr: string): string => (/^\d{10}$/.test(cpr) ? formatCpr(cpr as Cpr) : cpr);

function rowView(types: TaskTypes, row: InboxRow) {
  const type = types.get(row.type);
  return {
    ...row,
    cpr: cprView(row.cpr),
    typeName: type.ok ? type.value.name : row.type,
    createdAt: row.createdAt.toString(),
  };
}

function eventView(event: TaskEventRecord) {
  return {
    occurredAt: event.occurredAt.toString(),
    actor: event.actor,
    type: event.type,
    step: event.step,
    data: event.data,
  };
}

/** The task view as the response schema takes it. */
const taskJson = (task: TaskView): z.input<typeof taskViewSchema> => task;

/** The routes of the task engine, over the registry of task types the composition root builds. */
export function taskRoutes(types: TaskTypes): AppPlugin {
  return (instance, { deps }) => {
    const app = instance.withTypeProvider<ZodTypeProvider>();

    app.get(
      '/api/tasks',
      {
        config: { access: 'laes-indbakke' },
        schema: {
          tags: [TAG],
          summary: 'Opgaveindbakken: kommunens opgaver, filtreret og sorteret, en side ad gangen',
          description:
            'Viser opgaverne i den indloggede brugers kommune; standard er de åbne, ældste først. ' +
            'Næste side hentes med efter=<next>. Hver borger, der vises, logges i adgangsloggen.',
          querystring: inboxQuerySchema,
          response: {
            200: z.object({
              rows: z.array(inboxRowSchema).describe('Sidens opgaver'),
              next: z.string().nullable().describe('Markøren til næste side; null på sidste side'),
            }),
          },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const q = request.query;
        const query: InboxQuery = {
          status: values(q.status),
          types: values(q.type),
          category: q.kategori,
          assignee: q.tildelt,
          cpr: q.cpr,
          dueBefore: q.fristFoer,
          withQueries: q.medUndring === undefined ? undefined : q.medUndring === 'true',
          sort: q.sortering,
          limit: q.antal,
          after: q.efter,
        };
        const page = await listInbox(deps, types, actor.value, 'api', query);
        if (!page.ok) return sendProblem(reply, problemFor(inboxProblem(page.error)));
        return { rows: page.value.rows.map((row) => rowView(types, row)), next: page.value.next };
      },
    );

    app.get(
      '/api/tasks/counts',
      {
        config: { access: 'laes-indbakke' },
        schema: {
          tags: [TAG],
          summary:
            'Antal opgaver i kaldets kommune pr. status og opgavetype, og de åbne, der er mine eller ufordelte',
          description:
            'Tællingen gælder hele kommunen, uanset indbakkens filtre, og er eksakt. Viser ingen borgere.',
          response: { 200: countsSchema },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const counts = await countInbox(deps, actor.value, 'api');
        if (!counts.ok) return sendProblem(reply, problemFor(counts.error));
        const { statuses, types: byType, mine, unassigned } = counts.value;
        return { statuses: [...statuses], types: [...byType], mine, unassigned };
      },
    );

    app.post(
      '/api/tasks/assignments',
      {
        config: { access: 'arbejd-opgave' },
        schema: {
          tags: [TAG],
          summary: 'Tildel mange opgaver på én gang, eller fjern deres tildeling',
          description:
            'Alle opgaverne tildeles i én transaktion, hver som handlingen tildel: kun kommunens egne, åbne ' +
            'opgaver, med den version sagsbehandleren så. Afvises én, tildeles ingen; fejlen (fx 409 konflikt ' +
            'eller 403 ikke-ejer) nævner opgaven i detail, field er tasks.<nr> og details.taskId dens id.',
          body: bulkAssignmentSchema,
          response: { 200: z.object({ tasks: z.array(taskViewSchema).describe('Opgaverne, som de er nu') }) },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const done = await assignTasks(deps, types, actor.value, 'api', request.body);
        if (!done.ok) return sendProblem(reply, problemFor(done.error));
        return { tasks: done.value.map(taskJson) };
      },
    );

    app.post(
      '/api/tasks',
      {
        config: { access: 'arbejd-opgave' },
        schema: {
          tags: [TAG],
          summary: 'Start en opgave manuelt for en borger',
          description:
            'Opgaven tilhører kaldets kommune. Kun typer, der kan startes manuelt, kan startes her; typen ' +
            'kan stille flere krav (fx at kommunen er handlekommune).',
          body: startTaskSchema,
          response: { 201: taskViewSchema },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const started = await startTask(deps, types, actor.value, 'api', request.body);
        if (!started.ok) return sendProblem(reply, problemFor(actingProblem(started.error)));
        return reply.status(201).send(taskJson(started.value));
      },
    );

    app.get(
      '/api/tasks/:id',
      {
        config: { access: 'laes-borger' },
        schema: {
          tags: [TAG],
          summary: 'En opgave med dens trin, undringer og hændelser',
          description:
            'Enhver sagsbehandler kan se opgaven (opslaget logges); kun ejerkommunens kan handle på den.',
          params: idParams,
          response: {
            200: z.object({
              task: taskViewSchema,
              cpr: z.string().describe('Borgerens CPR-nummer (DDMMYY-SSSS)'),
              personName: z.string().describe('Borgerens navn'),
              events: z.array(eventSchema).describe('Opgavens hændelser, ældste først'),
            }),
          },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const found = await getTask(deps, types, actor.value, 'api', request.params.id);
        if (!found.ok) return sendProblem(reply, problemFor(found.error));
        return {
          task: taskJson(found.value.task),
          cpr: cprView(found.value.cpr),
          personName: found.value.personName,
          events: found.value.events.map(eventView),
        };
      },
    );

    app.post(
      '/api/tasks/:id/handlinger',
      {
        config: { access: 'arbejd-opgave' },
        schema: {
          tags: [TAG],
          summary: 'Handl på en opgave: gå videre, tilbage, spring over, undringer, luk, tildel, kategorier',
          description:
            'Kun sagsbehandlere i kommunen, der ejer opgaven, kan handle (ellers 403 ikke-ejer). Handlingen ' +
            'sendes med den version af opgaven, sagsbehandleren så; er opgaven ændret siden, afvises den med ' +
            '409 konflikt, og svaret bærer opgaven, som den er nu, i details.task. En afvist handling ' +
            'ændrer intet. effects er, hvad afslutningen af opgaven gjorde, når handlingen afsluttede den.',
          params: idParams,
          body: taskActionBodySchema,
          response: {
            200: z.object({
              task: taskViewSchema,
              effects: record
                .nullable()
                .describe('Afslutningens virkning; null når opgaven ikke blev afsluttet'),
            }),
          },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const { version, handling } = request.body;
        const done = await actOnTask(deps, types, actor.value, 'api', request.params.id, version, handling);
        if (!done.ok) return sendProblem(reply, problemFor(actingProblem(done.error)));
        return { task: taskJson(done.value.task), effects: done.value.effects };
      },
    );

    app.get(
      '/api/task-types',
      {
        config: { access: 'laes-indbakke' },
        schema: {
          tags: [TAG],
          summary: 'De opgavetyper, systemet kender, med deres trin',
          response: {
            200: z.array(
              z.object({
                key: z.string().describe('Opgavetypens nøgle'),
                name: z.string().describe('Det danske navn'),
                dueDays: z
                  .number()
                  .int()
                  .nullable()
                  .describe('Dage fra oprettelse til frist; null: ingen frist'),
                startableByHand: z.boolean().describe('Om en sagsbehandler kan starte typen manuelt'),
                steps: z.array(
                  z.object({
                    key: z.string(),
                    name: z.string(),
                    mode: z.enum(stepModes),
                    skippable: z.boolean(),
                    inputSchema: record.nullable().describe('JSON Schema for trinnets input'),
                  }),
                ),
              }),
            ),
          },
        },
      },
      () =>
        types.all().map((type) => ({
          key: type.key,
          name: type.name,
          dueDays: type.dueDays,
          startableByHand: type.startableByHand,
          steps: type.steps.map((s) => ({
            key: s.key,
            name: s.name,
            mode: s.mode,
            skippable: s.skippable,
            inputSchema: inputSchemaOf(s),
          })),
        })),
    );

    app.get(
      '/api/task-categories',
      {
        config: { access: 'laes-indbakke' },
        schema: {
          tags: [TAG],
          summary: 'Kaldets kommunes opgavekategorier',
          response: { 200: z.array(categorySchema) },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const found = await listTaskCategories(deps, actor.value, 'api');
        if (!found.ok) return sendProblem(reply, problemFor(found.error));
        return found.value;
      },
    );

    app.post(
      '/api/task-categories',
      {
        config: { access: 'opret-opgavekategori' },
        schema: {
          tags: [TAG],
          summary: 'Opret en opgavekategori i kaldets kommune',
          description: 'En nøgle, kommunen allerede har, afvises med 409 konflikt.',
          body: z.strictObject(categorySchema.shape),
          response: { 201: categorySchema },
        },
      },
      async (request, reply) => {
        const actor = actorFromRequest(request);
        if (!actor.ok) return sendProblem(reply, problemFor(actor.error));
        const created = await createTaskCategory(deps, actor.value, 'api', request.body);
        if (!created.ok) return sendProblem(reply, problemFor(created.error));
        return reply.status(201).send(created.value);
      },
    );
    return Promise.resolve();
  };
}
