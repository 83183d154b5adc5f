/**
 * Who is acting: a signed-in user of a municipality with roles, an integration (a service client with its
 * own credentials and roles), or the system itself (a job). The actor is resolved once per request from a
 * verified identity (src/access); the CLI and the scenario runner name their user the same way.
 */
import type { ServiceRole, UserRole } from '../access/index.ts';
import type { MunicipalityCode } from '../kernel/index.ts';

export type Actor =
  | {
      readonly kind: 'bruger';
      readonly userId: string;
      readonly municipality: MunicipalityCode | null;
      readonly roles: readonly UserRole[];
    }
  | { readonly kind: 'tjeneste'; readonly name: string; readonly roles: readonly ServiceRole[] }
  | { readonly kind: 'system'; readonly name: string };

/** The actor as written in events and the access log: `bruger:sb101@101`, `tjeneste:cpr`, `system:daglig-flytning`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'bruger':
      return `bruger:${actor.userId}${actor.municipality === null ? '' : `@${actor.municipality}`}`;
    case 'tjeneste':
      return `tjeneste:${actor.name}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

/** The system acting under a name. */
export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** A caseworker of a municipality (the CLI's and the scenario runner's default role). */
export const caseworkerActor = (
  userId: string,
  municipality: MunicipalityCode | null,
  roles: readonly UserRole[] = ['sagsbehandler'],
): Actor => ({ kind: 'bruger', userId, municipality, roles });
