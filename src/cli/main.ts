/** The `ydelse` command: one entry point for operators, caseworkers' scripts, tests and CI. */
import os from 'node:os';
import { Command, CommanderError, Option } from 'commander';
import { manualActingReasons } from '../acting-municipality/index.ts';
import { findAffectedCases } from '../cases/index.ts';
import { parseMunicipalityCode, parseUserId, type MunicipalityCode } from '../kernel/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { ConfigError } from '../platform/config.ts';
import { EmbeddedPostgresError } from '../platform/db/embedded.ts';
import { seedDemo } from '../demo/index.ts';
import { printBankDays } from './calendar.ts';
import { speakDanish } from './danish.ts';
import { cprErrorsCommand, importCprCommand } from './cpr.ts';
import { processIo, reportError, type Io } from './output.ts';
import {
  createPersonCommand,
  manualActingCommand,
  moveOutCommand,
  readPurposes,
  refusePurpose,
  showPersonCommand,
  type CreatePersonOptions,
  type ManualActingOptions,
  type MoveOutOptions,
} from './person.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { fetchFileCommand, listFilesCommand, statementCommand } from './payments.ts';
import { registerRunCommands } from './run.ts';
import { registerCaseCommands } from './sag.ts';
import { registerHoursRuleCommands } from './timeregel.ts';
import { registerAccessCommands } from './access.ts';
import { isUserRole, userRoles } from '../access/index.ts';
import { runScenarioCommand } from './scenario.ts';
import { importRatesCommand, previewRatesCommand, showRatesCommand } from './satser.ts';
import {
  startTaskCommand,
  taskActionCommand,
  taskBatchCommand,
  type StartOptions,
  type TaskBatchOptions,
} from './tasks.ts';
import { serve, work } from './serve.ts';

interface ActorOptions {
  readonly bruger: string;
  readonly brugerKommune?: string;
  readonly rolle: string;
}

/**
 * The user a command acts as: `--bruger`, `--bruger-kommune` and `--rolle` (comma-separated), checked by
 * the same policies as a signed-in user's requests.
 */
function cliActor(io: Io, options: ActorOptions): Actor | number {
  const userId = parseUserId(options.bruger, '--bruger');
  if (!userId.ok) return reportError(io, userId.error);
  let municipality: MunicipalityCode | null = null;
  if (options.brugerKommune !== undefined) {
    const parsed = parseMunicipalityCode(options.brugerKommune);
    if (!parsed.ok) return reportError(io, { ...parsed.error, field: '--bruger-kommune' });
    municipality = parsed.value;
  }
  const roles = options.rolle.split(',').map((role) => role.trim());
  const unknown = roles.find((role) => !isUserRole(role));
  if (unknown !== undefined) {
    return reportError(io, {
      code: 'ugyldigt-input',
      message: `Ukendt rolle "${unknown}": brug ${userRoles.join(', ')}`,
      field: '--rolle',
    });
  }
  return { kind: 'bruger', userId: userId.value, municipality, roles: roles.filter(isUserRole) };
}

/** A caseworker acting for a municipality: `--bruger-kommune` must be given. */
function municipalActor(io: Io, options: ActorOptions): Actor | number {
  if (options.brugerKommune === undefined) {
    return reportError(io, {
      code: 'ikke-godkendt',
      message: 'Angiv den kommune, du handler for, med --bruger-kommune',
      field: '--bruger-kommune',
    });
  }
  return cliActor(io, options);
}

