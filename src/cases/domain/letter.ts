/**
 * Letters (breve) for hearings and decisions, pure: Danish templates whose fields are filled from the
 * hearing or the decision (docs/decisions/0024-letters.md). A template with a field the values lack is
 * refused naming the field, so no letter goes out with a gap.
 */
import { fail, ok, type Result } from '../../kernel/index.ts';

export const letterKinds = ['varsling', 'partshoering', 'afgoerelse'] as const;
export type LetterKind = (typeof letterKinds)[number];

/** A template: its title and paragraphs, with `{field}` where a value goes. */
export interface LetterTemplate {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export const letterTemplates: Readonly<Record<LetterKind, LetterTemplate>> = {
  varsling: {
    title: 'Varsling: 225-timersreglen',
    paragraphs: [
      'Kære {navn}',
      'Du har modtaget {ydelse} i sammenlagt mindst 1 år inden for de seneste 3 år. Derfor skal du have haft ' +
        'mindst 225 timers ordinært og ustøttet arbejde inden for de seneste 12 kalendermåneder for at beholde ' +
        'den fulde hjælp (225-timersreglen, lov om aktiv socialpolitik § 13 f).',
      '{situation}',
      'Har du ikke de 225 timer, vil {konsekvens} fra den {dato}. Kommunen skriver til dig igen senest en ' +
        'måned før og hører dig, inden der træffes afgørelse. Kontakt kommunen, hvis der er grunde til at ' +
        'udskyde datoen, fx sygdom eller barsel, eller hvis du ikke kan arbejde 225 timer på grund af din ' +
        'arbejdsevne.',
      'Med venlig hilsen\n{kommune}',
    ],
  },
  partshoering: {
    title: 'Partshøring: {virkning}',
    paragraphs: [
      'Kære {navn}',
      'Kommunen påtænker at træffe afgørelse om {virkning_lille} i din sag om {ydelse}.',
      '{paataenkt}',
      'Før kommunen træffer afgørelsen, har du ret til at se og kommentere de oplysninger, den bygger på ' +
        '(forvaltningslovens § 19). Dine bemærkninger skal være kommunen i hænde senest {frist}. Hører vi ' +
        'ikke fra dig, træffer vi afgørelsen på det foreliggende grundlag.',
      'Med venlig hilsen\n{kommune}',
    ],
  },
  afgoerelse: {
    title: 'Afgørelse: {virkning}',
    paragraphs: [
      'Kære {navn}',
      'Kommunen har den {dato} truffet afgørelse om {virkning_lille} i din sag om {ydelse}.',
      'Begrundelse: {begrundelse}',
      'Afgørelsen er truffet efter {hjemmel}.',
      '{grundlag}',
      'Klagevejledning: {klagevejledning}',
      'Med venlig hilsen\n{kommune}',
    ],
  },
};

/** A letter as filled: its title and paragraphs, ready to render. */
export interface FilledLetter {
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/** A template field: `{name}` in lower-case letters and underscores. */
const fieldPattern = /\{([a-z_]+)\}/g;

/** The fields a template names, each once, in order. */
export function templateFields(template: LetterTemplate): string[] {
  const fields = new Set<string>();
  for (const text of [template.title, ...template.paragraphs]) {
    for (const match of text.matchAll(fieldPattern)) fields.add(match[1] ?? '');
  }
  return [...fields];
}

/**
 * The template filled with the values; `skabelon-felt-mangler` naming the first field the values lack or
 * leave empty.
 */
export function fillLetter(
  template: LetterTemplate,
  values: Readonly<Record<string, string>>,
): Result<FilledLetter> {
  for (const field of templateFields(template)) {
    const value = values[field];
    if (value === undefined || value.trim() === '') {
      return fail('skabelon-felt-mangler', `Brevskabelonen mangler en værdi for feltet {${field}}`, field);
    }
  }
  const fill = (text: string) => text.replace(fieldPattern, (_match, field: string) => values[field] ?? '');
  return ok({ title: fill(template.title), paragraphs: template.paragraphs.map(fill) });
}
