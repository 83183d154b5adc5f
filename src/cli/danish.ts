/**
 * Commander in Danish: its own refusals (a missing required option, an unknown option, too many arguments…)
 * and the headings of its help are English; these settings translate them. Set on the program before its
 * commands are made, they are inherited by every command.
 */
import { Help, type Command, type Option, type Argument } from 'commander';

const refusals: readonly (readonly [RegExp, string])[] = [
  [/^error: missing required argument '(.*)'$/, 'Fejl: argumentet $1 mangler'],
  [/^error: option '(.*)' argument missing$/, 'Fejl: tilvalget $1 mangler en værdi'],
  [/^error: required option '(.*)' not specified$/, 'Fejl: tilvalget $1 skal angives'],
  [/^error: unknown option '(.*)'$/, 'Fejl: ukendt tilvalg $1'],
  [/^error: unknown command '(.*)'$/, 'Fejl: ukendt kommando $1'],
  [/^error: (.*) cannot be used with (.*)$/, 'Fejl: $1 kan ikke bruges sammen med $2'],
  [
    /^error: too many arguments for '(.*)'\. Expected (\d+) arguments? but got (\d+): (.*)\.$/,
    "Fejl: for mange argumenter til '$1': højst $2, fik $3: $4.",
  ],
  [
    /^error: too many arguments\. Expected (\d+) arguments? but got (\d+): (.*)\.$/,
    'Fejl: for mange argumenter: højst $1, fik $2: $3.',
  ],
  [/^\(Did you mean one of (.*)\?\)$/, '(Mente du en af $1?)'],
  [/^\(Did you mean (.*)\?\)$/, '(Mente du $1?)'],
  [/^error: (.*)$/, 'Fejl: $1'],
];

/** Commander's refusal (possibly several lines) in Danish; text it does not know is kept. */
export function danishRefusal(message: string): string {
  return message
    .split('\n')
    .map((line) => {
      for (const [pattern, replacement] of refusals) {
        if (pattern.test(line)) return line.replace(pattern, replacement);
      }
      return line;
    })
    .join('\n');
}

const titles: Readonly<Record<string, string>> = {
  'Usage:': 'Brug:',
  'Options:': 'Tilvalg:',
  'Global Options:': 'Fælles tilvalg:',
  'Commands:': 'Kommandoer:',
  'Arguments:': 'Argumenter:',
};

const usageWords = (text: string): string =>
  text.replaceAll('[options]', '[tilvalg]').replaceAll('[command]', '[kommando]');
const extraInfo = (text: string): string =>
  text.replaceAll('(default: ', '(standard: ').replaceAll('(choices: ', '(valg: ');

/** Sets Danish help texts and refusals on `program`, writing through `write` and `writeErr`. */
export function speakDanish(program: Command, out: (s: string) => void, err: (s: string) => void): Command {
  const base = new Help();
  return program
    .configureOutput({
      writeOut: out,
      writeErr: err,
      outputError: (message, write) => write(danishRefusal(message.trimEnd())),
    })
    .helpOption('-h, --help', 'vis hjælp til kommandoen')
    .helpCommand('help [kommando]', 'vis hjælp til en kommando')
    .configureHelp({
      styleTitle: (title) => titles[title] ?? title,
      commandUsage: (command) => usageWords(base.commandUsage(command)),
      subcommandTerm: (command) => usageWords(base.subcommandTerm(command)),
      optionDescription: (option: Option) => extraInfo(base.optionDescription(option)),
      argumentDescription: (argument: Argument) => extraInfo(base.argumentDescription(argument)),
    });
}
