/**
 * The registration forms (what POST /api/persons/{cpr}/registrations, /api/registrations/{id}/correct and
 * /end do, as pages): choosing the kind, then the form of that kind with only its own fields (no script
 * needed); correcting a standing registration (the same form, filled in, a reason required) and ending one
 * (its last day and a reason). Every field is read on its own, so every error is reported at once with the
 * values kept as typed; the use case, called only when none is found, stays the authority.
 */
import { Temporal } from 'temporal-polyfill';
import { formatAmount, formatDanishDate, formatDanishPercent, parseAmount } from '../../kernel/index.ts';
import { formatDate } from '../../persons/index.ts';
import { dataTable, errorSummary, successAlert, type Crumb } from '../../platform/web/components.ts';
import { requestText, selectField, textField } from '../../platform/web/form.ts';
import { html, type HtmlValue, type SafeHtml } from '../../platform/web/html.ts';
import { page } from '../../platform/web/layout.ts';
import type { WebActor } from '../../platform/web/web-actor.ts';
import type { CaseView } from '../case-view.ts';
import type { BenefitType, CaseStatus } from '../domain/case.ts';
import {
  parseAdults,
  parseHours,
  parseTaxRate,
  type RegistrationInput,
} from '../domain/decide-registration.ts';
import { familyOf, isNeedsBased } from '../domain/lifecycle.ts';
import {
  civilStatuses,
  hoursRuleExemptions,
  isMonthlyIncome,
  registrationKinds,
  type RegistrationKind,
} from '../domain/registration.ts';
import type { RegistrationView } from '../registrations.ts';
import { personPath } from './case-page.ts';
import { originCrumbs, originQuery, type CaseOrigin } from './case-origin.ts';
import { correctRegistrationPath, endRegistrationPath, newRegistrationPath } from './form-paths.ts';
import {
  amountHint,
  amountText,
  checkboxField,
  checkOrder,
  dateHint,
  errorAt,
  formPage,
  FormErrors,
  labelledOptions,
  readAmount,
  readChoice,
  readDate,
  readText,
  textArea,
  type FieldError,
} from './form-support.ts';
import {
  benefitLabels,
  caseStatusLabels,
  hoursRuleExemptionLabels,
  registrationCivilStatusLabels,
  registrationKindLabels,
} from './labels.ts';

/** The fields a kind may have besides its period and reason, by their ids in the markup. */
const valueFieldIds = [
  'sag',
  'foedselsdato',
  'civilstand',
  'aegtefaelle-paa-ydelse',
  'aktivitetsparat',
  'fritidstillaeg',
  'beloeb',
  'timer',
  'maanedligt-beloeb',
  'voksne',
  'undtagelse',
  'traekprocent',
  'maanedsfradrag',
] as const;
type ValueFieldId = (typeof valueFieldIds)[number];

const formFieldIds = ['art', 'fra', 'til', ...valueFieldIds, 'begrundelse'] as const;
type FormFieldId = (typeof formFieldIds)[number];

/** The form's values as typed; a checkbox is `ja` when checked. */
export type RegistrationForm = Readonly<Record<FormFieldId, string>>;

/** The use case's fields at the form's fields. */
export const registrationFields: Readonly<Record<string, FormFieldId>> = {
  kind: 'art',
  from: 'fra',
  to: 'til',
  case: 'sag',
  birthDate: 'foedselsdato',
  civilStatus: 'civilstand',
  spouseOnBenefit: 'aegtefaelle-paa-ydelse',
  activityReady: 'aktivitetsparat',
  leisureSupplement: 'fritidstillaeg',
  amount: 'beloeb',
  hours: 'timer',
  monthly: 'maanedligt-beloeb',
  adults: 'voksne',
  exemption: 'undtagelse',
  taxRate: 'traekprocent',
  monthlyAllowance: 'maanedsfradrag',
  reason: 'begrundelse',
};

interface KindForm {
  /** What a registration of the kind records, under the heading. */
  readonly about: string;
  readonly fields: readonly ValueFieldId[];
  /** `open`: the last day may be left empty; `closed`: it is required; `month`: one whole calendar month. */
  readonly period: 'open' | 'closed' | 'month';
  /** A reason the kind itself needs (its value holds it), with what it is called. */
  readonly reason?: { readonly label: string; readonly hint: string; readonly what: string };
  /** The cases a case kind may belong to; absent for facts about the person. */
  readonly caseOf?: { readonly allows: (benefit: BenefitType) => boolean; readonly what: string };
}

