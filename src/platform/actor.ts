/** Who is acting: a caseworker of a municipality, or the system itself (a job, an integration). */
import type { MunicipalityCode } from '../kernel/index.ts';

export type Actor =
  | { readonly kind: 'bruger'; readonly userId: string; readonly municipality: MunicipalityCode | null }
  | { readonly kind: 'system'; readonly name: string };

/** The actor as written in events and the access log: `bruger:sb101@101`, `system:daglig-flytning`. */
export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case 'bruger':
      return `bruger:${actor.userId}${actor.municipality === null ? '' : `@${actor.municipality}`}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

/** The system acting under a name. */
export const systemActor = (name: string): Actor => ({ kind: 'system', name });
