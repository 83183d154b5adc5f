/**
 * `ydelse sag vis|bevil|aendr|afslut|afvis|genberegn|partshoering|partshoering-svar|afgoer-krav|sanktioner` and `ydelse registrering tilfoej|ret|afslut|vis`: a case's
 * grants and a person's registrations, through the same use cases as the API, with the CLI's own option
 * names in errors. Without `--version` a command acts on the case as it is now.
 */
import { registerJournalCommands } from './journal.ts';
import type { Command } from 'commander';
import {
  changeGrant,
  correctRegistration,
  endGrant,
  endRegistration,
  grantCase,
  listCasesWithGrants,
  listRegistrations,
  rejectCase,
  addRegistration,
  approveRecalculation,
  answerHearing,
  decideRepaymentClaims,
  decideSanctionOnCase,
  deliverLetters,
  fileDrop,
  previewRecalculation,
  startHearing,
  type CaseView,
  type RecalculationView,
  type RegistrationInput,
  type RegistrationView,
} from '../cases/index.ts';
import { formatDanishAmount, parseAmount, type DomainError } from '../kernel/index.ts';
import { systemActor, type Actor } from '../platform/actor.ts';
import type { Deps } from '../platform/use-case.ts';
import { reportError, type Io } from './output.ts';
import { openRuntime } from './runtime.ts';

const caseFields: Readonly<Record<string, string>> = {
  cpr: 'CPR',
  id: 'SAG',
  from: '--fra',
  to: '--til',
  reason: '--begrundelse',
  decidedOn: '--afgjort',
  version: '--version',
  grantId: '--bevilling',
  fra: '--fra',
  til: '--til',
  maaneder: '--fra/--til',
};

const registrationFields: Readonly<Record<string, string>> = {
  cpr: 'CPR',
  id: 'REGISTRERING',
  kind: '--art',
  from: '--fra',
  to: '--til',
  case: '--sag',
  birthDate: '--foedselsdato',
  civilStatus: '--civilstand',
  spouseOnBenefit: '--aegtefaelle-paa-ydelse',
  activityReady: '--aktivitetsparat',
  leisureSupplement: '--fritidstillaeg',
  amount: '--beloeb',
  hours: '--timer',
  monthly: '--maanedligt',
  adults: '--voksne',
  taxRate: '--skatteprocent',
  monthlyAllowance: '--fradrag',
  reason: '--begrundelse',
  kendtPr: '--kendt-pr',
};

/** Only the acting municipality may act: when refused, the user's municipality is at fault. */
function report(io: Io, error: DomainError, fields: Readonly<Record<string, string>>): number {
  const named =
    error.code === 'ikke-handlekommune' && error.field === undefined
      ? { ...error, field: '--bruger-kommune' }
      : error;
  return reportError(io, named, fields);
}

/** `--version` as a number, or undefined when not given; an error when it is no whole number. */
function parseVersion(io: Io, text: string | undefined): number | undefined | { exit: number } {
  if (text === undefined) return undefined;
  if (!/^\d{1,9}$/.test(text)) {
    return {
      exit: reportError(io, {
        code: 'ugyldigt-input',
        message: 'Versionen skal være et helt tal (sagens version fra ydelse sag vis)',
        field: '--version',
      }),
    };
  }
  return Number(text);
}

const kroner = (amount: string): string => {
  const parsed = parseAmount(amount);
  return parsed.ok ? formatDanishAmount(parsed.value) : amount;
};

/** Prints the cases with every grant row, the superseded ones marked. */
export function printCases(io: Io, cpr: string, cases: readonly CaseView[]): void {
  io.out(`${cpr}: ${cases.length === 0 ? 'ingen sager' : `${String(cases.length)} sag(er)`}`);
  for (const c of cases) {
    io.out(
      `  ${c.id}  ${c.benefit}  ${c.status}  kommune ${c.municipality}  version ${String(c.version)}` +
        `${c.monthly === null ? '' : `  ${kroner(c.monthly)}/md.`}${c.closedReason === null ? '' : `  (${c.closedReason})`}`,
    );
    if (c.grants.length === 0) io.out('    Bevillinger: ingen');
    for (const g of c.grants) {
      const state =
        g.supersededAt === null ? 'gældende' : `afløst ${g.supersededAt} af ${g.supersededBy ?? ''}`;
      io.out(
        `    Bevilling ${g.id}  ${g.from} – ${g.to ?? 'løbende'}  afgjort ${g.decidedOn} af ${g.decidedBy}  ${state}`,
      );
      io.out(`      Begrundelse: ${g.reason}`);
    }
  }
}