const kindForms: Readonly<Record<RegistrationKind, KindForm>> = {
  barn: {
    about:
      'Et barn, borgeren forsørger: fra det flytter ind eller bliver født, til det flytter ud eller fylder 18.',
    fields: ['foedselsdato'],
    period: 'open',
  },
  hjemmeboende: { about: 'Borgeren bor hos en forælder.', fields: [], period: 'open' },
  civilstand: {
    about: 'Civilstanden, ydelsen beregnes efter, og om ægtefællen eller samleveren også modtager hjælp.',
    fields: ['civilstand', 'aegtefaelle-paa-ydelse'],
    period: 'open',
  },
  arbejdsindtaegt: {
    about: 'Borgerens arbejdsindtægt og arbejdstimer i én kalendermåned.',
    fields: ['beloeb', 'timer'],
    period: 'month',
  },
  'aegtefaelle-arbejdsindtaegt': {
    about: 'Ægtefællens eller samleverens arbejdsindtægt og arbejdstimer i én kalendermåned.',
    fields: ['beloeb', 'timer'],
    period: 'month',
  },
  boligudgift: { about: 'Borgerens boligudgift om måneden.', fields: ['maanedligt-beloeb'], period: 'open' },
  boligstoette: {
    about: 'Husstandens boligstøtte om måneden og antallet af voksne, den deles mellem.',
    fields: ['maanedligt-beloeb', 'voksne'],
    period: 'open',
  },
  skattekort: {
    about: 'Skattekortet: trækprocenten og månedsfradraget.',
    fields: ['traekprocent', 'maanedsfradrag'],
    period: 'open',
  },
  'bevilget-beloeb': {
    about: 'Det månedlige beløb, der er bevilget på en sag om en behovsbestemt ydelse, med begrundelsen.',
    fields: ['sag', 'maanedligt-beloeb'],
    period: 'open',
    reason: { label: 'Begrundelse for beløbet', hint: 'Hvorfor beløbet er bevilget', what: 'begrundelsen' },
    caseOf: { allows: isNeedsBased, what: 'en åben sag om en behovsbestemt ydelse' },
  },
  tillaeg: {
    about: 'Tillægsbetingelserne på en sag om hjælp til forsørgelse.',
    fields: ['sag', 'aktivitetsparat', 'fritidstillaeg'],
    period: 'open',
    caseOf: {
      allows: (benefit) => familyOf(benefit) === 'htf',
      what: 'en åben sag om hjælp til forsørgelse',
    },
  },
  'apoe-tilbageholdelse': {
    about:
      'Det, der tilbageholdes om måneden på en sag om administration af økonomi (APØ), og hvad det er til.',
    fields: ['sag', 'maanedligt-beloeb'],
    period: 'open',
    reason: {
      label: 'Hvad der tilbageholdes til',
      hint: 'Fx husleje til udlejer',
      what: 'hvad der tilbageholdes til',
    },
    caseOf: {
      allows: (benefit) => benefit === 'administration',
      what: 'en åben sag om administration af økonomi (APØ)',
    },
  },
  sanktionsvejledning: {
    about: 'Dagen, borgeren fik skriftlig vejledning om rådighed og sanktioner (aktivloven § 35, stk. 1).',
    fields: [],
    period: 'open',
  },
  'timeregel-timer': {
    about: 'Timer med ordinært, ustøttet arbejde i én kalendermåned (225-timersreglen).',
    fields: ['timer'],
    period: 'month',
  },
  ydelseshistorik: {
    about: 'En periode, borgeren fik hjælp til forsørgelse uden for systemet.',
    fields: [],
    period: 'closed',
  },
  'timeregel-undtagelse': {
    about: 'En periode, hvor 225-timersreglen ikke gælder for borgeren, og hvorfor.',
    fields: ['undtagelse'],
    period: 'open',
  },
  'timeregel-forlaengelse': {
    about: 'En periode, der forlænger 225-timersreglens 12 måneder, og hvorfor.',
    fields: [],
    period: 'closed',
    reason: {
      label: 'Grund til forlængelsen',
      hint: 'Fx dokumenteret sygdom, graviditet eller barsel',
      what: 'grunden til forlængelsen',
    },
  },
};

