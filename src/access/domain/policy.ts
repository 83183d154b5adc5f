/**
 * Who may do what: one pure policy per use case (docs/security.md). A use case names its action; the
 * use-case shell checks the action against the actor's roles, whatever the entry point (API, page, CLI,
 * scenario), and every read of a person's data against the person's relations to the actor's municipality.
 * A route or page names the same action, so a request is refused before any work, and the API document
 * shows who may call it.
 */
import type { DomainError, Result } from '../../kernel/index.ts';
import { ok } from '../../kernel/index.ts';
import type { Actor } from '../../platform/actor.ts';
import type { ServiceRole, UserRole } from './roles.ts';

interface ActionPolicy {
  /** What the action is, in Danish, for refusals and the API document. */
  readonly label: string;
  readonly roles: readonly UserRole[];
  readonly services: readonly ServiceRole[];
  /** The whole installation's, not one municipality's (the national rates, the runs): no municipality needed. */
  readonly installation?: true;
}

const readers: readonly UserRole[] = ['sagsbehandler', 'supportberettiget', 'systemansvarlig', 'laeseadgang'];
const caseworker: readonly UserRole[] = ['sagsbehandler'];
const owner: readonly UserRole[] = ['systemansvarlig'];

/**
 * Every action a use case may take, with the roles that allow it. `laeseadgang` appears only on reads:
 * a read-only user never writes.
 */
export const actionPolicies = {
  'laes-borger': { label: 'læse en borgers oplysninger', roles: readers, services: [] },
  'laes-indbakke': { label: 'se opgaveindbakken', roles: readers, services: [] },
  'laes-satser': { label: 'se satserne', roles: readers, services: [], installation: true },
  'opret-borger': { label: 'oprette en borger', roles: caseworker, services: ['cpr-integration'] },
  'ret-borger': { label: 'rette en borgers oplysninger', roles: caseworker, services: [] },
  'modtag-cpr': { label: 'modtage CPR-hændelser', roles: [], services: ['cpr-integration'] },
  'laes-cpr-fejl': {
    label: 'se CPR-fejlkøen',
    roles: ['systemansvarlig', 'supportberettiget'],
    services: [],
    // A municipality's user sees its own messages; the operator the whole queue (the use case filters).
    installation: true,
  },
  'bestem-handlekommune': { label: 'bestemme handlekommunen manuelt', roles: caseworker, services: [] },
  'registrer-fraflytning': { label: 'registrere en fraflytning', roles: caseworker, services: [] },
  'arbejd-opgave': { label: 'arbejde med opgaver', roles: caseworker, services: [] },
  'genaabn-konvertering': {
    label: 'genåbne en afvist konverteringsopgave',
    roles: ['supportberettiget'],
    services: [],
  },
  'opret-opgavekategori': { label: 'oprette opgavekategorier', roles: owner, services: [] },
  sagsbehandling: {
    label: 'behandle sager (oprette, bevilge, registrere, høre, afgøre, genberegne, journalisere)',
    roles: caseworker,
    services: [],
  },
  koersel: { label: 'starte og genoptage kørsler', roles: owner, services: [], installation: true },
  satser: { label: 'indlæse satser', roles: owner, services: [], installation: true },
  udbetalingsfiler: {
    label: 'hente udbetalingsfiler',
    roles: owner,
    services: ['udbetalingsfiler'],
  },
  adgangslog: { label: 'søge i adgangsloggen', roles: owner, services: [] },
  timeregel: {
    label: 'konvertere og udtrække 225-timersreglens data',
    roles: owner,
    services: [],
    // The legacy file holds every municipality's rows: the operator converts it all, a municipality's
    // system owner only its own (the use case checks).
    installation: true,
  },
  'send-breve': { label: 'sende breve', roles: owner, services: [] },
} as const satisfies Record<string, ActionPolicy>;

export type Action = keyof typeof actionPolicies;
export const actions = Object.keys(actionPolicies) as Action[];
export const isAction = (value: string): value is Action => Object.hasOwn(actionPolicies, value);

const refusal = (message: string): DomainError => ({ code: 'ingen-adgang', message });

/**
 * May the actor take the action at all? The system (a job) may; a service client when it holds one of the
 * action's service roles; a user when a municipality is known and one of the user's roles allows it.
 */
export function authorize(actor: Actor, action: Action): Result<void> {
  const policy: ActionPolicy = actionPolicies[action];
  switch (actor.kind) {
    case 'system':
      return ok(undefined);
    case 'tjeneste':
      return actor.roles.some((role) => policy.services.includes(role))
        ? ok(undefined)
        : { ok: false, error: refusal(`Integrationen ${actor.name} må ikke ${policy.label}`) };
    case 'bruger':
      if (actor.municipality === null && policy.installation !== true) {
        return { ok: false, error: refusal('Brugeren handler ikke for nogen kommune') };
      }
      if (actor.roles.length === 0) {
        return { ok: false, error: refusal('Brugeren har ingen rolle i OpenYdelse') };
      }
      return actor.roles.some((role) => policy.roles.includes(role))
        ? ok(undefined)
        : { ok: false, error: refusal(`Din rolle giver ikke adgang til at ${policy.label}`) };
  }
}

/** How a municipality is related to a person now: the facts the read policy decides on. */
export type PersonRelation = 'handlekommune' | 'bopaelskommune' | 'egen-opgave' | 'egen-sag';

export interface PersonAccessFacts {
  readonly relations: readonly { readonly municipality: string; readonly relation: PersonRelation }[];
}

/**
 * May the actor read this person's data? A user of the acting municipality, of the residence municipality,
 * or of a municipality with a task or a case of its own for the person, open or closed: a former acting
 * municipality keeps its follow-ups and its own case history (a recalculation of the months it paid, a
 * repayment claim). The system and the CPR integration may; the file pickup reads no person.
 * Returns the relation that allows it (for the access log), or null.
 */
export function mayReadPerson(actor: Actor, facts: PersonAccessFacts): PersonRelation | 'system' | null {
  switch (actor.kind) {
    case 'system':
      return 'system';
    case 'tjeneste':
      return actor.roles.includes('cpr-integration') ? 'system' : null;
    case 'bruger': {
      if (actor.municipality === null || actor.roles.length === 0) return null;
      const found = facts.relations.find((fact) => fact.municipality === actor.municipality);
      return found?.relation ?? null;
    }
  }
}