const signed = (amount: string | null): string => {
  if (amount === null) return '–';
  const parsed = parseAmount(amount.replace(/^-/, ''));
  if (!parsed.ok) return amount;
  if (parsed.value === 0) return formatDanishAmount(0);
  return `${amount.startsWith('-') ? '−' : '+'}${formatDanishAmount(parsed.value)}`;
};

/** Prints a recalculation's table: per month paid, recomputed and the difference; then the totals. */
export function printRecalculation(io: Io, shown: RecalculationView): void {
  io.out(
    `Genberegning af sag ${shown.case}, ${shown.from} – ${shown.to} (efterbetaling ved kørslen for ${shown.nextRun})`,
  );
  io.out(`  ${'Måned'.padEnd(8)}  ${'Udbetalt'.padStart(16)}  ${'Genberegnet'.padStart(16)}  Forskel`);
  for (const m of shown.months) {
    const cells = [m.month.padEnd(8), kroner(m.paid).padStart(16)];
    if (m.missing !== null) io.out(`  ${cells.join('  ')}  kan ikke beregnes: ${m.missing.message}`);
    else
      io.out(`  ${cells.join('  ')}  ${kroner(m.recomputed ?? '0').padStart(16)}  ${signed(m.difference)}`);
  }
  io.out(
    `  ${'I alt'.padEnd(8)}  ${kroner(shown.totals.paid).padStart(16)}  ${kroner(shown.totals.recomputed).padStart(16)}  ${signed(shown.totals.difference)}`,
  );
}

/** Prints registrations, one a line, with their value. */
export function printRegistrations(
  io: Io,
  cpr: string,
  knownAt: string,
  rows: readonly RegistrationView[],
): void {
  io.out(`${cpr}: registreringer kendt pr. ${knownAt}: ${rows.length === 0 ? 'ingen' : String(rows.length)}`);
  for (const r of rows) {
    const value = Object.entries(r.value)
      .map(([key, v]) => `${key}=${String(v)}`)
      .join(' ');
    io.out(
      `  ${r.id}  ${r.kind}  ${r.from} – ${r.to ?? 'løbende'}${r.case === null ? '' : `  sag ${r.case}`}` +
        `${value === '' ? '' : `  ${value}`}  registreret ${r.recordedAt} af ${r.recordedBy}` +
        (r.reason === null ? '' : `  (${r.reason})`),
    );
  }
}

export interface GrantOptions {
  readonly fra?: string;
  readonly til?: string;
  readonly afgjort?: string;
  readonly begrundelse?: string;
  readonly version?: string;
}

export interface RegistrationOptions {
  readonly art?: string;
  readonly fra?: string;
  readonly til?: string;
  readonly sag?: string;
  readonly foedselsdato?: string;
  readonly civilstand?: string;
  readonly aegtefaellePaaYdelse?: boolean;
  readonly aktivitetsparat?: boolean;
  readonly fritidstillaeg?: boolean;
  readonly beloeb?: string;
  readonly timer?: string;
  readonly maanedligt?: string;
  readonly voksne?: string;
  readonly skatteprocent?: string;
  readonly fradrag?: string;
  readonly begrundelse?: string;
}

function registrationInput(options: RegistrationOptions): RegistrationInput {
  return {
    kind: options.art ?? '',
    from: options.fra ?? '',
    to: options.til ?? null,
    case: options.sag ?? null,
    birthDate: options.foedselsdato ?? null,
    civilStatus: options.civilstand ?? null,
    spouseOnBenefit: options.aegtefaellePaaYdelse ?? null,
    activityReady: options.aktivitetsparat ?? null,
    leisureSupplement: options.fritidstillaeg ?? null,
    amount: options.beloeb ?? null,
    hours: options.timer ?? null,
    monthly: options.maanedligt ?? null,
    adults: options.voksne ?? null,
    taxRate: options.skatteprocent ?? null,
    monthlyAllowance: options.fradrag ?? null,
    reason: options.begrundelse ?? null,
  };
}