async function withRuntime(migrate: boolean, work: (runtime: Runtime) => Promise<number>): Promise<number> {
  const runtime = await openRuntime({ migrate });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** Builds the command tree; `setExit` receives each action's exit code. */
export function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('ydelse')
    .description('OpenYdelse: sagsbehandling og udbetaling af kommunale kontantydelser')
    .exitOverride();
  speakDanish(
    program,
    (s) => io.out(s.trimEnd()),
    (s) => io.err(s.trimEnd()),
  )
    .addOption(
      new Option('--bruger <id>', 'hvem der handler (til hændelser og adgangslog)').default(
        os.userInfo().username,
      ),
    )
    .addOption(new Option('--bruger-kommune <kode>', 'brugerens kommune'))
    .addOption(
      new Option('--rolle <roller>', `brugerens roller, kommasepareret (${userRoles.join(', ')})`).default(
        'sagsbehandler',
      ),
    );

  program
    .command('start')
    .description('migrér, indlæs demodata hvis databasen er tom, og start API og arbejdsprocesser')
    .action(async () =>
      setExit(
        await withRuntime(true, async (runtime) => {
          const created = await seedDemo(runtime.deps, { onlyIfEmpty: true });
          if (created > 0) runtime.logger.info({ created }, 'demodata indlæst');
          await serve(runtime, { withWorker: true });
          return 0;
        }),
      ),
    );

  program
    .command('serve')
    .description('start API, sider og arbejdsprocesser')
    .option('--no-worker', 'uden arbejdsprocesser (kun API)')
    .action(async (options: { worker: boolean }) =>
      setExit(
        await withRuntime(true, async (runtime) => {
          await serve(runtime, { withWorker: options.worker });
          return 0;
        }),
      ),
    );

  program
    .command('worker')
    .description('start kun arbejdsprocesserne (planlagte kørsler)')
    .action(async () => setExit(await withRuntime(true, async (runtime) => (await work(runtime), 0))));

  program
    .command('migrate')
    .description('bring databasen op på nyeste version')
    .action(async () => setExit(await withRuntime(true, () => Promise.resolve(0))));

  program
    .command('seed')
    .description('indlæs data')
    .requiredOption('--demo', 'demodata: et par kommuner og borgere at klikke rundt i')
    .action(async () =>
      setExit(
        await withRuntime(true, async (runtime) => {
          io.out(`${await seedDemo(runtime.deps, { onlyIfEmpty: false })} borgere oprettet`);
          return 0;
        }),
      ),
    );

  const calendar = program.command('calendar').description('bankkalenderen');
  calendar
    .command('bank-days')
    .description('alle bankdage fra FROM til TO (begge med), én ISO-dato pr. linje')
    .argument('<FROM>', 'YYYY-MM-DD')
    .argument('<TO>', 'YYYY-MM-DD')
    .action((from: string, to: string) => setExit(printBankDays(io, from, to)));

  const person = program.command('person').description('borgere');
  person
    .command('create')
    .description('opret en borger (flag for det enkle tilfælde, --json for hele historikken)')
    .option('--cpr <cpr>', 'CPR-nummer, med eller uden bindestreg')
    .option('--navn <navn>', 'navn')
    .option('--kommune <kode>', 'bopælskommune')
    .option('--udland <land>', 'landekode ved bopæl i udlandet')
    .option('--fra <dato>', 'bopæl fra (YYYY-MM-DD)')
    .option('--civilstand <civilstand>', 'ugift, gift, skilt, ...')
    .option('--aegtefaelle <cpr>', 'ægtefællens CPR-nummer')
    .option('--no-cpr-abonnement', 'kommunen abonnerer ikke på CPR-ændringer for borgeren')
    .option('--helbredskort', 'borgeren har helbredskort', false)
    .option('--json <fil>', 'hele borgeren som JSON (samme format som API), - for stdin')
    .action(async (options: CreatePersonOptions) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(await withRuntime(true, (runtime) => createPersonCommand(runtime.deps, actor, io, options)));
    });
  person
    .command('show')
    .description('vis en borger med handlekommune, sager, linjer og åbne opgaver (opslaget logges)')
    .argument('<CPR>')
    .option(
      '--formaal <formaal>',
      `formålet med opslaget (adgangslog): ${readPurposes.join(' eller ')}`,
      'sagsbehandling',
    )
    .option('--json', 'som JSON', false)
    .action(async (cpr: string, options: { formaal: string; json: boolean }) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      const refused = refusePurpose(io, options.formaal);
      if (refused !== undefined) return setExit(refused);
      setExit(await withRuntime(true, (runtime) => showPersonCommand(runtime.deps, actor, io, cpr, options)));
    });

  person
    .command('move-out')
    .description('registrer fraflytning for en borger uden CPR-abonnement (kun handlekommunen)')
    .argument('<CPR>')
    .option('--kommune <kode>', 'tilflytningskommunen')
    .option('--udland <land>', 'landekode ved udrejse')
    .option('--dato <dato>', 'flyttedatoen (YYYY-MM-DD)')
    .action(async (cpr: string, options: MoveOutOptions) => {
      const actor = municipalActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(await withRuntime(true, (runtime) => moveOutCommand(runtime.deps, actor, io, cpr, options)));
    });

  person
    .command('statement')
    .description('udbetalingsspecifikationen for en måned som PDF (opslaget logges)')
    .argument('<CPR>')
    .argument('<PERIODE>', 'YYYY-MM')
    .option('--ud <fil>', 'PDF-filen', 'udbetalingsspecifikation.pdf')
    .action(async (cpr: string, period: string, options: { ud: string }) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(
        await withRuntime(true, (runtime) => statementCommand(runtime.deps, actor, io, cpr, period, options)),
      );
    });

  const exchange = program.command('udveksling').description('udgående filer til UDK og NemKonto');
  exchange
    .command('list')
    .description('list filerne, nyeste først')
    .option('--periode <YYYY-MM>', 'kun filer for måneden')
    .action(async (options: { periode?: string }) => {
      const actor = municipalActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(await withRuntime(true, (runtime) => listFilesCommand(runtime.deps, actor, io, options)));
    });
  exchange
    .command('hent')
    .description('skriv en fil (navnet fra list, eller --ud; - for stdout)')
    .argument('<ID>')
    .option('--ud <fil>', 'hvor filen skrives')
    .action(async (id: string, options: { ud?: string }) => {
      const actor = municipalActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(await withRuntime(true, (runtime) => fetchFileCommand(runtime.deps, actor, io, id, options)));
    });

  const acting = program
    .command('handlekommune')
    .description('bestem handlekommune manuelt (kun den aktuelle handlekommune, --bruger-kommune)');
  const manualAction = (name: string, description: string) =>
    acting
      .command(name)
      .description(description)
      .argument('<CPR>')
      .action(async (cpr: string, options: ManualActingOptions) => {
        const actor = municipalActor(io, program.opts<ActorOptions>());
        if (typeof actor === 'number') return setExit(actor);
        setExit(
          await withRuntime(true, (runtime) =>
            manualActingCommand(runtime.deps, actor, io, name, cpr, options),
          ),
        );
      });
  const periodOptions = (command: Command): Command =>
    command
      .option('--kommune <kode>', 'den manuelle handlekommune')
      .option('--fra <dato>', 'første dag (YYYY-MM-DD)')
      .option('--til <dato>', 'sidste dag, med (YYYY-MM-DD)')
      .option('--aarsag <aarsag>', `årsagen: ${manualActingReasons.join(', ')}`)
      .option('--aftale', 'aftale med den anden kommune (rsl § 9, stk. 9)')
      .option('--samtykke', 'borgerens samtykke (rsl § 9, stk. 9)');
  periodOptions(manualAction('opret', 'registrér en manuel handlekommune'));
  periodOptions(manualAction('rediger', 'ret den aktuelle eller kommende manuelle handlekommune')).option(
    '--uden-slutdato',
    'fjern slutdatoen',
  );
  manualAction('stands', 'stands den manuelle handlekommune').option(
    '--til <dato>',
    'sidste dag, med (YYYY-MM-DD)',
  );
  manualAction('fortryd', 'fortryd en manuel handlekommune, der ikke er overdraget');

  const cpr = program.command('cpr').description('indgående beskeder fra CPR');
  cpr
    .command('import')
    .description('modtag flyttebeskeder fra en fil: én JSON-besked pr. linje; exit 1 hvis nogen afvises')
    .argument(
      '<FILE>',
      'fx {"sequence":1,"cpr":"0703621007","municipality":"147","date":"2025-05-10"} pr. linje',
    )
    .action(async (file: string) =>
      setExit(
        await withRuntime(true, (runtime) =>
          importCprCommand(runtime.deps, systemActor('cpr'), io, file, {
            tty: io === processIo && process.stderr.isTTY,
          }),
        ),
      ),
    );
  cpr
    .command('errors')
    .description('fejlkøen: afviste flyttebeskeder, nyeste først')
    .option('--limit <antal>', 'antal pr. side (1-1000)', '50')
    .option('--efter <id>', 'kun poster ældre end dette id (næste side)')
    .option('--json', 'som JSON', false)
    .action(async (options: { limit: string; efter?: string; json: boolean }) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(await withRuntime(true, (runtime) => cprErrorsCommand(runtime.deps, actor, io, options)));
    });

  const tasks = program
    .command('tasks')
    .description('opgaver: genstart og lukning af åbne opgaver ved en release');
  const batch = (kind: 'genstart' | 'luk') => async (options: Omit<TaskBatchOptions, 'tty'>) =>
    setExit(
      await withRuntime(true, (runtime) =>
        taskBatchCommand(runtime.deps, systemActor(`opgave-${kind}`), io, kind, {
          ...options,
          tty: io === processIo && process.stderr.isTTY,
        }),
      ),
    );
  tasks
    .command('restart')
    .description(
      'genstart alle åbne opgaver af typerne: indtastede data og opgavekategorier ryddes, alle trin vurderes forfra, og en opgave uden undring gennemføres automatisk',
    )
    .requiredOption(
      '--types <typer>',
      'opgavetyper, kommasepareret (fx registrer-fraflytning,opfoelgning-administration)',
    )
    .option('--dry-run', 'vis hvad der ville ske pr. opgave (CSV på stdout), uden at ændre noget', false)
    .option('--rapport <fil>', 'skriv rapporten (CSV) hertil (ellers skrives ingen fil)')
    .action(batch('genstart'));
  tasks
    .command('close')
    .description('luk (annullér) alle åbne opgaver af typerne med en begrundelse')
    .requiredOption('--types <typer>', 'opgavetyper, kommasepareret')
    .requiredOption('--reason <begrundelse>', 'hvorfor opgaverne lukkes (står på hver opgave)')
    .option('--dry-run', 'vis hvad der ville ske pr. opgave (CSV på stdout), uden at ændre noget', false)
    .option('--rapport <fil>', 'skriv rapporten (CSV) hertil (ellers skrives ingen fil)')
    .action(batch('luk'));
  const asCaseworker = (work: (deps: Deps, actor: Actor) => Promise<number>) => async () => {
    const actor = municipalActor(io, program.opts<ActorOptions>());
    if (typeof actor === 'number') return setExit(actor);
    setExit(await withRuntime(true, (runtime) => work(runtime.deps, actor)));
  };
  tasks
    .command('start')
    .description(
      'start en opgave manuelt for borgeren (fx ydelsesopgave-htf, afslut-bevilling), som POST /api/tasks',
    )
    .argument('<TYPE>', 'opgavetypen')
    .argument('<CPR>')
    .option('--sag <id>', 'sagen, opgaven gælder (ellers vælges eller oprettes sagen under oplysning)')
    .option('--ydelse <ydelse>', 'ydelsen, når en ny sag oprettes (fx uddannelseshjaelp)')
    .action((type: string, cpr: string, options: StartOptions) =>
      asCaseworker((deps, actor) => startTaskCommand(deps, actor, io, type, cpr, options))(),
    );
  tasks
    .command('handl')
    .description(
      'én handling på en opgave, som POST /api/tasks/{id}/handlinger (gå videre, spring over, undringer, luk)',
    )
    .argument('<OPGAVE>', 'opgavens id')
    .argument('<HANDLING>', 'handlingen som JSON, fx {"kind":"videre","step":"opsummering"}')
    .option('--version <n>', 'opgavens version; afvises, hvis opgaven er ændret siden')
    .action((id: string, handling: string, options: { version?: string }) =>
      asCaseworker((deps, actor) => taskActionCommand(deps, actor, io, id, handling, options.version))(),
    );

  registerRunCommands(program, io, setExit);
  registerCaseCommands(program, io, setExit, {
    reader: () => cliActor(io, program.opts<ActorOptions>()),
    writer: () => municipalActor(io, program.opts<ActorOptions>()),
  });
  registerHoursRuleCommands(program, io, setExit, () => cliActor(io, program.opts<ActorOptions>()));
  registerAccessCommands(program, io, setExit, () => cliActor(io, program.opts<ActorOptions>()));

  const rates = program
    .command('satser')
    .description('satser: beløb med gyldighedsperiode, hjemmel og kilde (data/satser/README.md)');
  rates
    .command('import')
    .description('indlæs en satsfil (CSV): alt eller intet; en sats, der allerede findes, ændrer intet')
    .argument('<FIL>', 'CSV med kolonnerne noegle,beskrivelse,fra,til,beloeb,enhed,hjemmel,kilde,kildetype')
    .option('--erstat', 'erstat gemte satser, som filens rækker overlapper (de gemmes som historik)', false)
    .option('--toerloeb', 'vis hvad der ville ændres, uden at gemme noget', false)
    .action(async (file: string, options: { erstat: boolean; toerloeb: boolean }) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(
        await withRuntime(true, (runtime) => importRatesCommand(runtime.deps, actor, io, file, options)),
      );
    });
  rates
    .command('vis')
    .description('vis de gældende satser')
    .option('--noegle <noegle>', 'kun satser med denne nøgle')
    .option('--dato <dato>', 'kun satser, der gælder på datoen (YYYY-MM-DD)')
    .option('--json', 'som JSON', false)
    .action(async (options: { noegle?: string; dato?: string; json: boolean }) =>
      setExit(await withRuntime(true, (runtime) => showRatesCommand(runtime.deps, io, options))),
    );
  rates
    .command('preview')
    .description(
      'vis pr. nøgle hvad en satsfil ville tilføje og erstatte (gammelt → nyt beløb), uden at gemme',
    )
    .argument('<FIL>', 'satsfilen (CSV)')
    .action(async (file: string) => {
      const actor = cliActor(io, program.opts<ActorOptions>());
      if (typeof actor === 'number') return setExit(actor);
      setExit(
        await withRuntime(true, (runtime) =>
          previewRatesCommand(runtime.deps, actor, io, file, findAffectedCases),
        ),
      );
    });

  const scenario = program
    .command('scenario')
    .description('scenariefiler: eksekverbare eksempler på reglerne');
  scenario
    .command('run')
    .description('kør scenariefiler eller mapper med dem')
    .argument('<paths...>', 'filer (.yaml) eller mapper')
    .option('--json', 'maskinlæsbar rapport', false)
    .action(async (paths: string[], options: { json: boolean }) =>
      setExit(await runScenarioCommand(io, paths, options)),
    );

  return program;
}

/** Runs the CLI with `argv` (as process.argv); returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError || error instanceof EmbeddedPostgresError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}