/** The kind the text names, if any. */
export const registrationKindOf = (text: string): RegistrationKind | undefined =>
  registrationKinds.find((kind) => kind === text);

/** Only a registration of a kind that is not one whole month can be ended before its last day. */
export const canEnd = (kind: RegistrationKind): boolean =>
  !isMonthlyIncome(kind) && kind !== 'timeregel-timer';

export function readRegistrationForm(body: unknown): RegistrationForm {
  return Object.fromEntries(formFieldIds.map((id) => [id, requestText(body, id)])) as RegistrationForm;
}

/** An empty form of the kind; a case kind opened from a case has that case chosen. */
export function emptyRegistrationForm(
  kind: RegistrationKind,
  origin: CaseOrigin | undefined,
): RegistrationForm {
  const empty = Object.fromEntries(formFieldIds.map((id) => [id, ''])) as Record<FormFieldId, string>;
  return { ...empty, art: kind, sag: origin?.caseId ?? '' };
}

/** A case a case kind may be registered on. */
export interface CaseChoice {
  readonly id: string;
  readonly benefit: BenefitType;
  readonly status: CaseStatus;
  readonly municipality: string;
}

export const caseChoices = (cases: readonly CaseView[]): CaseChoice[] =>
  cases.map((c) => ({ id: c.id, benefit: c.benefit, status: c.status, municipality: c.municipality }));

const isOpen = (status: CaseStatus): boolean => status === 'under-oplysning' || status === 'bevilget';

/** The cases the kind may belong to: open, and of a benefit the kind allows. */
function eligibleCases(kind: RegistrationKind, cases: readonly CaseChoice[]): CaseChoice[] {
  const caseOf = kindForms[kind].caseOf;
  return caseOf === undefined ? [] : cases.filter((c) => isOpen(c.status) && caseOf.allows(c.benefit));
}

const yes = (text: string): boolean => text !== '';

/** One value field read on its own into the use case's input. */
function readValue(
  errors: FormErrors,
  field: ValueFieldId,
  form: RegistrationForm,
  context: { readonly kind: RegistrationKind; readonly cases: readonly CaseChoice[] },
): Partial<Record<keyof RegistrationInput, string | boolean>> {
  const fail = (message: string) => {
    errors.add(field, message);
    return {};
  };
  const amount = (key: 'amount' | 'monthly' | 'monthlyAllowance', what: string) => {
    const oere = readAmount(errors, field, form[field], { what, required: true });
    return oere === undefined || oere === null ? {} : { [key]: formatAmount(oere) };
  };
  switch (field) {
    case 'sag': {
      const eligible = eligibleCases(context.kind, context.cases);
      if (eligible.length === 0) {
        return fail(`Borgeren har ingen ${kindForms[context.kind].caseOf?.what ?? 'sag'}`);
      }
      const chosen = readChoice(
        errors,
        field,
        form.sag,
        eligible.map((c) => c.id),
        'sagen',
      );
      return chosen === undefined ? {} : { case: chosen };
    }
    case 'foedselsdato': {
      const date = readDate(errors, field, form.foedselsdato, {
        what: 'barnets fødselsdato',
        required: true,
      });
      return date === undefined || date === null ? {} : { birthDate: date.toString() };
    }
    case 'civilstand': {
      const status = readChoice(errors, field, form.civilstand, civilStatuses, 'civilstanden');
      return status === undefined ? {} : { civilStatus: status };
    }
    case 'aegtefaelle-paa-ydelse':
      if (form.civilstand === 'enlig' && yes(form[field])) {
        return fail('En enlig har ingen ægtefælle eller samlever på ydelse');
      }
      return { spouseOnBenefit: yes(form[field]) };
    case 'aktivitetsparat':
      return { activityReady: yes(form[field]) };
    case 'fritidstillaeg':
      return { leisureSupplement: yes(form[field]) };
    case 'beloeb':
      return amount('amount', 'indtægten i måneden');
    case 'maanedligt-beloeb':
      return amount('monthly', 'beløbet om måneden');
    case 'maanedsfradrag':
      return amount('monthlyAllowance', 'månedsfradraget');
    case 'timer': {
      if (form.timer.trim() === '') return fail('Indtast timerne i måneden');
      const hours = parseHours(form.timer);
      return hours.ok ? { hours: form.timer.trim() } : fail(hours.error.message);
    }
    case 'voksne': {
      if (form.voksne.trim() === '') return fail('Indtast antallet af voksne i husstanden');
      const adults = parseAdults(form.voksne);
      return adults.ok ? { adults: String(adults.value) } : fail(adults.error.message);
    }
    case 'undtagelse': {
      const exemption = readChoice(errors, field, form.undtagelse, hoursRuleExemptions, 'undtagelsen');
      return exemption === undefined ? {} : { exemption };
    }
    case 'traekprocent': {
      if (form.traekprocent.trim() === '') return fail('Indtast trækprocenten');
      const rate = parseTaxRate(form.traekprocent);
      return rate.ok ? { taxRate: form.traekprocent.trim().replace(/ ?%$/, '') } : fail(rate.error.message);
    }
  }
}