/** Who acts: a reader (any caseworker) or a writer (with --bruger-kommune); an exit code when refused. */
export interface CliActors {
  readonly reader: () => Actor | number;
  readonly writer: () => Actor | number;
}

/** The options of a decision, as commander gives them. */
interface DecisionOptions {
  readonly begrundelse?: string;
  readonly hjemmel?: string;
  readonly dato?: string;
  readonly partshoering?: string;
  readonly undtagelseHjemmel?: string;
  readonly undtagelseBegrundelse?: string;
  readonly version?: string;
}

/** Registers `ydelse sag` and `ydelse registrering` on the program. */
export function registerCaseCommands(
  program: Command,
  io: Io,
  setExit: (code: number) => void,
  actors: CliActors,
): void {
  const act = async (who: 'reader' | 'writer', work: (deps: Deps, actor: Actor) => Promise<number>) => {
    const actor = actors[who]();
    if (typeof actor === 'number') return setExit(actor);
    const runtime = await openRuntime({ migrate: true });
    try {
      setExit(await work(runtime.deps, actor));
    } finally {
      await runtime.close();
    }
  };
  const versioned = async (
    options: { version?: string },
    work: (version: number | undefined) => Promise<number>,
  ): Promise<number> => {
    const version = parseVersion(io, options.version);
    if (typeof version === 'object') return version.exit;
    return work(version);
  };
  const grantPrinted = (result: Awaited<ReturnType<typeof grantCase>>): number => {
    if (!result.ok) return report(io, result.error, caseFields);
    io.out(`Bevilling ${result.value.grant} registreret`);
    printCases(io, 'Sagen', [result.value.case]);
    return 0;
  };

  const sag = program.command('sag').description('sager og deres bevillinger');
  registerJournalCommands(sag, io, { act });
  sag
    .command('vis')
    .description('vis borgerens sager med alle bevillinger, også de afløste (opslaget logges)')
    .argument('<CPR>')
    .option('--json', 'som JSON (samme som GET /api/persons/{cpr}/cases)', false)
    .action((cpr: string, options: { json: boolean }) =>
      act('reader', async (deps, actor) => {
        const found = await listCasesWithGrants(deps, actor, 'cli', cpr);
        if (!found.ok) return report(io, found.error, caseFields);
        if (options.json) io.out(JSON.stringify(found.value, null, 2));
        else printCases(io, found.value.cpr, found.value.cases);
        return 0;
      }),
    );
  const grantOptions = (command: Command): Command =>
    command
      .option('--fra <dato>', 'bevillingens første dag (YYYY-MM-DD)')
      .option('--til <dato>', 'sidste dag, med (YYYY-MM-DD); udeladt: løbende')
      .option('--afgjort <dato>', 'afgørelsens dato (YYYY-MM-DD); udeladt: i dag')
      .option('--begrundelse <tekst>', 'begrundelsen for afgørelsen')
      .option('--version <n>', 'sagens version fra ydelse sag vis; afvises, hvis sagen er ændret siden');
  grantOptions(
    sag
      .command('bevil')
      .description('bevil sagen en periode (kun handlekommunen, --bruger-kommune)')
      .argument('<SAG>', 'sagens id'),
  ).action((id: string, options: GrantOptions) =>
    act('writer', (deps, actor) =>
      versioned(options, async (version) =>
        grantPrinted(
          await grantCase(deps, actor, 'cli', id, {
            version,
            from: options.fra ?? '',
            to: options.til ?? null,
            decidedOn: options.afgjort ?? null,
            reason: options.begrundelse ?? '',
          }),
        ),
      ),
    ),
  );
  grantOptions(
    sag
      .command('aendr')
      .description('ændr en bevillings periode; den gamle række afløses og bevares')
      .argument('<SAG>', 'sagens id')
      .argument('<BEVILLING>', 'bevillingens id (den gældende række)'),
  ).action((id: string, grantId: string, options: GrantOptions) =>
    act('writer', (deps, actor) =>
      versioned(options, async (version) =>
        grantPrinted(
          await changeGrant(deps, actor, 'cli', id, grantId, {
            version,
            from: options.fra ?? '',
            to: options.til ?? null,
            decidedOn: options.afgjort ?? null,
            reason: options.begrundelse ?? '',
          }),
        ),
      ),
    ),
  );
  sag
    .command('afslut')
    .description(
      'afslut sagens løbende bevilling (eller --bevilling); sagen afsluttes, når ingen bevilling løber',
    )
    .argument('<SAG>', 'sagens id')
    .option('--til <dato>', 'bevillingens sidste dag, med (YYYY-MM-DD)')
    .option('--bevilling <id>', 'bevillingen, når det ikke er sagens løbende')
    .option('--afgjort <dato>', 'afgørelsens dato (YYYY-MM-DD); udeladt: i dag')
    .option('--begrundelse <tekst>', 'begrundelsen')
    .option('--version <n>', 'sagens version fra ydelse sag vis')
    .action((id: string, options: GrantOptions & { bevilling?: string }) =>
      act('writer', (deps, actor) =>
        versioned(options, async (version) =>
          grantPrinted(
            await endGrant(deps, actor, 'cli', id, options.bevilling, {
              version,
              to: options.til ?? '',
              decidedOn: options.afgjort ?? null,
              reason: options.begrundelse ?? '',
            }),
          ),
        ),
      ),
    );
  sag
    .command('afvis')
    .description('afvis en sag under oplysning')
    .argument('<SAG>', 'sagens id')
    .option('--begrundelse <tekst>', 'begrundelsen')
    .option('--version <n>', 'sagens version fra ydelse sag vis')
    .action((id: string, options: { begrundelse?: string; version?: string }) =>
      act('writer', (deps, actor) =>
        versioned(options, async (version) => {
          const result = await rejectCase(deps, actor, 'cli', id, {
            version,
            reason: options.begrundelse ?? '',
          });
          if (!result.ok) return report(io, result.error, caseFields);
          printCases(io, 'Sagen', [result.value]);
          return 0;
        }),
      ),
    );

  sag
    .command('genberegn')
    .description(
      'genberegn sagens udbetalte måneder; en positiv forskel efterbetales ved næste kørsel, en negativ ' +
        'bliver et foreslået tilbagebetalingskrav (trækkes ikke). --vis viser kun forskellen',
    )
    .argument('<SAG>', 'sagens id')
    .option('--fra <måned>', 'første måned (ÅÅÅÅ-MM); udeladt: den første udbetalte')
    .option('--til <måned>', 'sidste måned (ÅÅÅÅ-MM); udeladt: den sidste udbetalte')
    .option('--vis', 'vis forskellen pr. måned uden at godkende', false)
    .option('--begrundelse <tekst>', 'hvorfor der genberegnes')
    .option('--version <n>', 'sagens version fra ydelse sag vis')
    .action(
      (
        id: string,
        options: { fra?: string; til?: string; vis: boolean; begrundelse?: string; version?: string },
      ) => {
        const range = {
          fra: options.fra ?? null,
          til: options.til ?? null,
          begrundelse: options.begrundelse ?? null,
        };
        if (options.vis) {
          return act('reader', async (deps, actor) => {
            const shown = await previewRecalculation(deps, actor, 'cli', id, range);
            if (!shown.ok) return report(io, shown.error, caseFields);
            printRecalculation(io, shown.value);
            return 0;
          });
        }
        return act('writer', (deps, actor) =>
          versioned(options, async (version) => {
            const done = await approveRecalculation(deps, actor, 'cli', id, { ...range, version });
            if (!done.ok) return report(io, done.error, caseFields);
            printRecalculation(io, done.value);
            io.out(`Genberegning ${done.value.recalculation} godkendt`);
            for (const line of done.value.lines) {
              io.out(
                `  Efterbetaling for ${line.month}: ${kroner(line.amount)} ved kørslen for ${line.runMonth}` +
                  (line.was === '0.00' ? '' : ` (før ${kroner(line.was)})`),
              );
            }
            for (const claim of done.value.claims) {
              io.out(
                `  Foreslået tilbagebetalingskrav ${claim.id} for ${claim.month}: ${kroner(claim.amount)}`,
              );
            }
            io.out(`  Hændelser: ${done.value.events.join(', ')}`);
            return 0;
          }),
        );
      },
    );

  const decisionFields: Readonly<Record<string, string>> = {
    id: 'SAG',
    hearing: '--partshoering',
    effect: '--virkning',
    intended: '--paataenkt',
    sentOn: '--sendt',
    deadline: '--frist',
    answeredOn: '--modtaget',
    answer: '--svar',
    claims: '--krav',
    reasons: '--begrundelse',
    legalBasis: '--hjemmel',
    decidedOn: '--dato',
    exceptionBasis: '--undtagelse-hjemmel',
    exceptionReason: '--undtagelse-begrundelse',
    version: '--version',
  };
  /** The options every decision takes: its reasons, legal basis and day, and its hearing or exception. */
  const decisionOptions = (command: Command): Command =>
    command
      .option('--begrundelse <tekst>', 'begrundelsen')
      .option('--hjemmel <tekst>', 'reglerne, afgørelsen bygger på')
      .option('--dato <dato>', 'afgørelsens dato (ÅÅÅÅ-MM-DD)')
      .option('--partshoering <id>', 'partshøringen, afgørelsen følger')
      .option('--undtagelse-hjemmel <tekst>', 'uden partshøring: hjemlen')
      .option('--undtagelse-begrundelse <tekst>', 'uden partshøring: hvorfor')
      .option('--version <n>', 'sagens version fra ydelse sag vis');
  const decisionInput = (options: DecisionOptions) => ({
    reasons: options.begrundelse ?? '',
    legalBasis: options.hjemmel ?? '',
    decidedOn: options.dato ?? '',
    hearing: options.partshoering ?? null,
    exceptionBasis: options.undtagelseHjemmel ?? null,
    exceptionReason: options.undtagelseBegrundelse ?? null,
  });
  sag
    .command('partshoering')
    .description(
      'registrér en partshøring sendt på sagen: den påtænkte virkning (nedsaettelse, bortfald, stop, ' +
        'sanktion, tilbagebetalingskrav), hvorfor, og borgerens frist (mindst 7 dage)',
    )
    .argument('<SAG>', 'sagens id')
    .option('--virkning <virkning>', 'den påtænkte virkning')
    .option('--paataenkt <tekst>', 'hvad kommunen påtænker at afgøre, og på hvilket grundlag')
    .option('--sendt <dato>', 'dagen partshøringen er sendt (ÅÅÅÅ-MM-DD)')
    .option('--frist <dato>', 'borgerens frist (ÅÅÅÅ-MM-DD)')
    .option('--version <n>', 'sagens version fra ydelse sag vis')
    .action(
      (
        id: string,
        options: { virkning?: string; paataenkt?: string; sendt?: string; frist?: string; version?: string },
      ) =>
        act('writer', (deps, actor) =>
          versioned(options, async (version) => {
            const done = await startHearing(deps, actor, 'cli', id, {
              effect: options.virkning ?? '',
              intended: options.paataenkt ?? '',
              sentOn: options.sendt ?? '',
              deadline: options.frist ?? '',
              version,
            });
            if (!done.ok) return report(io, done.error, decisionFields);
            io.out(`Partshøring ${done.value.id} registreret: svarfrist ${done.value.deadline}`);
            return 0;
          }),
        ),
    );
  sag
    .command('partshoering-svar')
    .description('registrér borgerens svar på en partshøring')
    .argument('<PARTSHOERING>', 'partshøringens id')
    .option('--modtaget <dato>', 'dagen svaret er modtaget (ÅÅÅÅ-MM-DD)')
    .option('--svar <tekst>', 'hvad borgeren svarede')
    .action((id: string, options: { modtaget?: string; svar?: string }) =>
      act('writer', async (deps, actor) => {
        const done = await answerHearing(deps, actor, 'cli', id, {
          answeredOn: options.modtaget ?? '',
          answer: options.svar ?? '',
        });
        if (!done.ok) return report(io, done.error, { ...decisionFields, id: 'PARTSHOERING' });
        io.out(`Svar på partshøring ${done.value.id} registreret (modtaget ${done.value.answeredOn ?? ''})`);
        return 0;
      }),
    );
  decisionOptions(
    sag
      .command('afgoer-krav')
      .description(
        'træf afgørelse om foreslåede tilbagebetalingskrav efter en partshøring (besvaret eller med udløbet ' +
          'frist) eller med en undtagelse med hjemmel; kravene trækkes ikke',
      )
      .argument('<SAG>', 'sagens id')
      .option('--krav <id,...>', 'de foreslåede krav, kommasepareret'),
  ).action((id: string, options: DecisionOptions & { krav?: string }) =>
    act('writer', (deps, actor) =>
      versioned(options, async (version) => {
        const done = await decideRepaymentClaims(deps, actor, 'cli', id, {
          claims: (options.krav ?? '')
            .split(',')
            .map((part) => part.trim())
            .filter((part) => part !== ''),
          ...decisionInput(options),
          version,
        });
        if (!done.ok) return report(io, done.error, decisionFields);
        io.out(
          `Afgørelse ${done.value.decision} truffet ${done.value.decidedOn}: krav ${kroner(done.value.amount)}`,
        );
        for (const claim of done.value.claims) {
          io.out(`  Tilbagebetalingskrav ${claim.id} for ${claim.month}: ${kroner(claim.amount)}`);
        }
        io.out(`  Klagevejledning: ${done.value.complaintGuidance}`);
        return 0;
      }),
    ),
  );

  decisionOptions(
    sag
      .command('sanktioner')
      .description(
        'træf afgørelse om en sanktion (aktivloven §§ 35-40 a): fradrag-dage eller nedsaettelse-sats, efter ' +
          'skriftlig vejledning og en partshøring om sanktion (eller en undtagelse); næste kørsel trækker den',
      )
      .argument('<SAG>', 'sagens id (hjælp til forsørgelse)')
      .option('--art <art>', 'fradrag-dage, nedsaettelse-sats eller ophoer')
      .option('--haendelse <dato>', 'dagen borgeren uden rimelig grund ikke opfyldte sine pligter')
      .option('--dage <antal>', 'fradrag-dage: dage i måneden'),
  ).action((id: string, options: DecisionOptions & { art?: string; haendelse?: string; dage?: string }) =>
    act('writer', (deps, actor) =>
      versioned(options, async (version) => {
        const done = await decideSanctionOnCase(deps, actor, 'cli', id, {
          kind: options.art ?? '',
          omissionOn: options.haendelse ?? '',
          days: options.dage ?? null,
          ...decisionInput(options),
          version,
        });
        if (!done.ok) {
          return report(io, done.error, {
            ...decisionFields,
            kind: '--art',
            omissionOn: '--haendelse',
            days: '--dage',
          });
        }
        if (done.value.endedOn !== null) {
          io.out(
            `Afgørelse ${done.value.decision} truffet: hjælpen ophører, bevillingen slutter ${done.value.endedOn}`,
          );
          return 0;
        }
        io.out(
          `Afgørelse ${done.value.decision} truffet: sanktion ${kroner(done.value.amount ?? '0.00')} ` +
            `for ${done.value.month}, trækkes senest i kørslen for ${done.value.lastRunMonth ?? ''}`,
        );
        for (const step of done.value.steps) io.out(`  ${step.text}: ${kroner(step.amount)}`);
        return 0;
      }),
    ),
  );

  program
    .command('breve')
    .description('breve til borgerne: partshøringer og afgørelser i udbakken')
    .command('send')
    .description(
      'send udbakkens ventende breve som PDF-filer i mappen (<id>.pdf); et brev, der allerede ligger der, ' +
        'sendes ikke igen',
    )
    .option('--mappe <mappe>', 'mappen brevene lægges i')
    .action((options: { mappe?: string }) =>
      act('reader', async (deps) => {
        if (options.mappe === undefined || options.mappe.trim() === '') {
          io.err('Fejl: angiv --mappe');
          return 2;
        }
        const sent = await deliverLetters(deps, systemActor('brevudsendelse'), fileDrop(options.mappe));
        if (!sent.ok) return report(io, sent.error, {});
        io.out(`${String(sent.value.delivered)} breve sendt til ${options.mappe}`);
        return 0;
      }),
    );

  const registrering = program
    .command('registrering')
    .description('daterede oplysninger om en borger: børn, civilstand, indtægt, boligudgift, skattekort');
  const valueOptions = (command: Command): Command =>
    command
      .option(
        '--art <art>',
        'barn, hjemmeboende, civilstand, arbejdsindtaegt, aegtefaelle-arbejdsindtaegt, boligudgift, boligstoette, skattekort, bevilget-beloeb, tillaeg, apoe-tilbageholdelse, sanktionsvejledning',
      )
      .option('--fra <dato>', 'gælder fra (YYYY-MM-DD)')
      .option('--til <dato>', 'gælder til, med (YYYY-MM-DD); udeladt: løbende')
      .option('--sag <id>', 'bevilget-beloeb: sagen (en behovsbestemt ydelse)')
      .option('--foedselsdato <dato>', 'barn: fødselsdatoen')
      .option('--civilstand <civilstand>', 'civilstand: enlig, gift eller samlevende')
      .option('--aegtefaelle-paa-ydelse', 'civilstand: ægtefælle eller samlever er på ydelse')
      .option('--aktivitetsparat', 'tillaeg: visiteret aktivitetsparat')
      .option('--fritidstillaeg', 'tillaeg: fritidstillæg bevilget')
      .option(
        '--beloeb <kroner>',
        'arbejdsindtaegt, aegtefaelle-arbejdsindtaegt: indtægten i måneden (1234.56)',
      )
      .option('--timer <timer>', 'arbejdsindtaegt, aegtefaelle-arbejdsindtaegt: timer i måneden (0-744)')
      .option(
        '--maanedligt <kroner>',
        'boligudgift, boligstoette (husstandens) eller bevilget-beloeb: beløbet om måneden (1234.56)',
      )
      .option('--voksne <antal>', 'boligstoette: voksne i husstanden (1-20)')
      .option('--skatteprocent <procent>', 'skattekort: trækprocenten, 0-100 (38 eller 38,5)')
      .option('--fradrag <kroner>', 'skattekort: månedsfradraget (1234.56)')
      .option('--begrundelse <tekst>', 'begrundelsen (skal gives ved rettelse og bevilget-beloeb)');
  const printed = (result: Awaited<ReturnType<typeof addRegistration>>, verb: string): number => {
    if (!result.ok) return report(io, result.error, registrationFields);
    io.out(`Registrering ${result.value.id} ${verb}`);
    printRegistrations(io, 'Registreringen', result.value.recordedAt, [result.value]);
    return 0;
  };
  valueOptions(
    registrering
      .command('tilfoej')
      .description('registrér en oplysning (kun handlekommunen, --bruger-kommune)')
      .argument('<CPR>'),
  ).action((cpr: string, options: RegistrationOptions) =>
    act('writer', async (deps, actor) =>
      printed(await addRegistration(deps, actor, 'cli', cpr, registrationInput(options)), 'tilføjet'),
    ),
  );
  valueOptions(
    registrering
      .command('ret')
      .description(
        'ret en registrering: den gældende række afløses af den rettede (samme art, med begrundelse)',
      )
      .argument('<REGISTRERING>', 'registreringens id'),
  ).action((id: string, options: RegistrationOptions) =>
    act('writer', async (deps, actor) =>
      printed(await correctRegistration(deps, actor, 'cli', id, registrationInput(options)), 'rettet'),
    ),
  );
  registrering
    .command('afslut')
    .description('afslut en registrering (som en rettelse)')
    .argument('<REGISTRERING>', 'registreringens id')
    .option('--til <dato>', 'sidste dag, med (YYYY-MM-DD)')
    .option('--begrundelse <tekst>', 'begrundelsen')
    .action((id: string, options: { til?: string; begrundelse?: string }) =>
      act('writer', async (deps, actor) =>
        printed(
          await endRegistration(deps, actor, 'cli', id, {
            to: options.til ?? '',
            reason: options.begrundelse ?? '',
          }),
          'afsluttet',
        ),
      ),
    );
  registrering
    .command('vis')
    .description('vis borgerens registreringer, som de kendes nu eller pr. et tidspunkt (opslaget logges)')
    .argument('<CPR>')
    .option(
      '--kendt-pr <tidspunkt>',
      'som de var kendt på tidspunktet: dansk tid 2025-05-05T09:00 eller ISO med zone',
    )
    .option('--json', 'som JSON (samme som GET /api/persons/{cpr}/registrations)', false)
    .action((cpr: string, options: { kendtPr?: string; json: boolean }) =>
      act('reader', async (deps, actor) => {
        const found = await listRegistrations(deps, actor, 'cli', cpr, options.kendtPr);
        if (!found.ok) return report(io, found.error, registrationFields);
        if (options.json) io.out(JSON.stringify(found.value, null, 2));
        else printRegistrations(io, found.value.cpr, found.value.knownAt, found.value.registrations);
        return 0;
      }),
    );
}
