/** A signed-in caseworker as the pages see one, for tests that render a page without a request. */
import type { MunicipalityCode } from '../../src/kernel/index.ts';
import type { WebActor } from '../../src/platform/web/web-actor.ts';

export function testWebActor(municipality = '101', userId = `sb${municipality}`): WebActor {
  return {
    actor: {
      kind: 'bruger',
      userId,
      municipality: municipality as MunicipalityCode,
      roles: ['sagsbehandler'],
    },
    userId,
    municipality: municipality as MunicipalityCode,
    label: `${userId}, kommune ${municipality}`,
    csrfToken: 'a'.repeat(64),
  };
}