export interface RegistrationCheck {
  readonly kind: RegistrationKind;
  readonly cases: readonly CaseChoice[];
  /** A correction must give a reason. */
  readonly correcting: boolean;
}

/** Every field of the kind read on its own: the use case's input, or every error found. */
export function checkRegistrationForm(
  form: RegistrationForm,
  check: RegistrationCheck,
): { ok: true; input: RegistrationInput } | { ok: false; errors: readonly FieldError[] } {
  const spec = kindForms[check.kind];
  const errors = new FormErrors(formFieldIds);
  const from = readDate(errors, 'fra', form.fra, { what: 'den første dag', required: true });
  const to = readDate(errors, 'til', form.til, { what: 'den sidste dag', required: spec.period !== 'open' });
  checkOrder(errors, 'til', from, to);
  if (spec.period === 'month' && from !== undefined && from !== null) {
    const month = from.toPlainYearMonth();
    const last = month.toPlainDate({ day: month.daysInMonth });
    if (from.day !== 1) errors.add('fra', 'Registreringen gælder én kalendermåned: fra den 1. i måneden');
    else if (to !== undefined && to !== null && !to.equals(last)) {
      errors.add('til', `Registreringen gælder én kalendermåned: til ${formatDanishDate(last)}`);
    }
  }
  let input: Record<string, string | boolean | null> = {
    kind: check.kind,
    from: from?.toString() ?? '',
    to: to?.toString() ?? null,
  };
  for (const field of spec.fields) input = { ...input, ...readValue(errors, field, form, check) };
  if (
    typeof input['birthDate'] === 'string' &&
    from !== undefined &&
    from !== null &&
    Temporal.PlainDate.compare(Temporal.PlainDate.from(input['birthDate']), from) > 0
  ) {
    errors.add('foedselsdato', 'Barnets fødselsdato kan ikke ligge efter registreringens første dag');
  }
  const reason = readText(errors, 'begrundelse', form.begrundelse, {
    what: spec.reason?.what ?? 'en begrundelse',
    required: spec.reason !== undefined || check.correcting,
    kind: 'text',
  });
  if (errors.list.length > 0 || from === undefined || to === undefined || reason === undefined) {
    return { ok: false, errors: errors.list };
  }
  return { ok: true, input: { ...input, reason } as unknown as RegistrationInput };
}

/** A standing registration's values as the form shows them for a correction. */
export function formOfRegistration(view: RegistrationView): RegistrationForm {
  const value = view.value;
  const text = (key: string): string => {
    const found = value[key];
    return typeof found === 'string' ? found : typeof found === 'number' ? String(found) : '';
  };
  const kroner = (key: string): string => {
    const parsed = parseAmount(text(key));
    return parsed.ok ? amountText(parsed.value) : text(key);
  };
  const checked = (key: string): string => (value[key] === true ? 'ja' : '');
  const rate = parseAmount(text('taxRate'));
  const kind = registrationKindOf(view.kind) ?? 'barn';
  return {
    art: view.kind,
    fra: formatDate(view.from),
    til: view.to === null ? '' : formatDate(view.to),
    sag: view.case ?? '',
    foedselsdato: text('birthDate') === '' ? '' : formatDate(text('birthDate')),
    civilstand: text('civilStatus'),
    'aegtefaelle-paa-ydelse': checked('spouseOnBenefit'),
    aktivitetsparat: checked('activityReady'),
    fritidstillaeg: checked('leisureSupplement'),
    beloeb: kroner('amount'),
    timer: text('hours').replace('.', ','),
    'maanedligt-beloeb': kroner('monthly'),
    voksne: text('adults'),
    undtagelse: text('exemption'),
    traekprocent: rate.ok ? formatDanishPercent(rate.value) : text('taxRate'),
    maanedsfradrag: kroner('monthlyAllowance'),
    // The kinds whose value holds the reason keep it; any other correction gives a new one.
    begrundelse: kindForms[kind].reason === undefined ? '' : text('reason'),
  };
}

