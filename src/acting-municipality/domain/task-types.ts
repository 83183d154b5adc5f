/**
 * The move processes of KP 5.4.0 as task types on the step engine (domain §2, §3): "Registrer
 * fraflytning", "Bestem handlekommune manuelt" and the follow-ups the 04:00 run creates. Pure definitions:
 * what the shell adds (facts, who may start, what completion does) is in ../task-types.ts.
 */
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { type MunicipalityCode } from '../../kernel/index.ts';
import type { StepContext, StepDefinition, StepFieldMeta, TaskTypeDefinition } from '../../tasks/index.ts';
import { manualActingReasons, type ManualPeriod } from './acting-rule.ts';
import {
  decideManualAction,
  manualActions,
  type ManualAction,
  type ManualActionInput,
} from './decide-manual-action.ts';

/** The follow-ups' due date: 14 days to look at them (our rule; the sources give none). */
const FOLLOW_UP_DAYS = 14;

const anyData = z.record(z.string(), z.unknown());
const note = z.string().trim().min(1, 'Skriv et notat');

/** "Opsummering": every task a caseworker handles ends with it, and it can never be skipped. */
const summary: StepDefinition = {
  key: 'opsummering',
  name: 'Opsummering',
  mode: 'manuel',
  skippable: false,
};

export const registerMoveOutType: TaskTypeDefinition = {
  key: 'registrer-fraflytning',
  name: 'Registrer fraflytning',
  data: z.object({
    to: z.string(),
    moveDate: z.string(),
    /** The acting municipality did not change with the move (a manual period holds). */
    dutyStays: z.boolean(),
  }),
  dueDays: FOLLOW_UP_DAYS,
  startableByHand: false,
  steps: [
    {
      key: 'effektuer-flytning',
      name: 'Effektuér flytningen',
      mode: 'automatisk',
      skippable: false,
      run: ({ data }) => ({ to: data['to'], moveDate: data['moveDate'] }),
    },
    {
      // KP 5.4.0 §3.2: it stops only when the duty stays and the subscriptions of those at the old address
      // must be decided (bopælssamlingsabonnementer; our reading: the spouse's).
      key: 'vurder-bopaelssamlingsabonnementer',
      name: 'Vurder bopælssamlingsabonnementer',
      mode: 'automatisk',
      skippable: false,
      input: z
        .object({ beslutning: z.enum(['behold', 'ophaev']), notat: z.string().trim().optional() })
        .strict(),
      queries: ({ data, facts }) =>
        data['dutyStays'] === true && typeof facts['spouse'] === 'string'
          ? [
              {
                code: 'bopaelssamlingsabonnementer',
                text: `Handleansvaret bliver hos kommunen: tag stilling til CPR-abonnementet på ægtefællen ${facts['spouse']} på den tidligere adresse`,
                mandatory: true,
              },
            ]
          : [],
      run: ({ inputs }) => ({
        beslutning: inputs['vurder-bopaelssamlingsabonnementer']?.['beslutning'] ?? 'ingen-aendring',
      }),
    },
  ],
};

/** The facts "Bestem handlekommune manuelt" decides against, loaded by the shell. */
export interface ManualActingFacts {
  readonly actorMunicipality: MunicipalityCode;
  readonly currentActing: MunicipalityCode | null;
  readonly open: ManualPeriod | undefined;
  readonly nextRun: Temporal.PlainDate;
}

const date = z.string().describe('YYYY-MM-DD');

/** A field of the period that applies to the actions named, and must be given for those in `required`. */
const forActions = (
  values: readonly ManualAction[],
  required: readonly ManualAction[] = [],
): StepFieldMeta => ({ 'x-under-choice': { field: 'action', values, required } });

const period: readonly ManualAction[] = ['opret', 'rediger'];

