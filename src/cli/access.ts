/**
 * `ydelse token` and `ydelse adgangslog`: a local API token for a user or an integration (the demo and
 * tests; refused when the municipality's login is configured), and the system owner's search in the access
 * log. Both act as the user named by the global options, like every other command.
 */
import type { Command } from 'commander';
import { Temporal } from 'temporal-polyfill';
import { createSession, isServiceRole, oidcSettingsFromEnv, searchAccessLog } from '../access/index.ts';
import { formatLocalDateTime } from '../kernel/index.ts';
import type { Actor } from '../platform/actor.ts';
import { reportError, type Io } from './output.ts';
import { openRuntime } from './runtime.ts';

export function registerAccessCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
  actorOf: () => Actor | number,
): void {
  const withRuntime = async (work: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<number>) => {
    const runtime = await openRuntime({ migrate: true });
    try {
      setExit(await work(runtime));
    } finally {
      await runtime.close();
    }
  };

  program
    .command('token')
    .description(
      'udsted en lokal adgangsbillet til API’et (Authorization: Bearer) for brugeren i --bruger, --bruger-kommune og --rolle, eller for en integration med --tjeneste; gælder 8 timer (kun uden kommunens login)',
    )
    .option('--tjeneste <navn>', 'en integration, fx cpr, med rollen i --tjeneste-rolle')
    .option('--tjeneste-rolle <rolle>', 'cpr-integration eller udbetalingsfiler')
    .action((options: { tjeneste?: string; tjenesteRolle?: string }) => {
      if (oidcSettingsFromEnv(process.env) !== undefined) {
        setExit(
          reportError(io, {
            code: 'ingen-adgang',
            message: 'Kommunens login er sat op (YDELSE_OIDC_ISSUER): adgangsbilletter udstedes af det',
          }),
        );
        return Promise.resolve();
      }
      let subject: Parameters<typeof createSession>[2];
      if (options.tjeneste !== undefined) {
        const role = options.tjenesteRolle ?? '';
        if (!/^[a-z][a-z0-9-]{0,63}$/.test(options.tjeneste)) {
          setExit(
            reportError(io, { code: 'ugyldigt-input', message: 'Navnet er ugyldigt', field: '--tjeneste' }),
          );
          return Promise.resolve();
        }
        if (!isServiceRole(role)) {
          setExit(
            reportError(io, {
              code: 'ugyldigt-input',
              message: 'Angiv cpr-integration eller udbetalingsfiler',
              field: '--tjeneste-rolle',
            }),
          );
          return Promise.resolve();
        }
        subject = { kind: 'tjeneste', name: options.tjeneste, roles: [role] };
      } else {
        const actor = actorOf();
        if (typeof actor === 'number') {
          setExit(actor);
          return Promise.resolve();
        }
        if (actor.kind !== 'bruger' || actor.municipality === null) {
          setExit(
            reportError(io, {
              code: 'ikke-godkendt',
              message: 'Angiv den kommune, brugeren arbejder i, med --bruger-kommune',
              field: '--bruger-kommune',
            }),
          );
          return Promise.resolve();
        }
        subject = actor;
      }
      return withRuntime(async (runtime) => {
        const { secret } = await createSession(runtime.deps.db, 'api', subject, {
          now: runtime.deps.clock.now(),
        });
        io.out(secret);
        return 0;
      });
    });

  program
    .command('adgangslog')
    .description(
      'søg i adgangsloggen: hvem i kommunen har læst hvilke borgeres oplysninger (kræver --rolle systemansvarlig)',
    )
    .option('--cpr <cpr>', 'kun opslag om borgeren')
    .option('--om-bruger <id>', 'kun opslag af brugeren')
    .option('--fra <dato>', 'fra og med dagen (YYYY-MM-DD)')
    .option('--til <dato>', 'til og med dagen (YYYY-MM-DD)')
    .option('--antal <n>', 'højst så mange rækker, nyeste først (1-500)', '100')
    .option('--json', 'som JSON', false)
    .action(
      (options: {
        cpr?: string;
        omBruger?: string;
        fra?: string;
        til?: string;
        antal: string;
        json: boolean;
      }) => {
        const actor = actorOf();
        if (typeof actor === 'number') {
          setExit(actor);
          return Promise.resolve();
        }
        return withRuntime(async (runtime) => {
          const found = await searchAccessLog(runtime.deps, actor, 'cli', {
            cpr: options.cpr,
            user: options.omBruger,
            from: options.fra,
            to: options.til,
            limit: /^\d{1,4}$/.test(options.antal) ? Number(options.antal) : Number.NaN,
          });
          if (!found.ok) {
            return reportError(io, found.error, {
              cpr: '--cpr',
              user: '--om-bruger',
              from: '--fra',
              to: '--til',
              limit: '--antal',
            });
          }
          if (options.json) {
            io.out(JSON.stringify(found.value, null, 2));
            return 0;
          }
          if (found.value.length === 0) io.out('Ingen opslag');
          for (const row of found.value) {
            const at = formatLocalDateTime(Temporal.Instant.from(row.at));
            io.out(`${at}  ${row.actor}  ${row.cpr} ${row.name}  ${row.purpose} (${row.channel})`);
          }
          return 0;
        });
      },
    );
}