const kroner = (text: string | number | boolean | undefined): string => {
  const parsed = typeof text === 'string' ? parseAmount(text) : undefined;
  return parsed?.ok === true ? `${amountText(parsed.value)} kr.` : String(text ?? '');
};

const labelOf = (labels: Readonly<Record<string, string>>, key: unknown): string =>
  typeof key === 'string' && Object.hasOwn(labels, key) ? (labels[key] ?? key) : String(key);

/** A standing registration's value in Danish, as the list of them shows it. */
export function registrationValueText(view: RegistrationView): string {
  const v = view.value;
  const hours = (n: unknown) => `${String(n).replace('.', ',')} timer`;
  switch (view.kind) {
    case 'barn':
      return `født ${formatDate(String(v['birthDate']))}`;
    case 'civilstand':
      return `${labelOf(registrationCivilStatusLabels, v['civilStatus'])}${v['spouseOnBenefit'] === true ? ', ægtefælle/samlever på ydelse' : ''}`;
    case 'arbejdsindtaegt':
    case 'aegtefaelle-arbejdsindtaegt':
      return `${kroner(v['amount'])}, ${hours(v['hours'])}`;
    case 'boligudgift':
    case 'bevilget-beloeb':
      return `${kroner(v['monthly'])} pr. måned`;
    case 'boligstoette':
      return `${kroner(v['monthly'])} pr. måned, ${String(v['adults'])} voksne`;
    case 'skattekort': {
      const rate = parseAmount(String(v['taxRate']));
      return `trækprocent ${rate.ok ? formatDanishPercent(rate.value) : String(v['taxRate'])} %, fradrag ${kroner(v['monthlyAllowance'])}`;
    }
    case 'apoe-tilbageholdelse':
      return `${kroner(v['monthly'])} pr. måned til ${String(v['reason'])}`;
    case 'tillaeg':
      return `${v['activityReady'] === true ? 'aktivitetsparat' : 'ikke aktivitetsparat'}, ${v['leisureSupplement'] === true ? 'fritidstillæg' : 'intet fritidstillæg'}`;
    case 'timeregel-timer':
      return hours(v['hours']);
    case 'timeregel-undtagelse':
      return labelOf(hoursRuleExemptionLabels, v['exemption']);
    case 'timeregel-forlaengelse':
      return String(v['reason']);
    case 'hjemmeboende':
    case 'sanktionsvejledning':
    case 'ydelseshistorik':
      return '–';
  }
}

const civilOptions = labelledOptions(civilStatuses, registrationCivilStatusLabels, 'Vælg civilstand');
const exemptionOptions = labelledOptions(hoursRuleExemptions, hoursRuleExemptionLabels, 'Vælg undtagelse');
const kindOptions = labelledOptions(registrationKinds, registrationKindLabels, 'Vælg hvad du vil registrere');

const caseText = (c: CaseChoice): string =>
  `${benefitLabels[c.benefit]} – ${caseStatusLabels[c.status]}, kommune ${c.municipality}`;