/** What "Angiv handlekommune og periode" takes (also the API's body for the one-call process). */
export const manualInput = z.strictObject({
  action: z.enum(manualActions).describe('opret, rediger, stands eller fortryd'),
  municipality: z
    .string()
    .optional()
    .describe('Den manuelle handlekommune (kommunekode); kræves ved opret')
    .meta({ 'x-municipality': true, ...forActions(period, ['opret']) }),
  from: date
    .optional()
    .describe('Første dag; kræves ved opret')
    .meta(forActions(period, ['opret'])),
  to: date
    .nullable()
    .optional()
    .describe('Sidste dag (med); null: uden slutdato. Kræves ved stands')
    .meta(forActions([...period, 'stands'], ['stands'])),
  reason: z
    .enum(manualActingReasons)
    .optional()
    .describe('Årsagen; kræves ved opret')
    .meta(forActions(period, ['opret'])),
  agreement: z
    .boolean()
    .optional()
    .describe('Aftale med den anden kommune (rsl § 9, stk. 9)')
    .meta(forActions(period)),
  consent: z.boolean().optional().describe('Borgerens samtykke (rsl § 9, stk. 9)').meta(forActions(period)),
});

/** The registration the task decides, from what was entered on its first step and the facts of now. */
export function decideManualTask(
  input: Readonly<Record<string, unknown>>,
  context: Pick<StepContext, 'facts'>,
) {
  return decideManualAction(
    context.facts as unknown as ManualActingFacts,
    input as unknown as ManualActionInput,
  );
}

export const determineActingType: TaskTypeDefinition = {
  key: 'bestem-handlekommune-manuelt',
  name: 'Bestem handlekommune manuelt',
  data: anyData,
  dueDays: null,
  startableByHand: true,
  steps: [
    {
      key: 'angiv-handlekommune',
      name: 'Angiv handlekommune og periode',
      mode: 'manuel',
      skippable: false,
      input: manualInput,
      check: decideManualTask,
    },
    summary,
  ],
};

function followUp(key: string, name: string, step: StepDefinition): TaskTypeDefinition {
  return {
    key,
    name,
    data: anyData,
    dueDays: FOLLOW_UP_DAYS,
    startableByHand: false,
    steps: [step, summary],
  };
}

const look = (key: string, name: string): StepDefinition => ({
  key,
  name,
  mode: 'manuel',
  skippable: false,
  input: z.object({ notat: note }).strict(),
});

export const followUpTypes: readonly TaskTypeDefinition[] = [
  followUp('opfoelgning-oekonomiske-udestaaender', 'Opfølgning: økonomiske udeståender', {
    key: 'opgoer-udestaaender',
    name: 'Opgør udeståender',
    mode: 'manuel',
    skippable: false,
    input: z.object({ afregnet: z.boolean(), notat: note }).strict(),
  }),
  followUp(
    'opfoelgning-administration',
    'Opfølgning: administration af økonomi (APØ)',
    look('vurder-administration', 'Vurder administrationen'),
  ),
  followUp(
    'opfoelgning-institutionsophold',
    'Opfølgning: institutionsophold',
    look('vurder-institutionsophold', 'Vurder institutionsopholdet'),
  ),
  followUp(
    'opfoelgning-tilflytning-uden-handleansvar',
    'Opfølgning: tilflytning uden handleansvar',
    look('kontroller-registrering', 'Kontrollér den manuelle handlekommune'),
  ),
  followUp(
    'opfoelgning-modtaget-handleansvar',
    'Opfølgning: modtaget handleansvar',
    look('modtag-handleansvar', 'Tag imod handleansvaret'),
  ),
];

/** Every move task type, pure. */
export const moveTaskDefinitions: readonly TaskTypeDefinition[] = [
  registerMoveOutType,
  determineActingType,
  ...followUpTypes,
];

export const moveTaskTypeKeys = [
  'registrer-fraflytning',
  'bestem-handlekommune-manuelt',
  'opfoelgning-oekonomiske-udestaaender',
  'opfoelgning-administration',
  'opfoelgning-institutionsophold',
  'opfoelgning-tilflytning-uden-handleansvar',
  'opfoelgning-modtaget-handleansvar',
] as const;
export type MoveTaskKey = (typeof moveTaskTypeKeys)[number];

/** The definition of a move task type (the daily run creates only these). */
export function moveTaskDefinition(key: string): TaskTypeDefinition {
  const found = moveTaskDefinitions.find((d) => d.key === key);
  if (found === undefined) throw new Error(`unknown move task type ${key}`);
  return found;
}