function valueField(
  field: ValueFieldId,
  form: RegistrationForm,
  at: (id: string) => string | undefined,
  context: { readonly kind: RegistrationKind; readonly cases: readonly CaseChoice[] },
): SafeHtml {
  const text = (label: string, hint: string, width = 'input-width-s') =>
    textField({ id: field, label, hint, value: form[field], error: at(field), autocomplete: 'off', width });
  switch (field) {
    case 'sag': {
      const eligible = eligibleCases(context.kind, context.cases);
      const options = [
        { value: '', text: eligible.length === 0 ? 'Ingen sag at vælge' : 'Vælg sag' },
        ...eligible.map((c) => ({ value: c.id, text: caseText(c) })),
      ];
      return selectField({
        id: field,
        label: 'Sag',
        hint: `Registreringen hører til ${kindForms[context.kind].caseOf?.what ?? 'en sag'}`,
        value: form.sag,
        options,
        error: at(field),
      });
    }
    case 'foedselsdato':
      return text('Barnets fødselsdato', dateHint);
    case 'civilstand':
      return selectField({
        id: field,
        label: 'Civilstand',
        value: form.civilstand,
        options: civilOptions,
        error: at(field),
      });
    case 'aegtefaelle-paa-ydelse':
      return checkboxField({
        id: field,
        label: 'Ægtefællen eller samleveren modtager også hjælp',
        checked: yes(form[field]),
        error: at(field),
      });
    case 'aktivitetsparat':
      return checkboxField({ id: field, label: 'Visiteret aktivitetsparat', checked: yes(form[field]) });
    case 'fritidstillaeg':
      return checkboxField({ id: field, label: 'Fritidstillæg bevilget', checked: yes(form[field]) });
    case 'beloeb':
      return text('Arbejdsindtægt i måneden', amountHint);
    case 'maanedligt-beloeb':
      return text('Beløb om måneden', amountHint);
    case 'maanedsfradrag':
      return text('Månedsfradrag', amountHint);
    case 'timer':
      return text('Timer i måneden', 'Fra 0 til 744, højst to decimaler, fx 37,5', 'input-width-xs');
    case 'voksne':
      return text('Voksne i husstanden', 'Et helt tal fra 1 til 20', 'input-width-xs');
    case 'undtagelse':
      return selectField({
        id: field,
        label: 'Undtagelse',
        value: form.undtagelse,
        options: exemptionOptions,
        error: at(field),
      });
    case 'traekprocent':
      return text('Trækprocent', 'Fra 0 til 100, fx 38 eller 38,5', 'input-width-xs');
  }
}

function kindFields(
  kind: RegistrationKind,
  form: RegistrationForm,
  errors: readonly FieldError[],
  cases: readonly CaseChoice[],
  correcting: boolean,
): SafeHtml {
  const spec = kindForms[kind];
  const at = (id: string) => errorAt(errors, id);
  const toHint =
    spec.period === 'month' ? 'Månedens sidste dag; ' : spec.period === 'closed' ? '' : 'Tomt: løbende; ';
  const reasonLabel = spec.reason?.label ?? (correcting ? 'Begrundelse for rettelsen' : 'Begrundelse');
  return html`<input type="hidden" name="art" value="${kind}" />
    ${textField({ id: 'fra', label: 'Gælder fra', hint: `${spec.period === 'month' ? 'Den 1. i måneden; ' : ''}${dateHint}`, value: form.fra, error: at('fra'), autocomplete: 'off', width: 'input-width-s' })}
    ${textField({ id: 'til', label: 'Gælder til (med)', hint: `${toHint}${dateHint}`, value: form.til, error: at('til'), optional: spec.period === 'open', autocomplete: 'off', width: 'input-width-s' })}
    ${spec.fields.map((field) => valueField(field, form, at, { kind, cases }))}
    ${textArea({ id: 'begrundelse', label: reasonLabel, hint: spec.reason?.hint ?? (correcting ? 'Hvorfor registreringen rettes' : 'Hvorfor oplysningen registreres'), value: form.begrundelse, error: at('begrundelse'), optional: spec.reason === undefined && !correcting, rows: 3 })}`;
}

interface PersonRef {
  readonly id: string;
  readonly name: string;
}

const crumbs = (person: PersonRef, origin: CaseOrigin | undefined, last: string): Crumb[] => [
  { text: 'Forside', href: '/' },
  { text: person.name, href: personPath(person.id) },
  ...originCrumbs(origin),
  { text: last },
];

const backTo = (person: PersonRef, origin: CaseOrigin | undefined): string =>
  originCrumbs(origin)[0]?.href ?? personPath(person.id);

export interface RegistrationPageInput {
  readonly web: WebActor;
  readonly person: PersonRef;
  readonly origin: CaseOrigin | undefined;
  readonly cases: readonly CaseChoice[];
}

/** The form of one kind of registration for the citizen. */
export function newRegistrationPage(
  input: RegistrationPageInput,
  kind: RegistrationKind,
  form: RegistrationForm,
  errors: readonly FieldError[],
): SafeHtml {
  const { person, origin } = input;
  const title = `Registrer oplysning: ${registrationKindLabels[kind]}`;
  return formPage({
    web: input.web,
    title,
    breadcrumbs: crumbs(person, origin, title),
    lead: html`${kindForms[kind].about} For ${person.name}. Kun borgerens handlekommune kan registrere
      oplysninger.
      <a href="${newRegistrationPath(person.id)}${originQuery(origin)}">Vælg en anden oplysning</a>`,
    errors,
    action: `${newRegistrationPath(person.id)}${originQuery(origin)}`,
    fields: kindFields(kind, form, errors, input.cases, false),
    submit: 'Registrer',
    cancel: { href: backTo(person, origin), text: 'Annuller' },
  });
}

/** As the case page lists them: by kind, then by first day. */
const byKindAndStart = (a: RegistrationView, b: RegistrationView): number =>
  registrationKinds.indexOf(a.kind) - registrationKinds.indexOf(b.kind) || a.from.localeCompare(b.from);

function standingList(input: RegistrationPageInput, standing: readonly RegistrationView[]): SafeHtml {
  const { person, origin } = input;
  const belongsTo = (view: RegistrationView): string => {
    if (view.case === null) return 'Borgeren';
    const found = input.cases.find((c) => c.id === view.case);
    return found === undefined ? 'Sagen' : `Sagen: ${benefitLabels[found.benefit]}`;
  };
  const actions = (view: RegistrationView): HtmlValue => {
    const kind = registrationKindLabels[view.kind];
    return html`<a href="${correctRegistrationPath(person.id, view.id)}${originQuery(origin)}"
        >Ret<span class="sr-only"> ${kind} fra ${formatDate(view.from)}</span></a
      >${
        canEnd(view.kind) &&
        html` ·
          <a href="${endRegistrationPath(person.id, view.id)}${originQuery(origin)}"
            >Afslut<span class="sr-only"> ${kind} fra ${formatDate(view.from)}</span></a
          >`
      }`;
  };
  return html`<h2 id="gaeldende-registreringer">Gældende registreringer</h2>
    ${dataTable({
      labelledBy: 'gaeldende-registreringer',
      columns: ['Oplysning', 'Værdi', 'Gælder fra', 'Gælder til', 'Hører til', 'Handlinger'],
      rows: standing
        .toSorted(byKindAndStart)
        .map((view) => [
          registrationKindLabels[view.kind],
          registrationValueText(view),
          formatDate(view.from),
          view.to === null ? 'Løbende' : formatDate(view.to),
          belongsTo(view),
          actions(view),
        ]),
      empty: 'Borgeren har ingen gældende registreringer.',
    })}`;
}

/**
 * "Registrer oplysning": the kinds to choose from (a form that asks for the kind's own form), and the
 * citizen's standing registrations, each with "Ret" and "Afslut". `saved` says the last change was saved.
 */
export function chooseRegistrationPage(
  input: RegistrationPageInput,
  standing: readonly RegistrationView[],
  options: { readonly art: string; readonly errors: readonly FieldError[]; readonly saved: boolean },
): SafeHtml {
  const { person, origin } = input;
  return page({
    title: 'Registrer oplysning',
    hasErrors: options.errors.length > 0,
    actor: input.web,
    breadcrumbs: crumbs(person, origin, 'Registrer oplysning'),
    main: html`<h1>Registrer oplysning</h1>
      <p class="font-lead">
        Registrer en dateret oplysning om ${person.name}, eller ret eller afslut en af de gældende. Kun
        borgerens handlekommune kan registrere oplysninger.
      </p>
      ${options.saved && successAlert('Registreringen er gemt', 'Den gælder nu i beregningerne.')}
      ${errorSummary(options.errors)}
      <form method="get" action="${newRegistrationPath(person.id)}" novalidate>
        ${origin !== undefined && html`<input type="hidden" name="sag" value="${origin.caseId}" />`}
        ${selectField({ id: 'art', label: 'Hvad vil du registrere?', value: options.art, options: kindOptions, error: errorAt(options.errors, 'art') })}
        <button type="submit" class="button button-secondary">Fortsæt</button>
      </form>
      ${standingList(input, standing)}
      <p class="mt-6"><a href="${backTo(person, origin)}">Tilbage</a></p>`,
  });
}

/** "Ret registrering": the standing registration's form, filled in, a reason required. */
export function correctRegistrationPage(
  input: RegistrationPageInput,
  view: RegistrationView,
  form: RegistrationForm,
  errors: readonly FieldError[],
): SafeHtml {
  const { person, origin } = input;
  const title = `Ret registrering: ${registrationKindLabels[view.kind]}`;
  return formPage({
    web: input.web,
    title,
    breadcrumbs: crumbs(person, origin, title),
    lead:
      `${kindForms[view.kind].about} Rettelsen afløser registreringen fra ${formatDate(view.from)} ` +
      'for ' +
      `${person.name}; den gamle bevares i historikken.`,
    errors,
    action: `${correctRegistrationPath(person.id, view.id)}${originQuery(origin)}`,
    fields: kindFields(view.kind, form, errors, input.cases, true),
    submit: 'Gem rettelsen',
    cancel: { href: `${newRegistrationPath(person.id)}${originQuery(origin)}`, text: 'Annuller' },
  });
}

/** The "Afslut registrering" form's values as typed. */
export interface EndRegistrationForm {
  readonly til: string;
  readonly begrundelse: string;
}

export const readEndRegistrationForm = (body: unknown): EndRegistrationForm => ({
  til: requestText(body, 'til'),
  begrundelse: requestText(body, 'begrundelse'),
});

/** Both fields read on their own: endRegistration's input, or every error found. */
export function checkEndRegistrationForm(
  view: RegistrationView,
  form: EndRegistrationForm,
): { ok: true; input: { to: string; reason: string } } | { ok: false; errors: readonly FieldError[] } {
  const errors = new FormErrors();
  const to = readDate(errors, 'til', form.til, { what: 'den sidste dag', required: true });
  if (to !== undefined && to !== null) {
    if (Temporal.PlainDate.compare(to, Temporal.PlainDate.from(view.from)) < 0) {
      errors.add('til', `Registreringen kan ikke slutte før den begynder (${formatDate(view.from)})`);
    } else if (view.to !== null && Temporal.PlainDate.compare(to, Temporal.PlainDate.from(view.to)) > 0) {
      errors.add('til', `Registreringen slutter allerede ${formatDate(view.to)}; ret den for at forlænge`);
    }
  }
  const reason = readText(errors, 'begrundelse', form.begrundelse, {
    what: 'en begrundelse',
    required: true,
    kind: 'text',
  });
  if (errors.list.length > 0 || to === undefined || to === null || reason === undefined || reason === null) {
    return { ok: false, errors: errors.list };
  }
  return { ok: true, input: { to: to.toString(), reason } };
}

/** endRegistration's fields at the form's fields. */
export const endRegistrationFields: Readonly<Record<string, string>> = { to: 'til', reason: 'begrundelse' };

/** "Afslut registrering": its last day and why. */
export function endRegistrationPage(
  input: RegistrationPageInput,
  view: RegistrationView,
  form: EndRegistrationForm,
  errors: readonly FieldError[],
): SafeHtml {
  const { person, origin } = input;
  const kind = registrationKindLabels[view.kind];
  const title = `Afslut registrering: ${kind}`;
  const period =
    view.to === null
      ? `fra ${formatDate(view.from)}, løbende`
      : `${formatDate(view.from)} – ${formatDate(view.to)}`;
  return formPage({
    web: input.web,
    title,
    breadcrumbs: crumbs(person, origin, title),
    lead: `${kind} for ${person.name}: ${registrationValueText(view)}, ${period}. Registreringen får en sidste dag som en rettelse; den gamle bevares i historikken.`,
    errors,
    action: `${endRegistrationPath(person.id, view.id)}${originQuery(origin)}`,
    fields: html`${textField({ id: 'til', label: 'Sidste dag (med)', hint: dateHint, value: form.til, error: errorAt(errors, 'til'), autocomplete: 'off', width: 'input-width-s' })}
    ${textArea({ id: 'begrundelse', label: 'Begrundelse', hint: 'Hvorfor registreringen afsluttes', value: form.begrundelse, error: errorAt(errors, 'begrundelse'), rows: 3 })}`,
    submit: 'Afslut registreringen',
    cancel: { href: `${newRegistrationPath(person.id)}${originQuery(origin)}`, text: 'Annuller' },
  });
}
