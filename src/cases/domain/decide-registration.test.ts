import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { BenefitType } from './case.ts';
import {
  decideEndRegistration,
  decideRegistration,
  knownAt,
  parseHours,
  parseTaxRate,
  type CaseContext,
  type RegistrationInput,
} from './decide-registration.ts';
import type { Registration } from './registration.ts';

const caseOf = (benefit: BenefitType): CaseContext => ({ benefit });
const sag = '11111111-1111-4111-8111-111111111111';
const codeOf = (result: { ok: boolean; error?: { code: string; field?: string } }) =>
  result.ok ? 'ok' : `${result.error?.code ?? ''}@${result.error?.field ?? ''}`;

const valid: Readonly<Record<string, RegistrationInput>> = {
  barn: { kind: 'barn', from: '2025-01-01', birthDate: '2025-01-01' },
  hjemmeboende: { kind: 'hjemmeboende', from: '2025-01-01' },
  civilstand: { kind: 'civilstand', from: '2025-01-01', civilStatus: 'gift', spouseOnBenefit: true },
  arbejdsindtaegt: {
    kind: 'arbejdsindtaegt',
    from: '2024-02-01',
    to: '2024-02-29',
    amount: '4500.00',
    hours: '37,5',
  },
  'aegtefaelle-arbejdsindtaegt': {
    kind: 'aegtefaelle-arbejdsindtaegt',
    from: '2025-08-01',
    to: '2025-08-31',
    amount: '8000.00',
    hours: '100',
  },
  boligudgift: { kind: 'boligudgift', from: '2025-01-01', monthly: '6500.00' },
  'timeregel-timer': { kind: 'timeregel-timer', from: '2024-03-01', to: '2024-03-31', hours: '37,5' },
  'timeregel-undtagelse': {
    kind: 'timeregel-undtagelse',
    from: '2021-01-01',
    to: '2021-06-30',
    exemption: 'revalidering',
  },
  'timeregel-forlaengelse': {
    kind: 'timeregel-forlaengelse',
    from: '2021-01-01',
    to: '2021-01-31',
    reason: 'Dokumenteret sygdom',
  },
  ydelseshistorik: { kind: 'ydelseshistorik', from: '2019-01-01', to: '2020-12-31' },
  skattekort: { kind: 'skattekort', from: '2025-01-01', taxRate: '38,5', monthlyAllowance: '4200.00' },
  'bevilget-beloeb': {
    kind: 'bevilget-beloeb',
    from: '2025-01-01',
    case: sag,
    monthly: '1200.00',
    reason: 'Udgift til medicin',
  },
};

describe('a registration of each kind', () => {
  it.each([
    ['barn', undefined, { kind: 'barn', birthDate: Temporal.PlainDate.from('2025-01-01') }],
    ['hjemmeboende', undefined, { kind: 'hjemmeboende' }],
    ['civilstand', undefined, { kind: 'civilstand', status: 'gift', spouseOnBenefit: true }],
    ['arbejdsindtaegt', undefined, { kind: 'arbejdsindtaegt', amount: 450000, hours: 37.5 }],
    [
      'aegtefaelle-arbejdsindtaegt',
      undefined,
      { kind: 'aegtefaelle-arbejdsindtaegt', amount: 800000, hours: 100 },
    ],
    ['boligudgift', undefined, { kind: 'boligudgift', monthly: 650000 }],
    ['timeregel-timer', undefined, { kind: 'timeregel-timer', hours: 37.5 }],
    ['timeregel-undtagelse', undefined, { kind: 'timeregel-undtagelse', exemption: 'revalidering' }],
    ['timeregel-forlaengelse', undefined, { kind: 'timeregel-forlaengelse', ground: 'Dokumenteret sygdom' }],
    ['ydelseshistorik', undefined, { kind: 'ydelseshistorik' }],
    ['skattekort', undefined, { kind: 'skattekort', rateBasisPoints: 3850, monthlyAllowance: 420000 }],
    [
      'bevilget-beloeb',
      caseOf('personligt-tillaeg'),
      { kind: 'bevilget-beloeb', monthly: 120000, reason: 'Udgift til medicin' },
    ],
  ] as const)('%s is accepted with its value', (kind, caseContext, value) => {
    const result = decideRegistration(valid[kind]!, caseContext);
    expect(result.ok ? result.value.value : result.error).toEqual(value);
  });

  it('a holdback (APØ) belongs to its administration case, with what it is for', () => {
    const result = decideRegistration(
      { kind: 'apoe-tilbageholdelse', from: '2025-01-01', case: sag, monthly: '1500.00', reason: 'husleje' },
      caseOf('administration'),
    );
    expect(result.ok && result.value.caseId).toBe(sag);
    expect(result.ok && result.value.value).toEqual({
      kind: 'apoe-tilbageholdelse',
      monthly: 150000,
      purpose: 'husleje',
    });
  });

  it('only bevilget-beloeb belongs to a case', () => {
    const amount = decideRegistration(valid['bevilget-beloeb']!, caseOf('saerlig-stoette'));
    expect(amount.ok && amount.value.caseId).toBe(sag);
    const rent = decideRegistration(valid['boligudgift']!, undefined);
    expect(rent.ok && rent.value.caseId).toBe(null);
  });
});

describe('refusals, each naming its field', () => {
  const with_ = (kind: string, change: Partial<RegistrationInput>): RegistrationInput => ({
    ...valid[kind]!,
    ...change,
  });
  it.each<[string, RegistrationInput, CaseContext | undefined, string]>([
    ['an unknown kind', { kind: 'loen', from: '2025-01-01' }, undefined, 'ugyldigt-input@kind'],
    [
      'valid-to before valid-from',
      with_('boligudgift', { to: '2024-12-31' }),
      undefined,
      'ugyldig-periode@to',
    ],
    [
      'a from that does not exist',
      with_('boligudgift', { from: '2025-02-29' }),
      undefined,
      'ugyldig-dato@from',
    ],
    [
      'a year outside 1900-2200',
      with_('boligudgift', { from: '2201-01-01' }),
      undefined,
      'ugyldig-dato@from',
    ],
    ['a field of another kind', with_('boligudgift', { taxRate: '38' }), undefined, 'ugyldigt-input@taxRate'],
    [
      'a case on a person fact',
      with_('boligudgift', { case: sag }),
      caseOf('kontanthjaelp'),
      'ugyldigt-input@case',
    ],
    [
      'a child born after valid-from',
      with_('barn', { birthDate: '2025-01-02' }),
      undefined,
      'ugyldig-dato@birthDate',
    ],
    [
      'a child’s birth date that does not exist',
      with_('barn', { birthDate: '2023-02-29' }),
      undefined,
      'ugyldig-dato@birthDate',
    ],
    [
      'a child without a birth date',
      with_('barn', { birthDate: null }),
      undefined,
      'ugyldigt-input@birthDate',
    ],
    [
      'an unknown civil status',
      with_('civilstand', { civilStatus: 'ugift' }),
      undefined,
      'ugyldigt-input@civilStatus',
    ],
    [
      'a single person with a spouse on benefit',
      with_('civilstand', { civilStatus: 'enlig' }),
      undefined,
      'ugyldigt-input@spouseOnBenefit',
    ],
    [
      'income from the 2nd',
      with_('arbejdsindtaegt', { from: '2024-02-02' }),
      undefined,
      'ugyldig-periode@from',
    ],
    [
      'income for part of a month',
      with_('arbejdsindtaegt', { to: '2024-02-28' }),
      undefined,
      'ugyldig-periode@to',
    ],
    [
      'income over two months',
      with_('arbejdsindtaegt', { to: '2024-03-31' }),
      undefined,
      'ugyldig-periode@to',
    ],
    ['income without an end', with_('arbejdsindtaegt', { to: null }), undefined, 'ugyldig-periode@to'],
    [
      'a holdback on a case that is not administration',
      { kind: 'apoe-tilbageholdelse', from: '2025-01-01', case: sag, monthly: '1500.00', reason: 'husleje' },
      caseOf('kontanthjaelp'),
      'ugyldigt-input@case',
    ],
    [
      'a holdback without a case',
      { kind: 'apoe-tilbageholdelse', from: '2025-01-01', monthly: '1500.00', reason: 'husleje' },
      undefined,
      'ugyldigt-input@case',
    ],
    [
      'a holdback without saying what for',
      { kind: 'apoe-tilbageholdelse', from: '2025-01-01', case: sag, monthly: '1500.00' },
      caseOf('administration'),
      'ugyldigt-input@reason',
    ],
    [
      'a holdback of 0 kr.',
      { kind: 'apoe-tilbageholdelse', from: '2025-01-01', case: sag, monthly: '0.00', reason: 'husleje' },
      caseOf('administration'),
      'ugyldigt-beloeb@monthly',
    ],
    [
      "a spouse's income for part of a month",
      with_('aegtefaelle-arbejdsindtaegt', { to: '2025-08-30' }),
      undefined,
      'ugyldig-periode@to',
    ],
    [
      "a spouse's income without hours",
      with_('aegtefaelle-arbejdsindtaegt', { hours: undefined }),
      undefined,
      'ugyldigt-input@hours',
    ],
    [
      "a spouse's income over 744 hours",
      with_('aegtefaelle-arbejdsindtaegt', { hours: '745' }),
      undefined,
      'ugyldigt-input@hours',
    ],
    ['a negative income', with_('arbejdsindtaegt', { amount: '-1.00' }), undefined, 'ugyldigt-beloeb@amount'],
    [
      'an income above the bound',
      with_('arbejdsindtaegt', { amount: '10000000.01' }),
      undefined,
      'ugyldigt-beloeb@amount',
    ],
    [
      'an amount the Danish way',
      with_('arbejdsindtaegt', { amount: '4.500,00' }),
      undefined,
      'ugyldigt-beloeb@amount',
    ],
    ['745 hours', with_('arbejdsindtaegt', { hours: '745' }), undefined, 'ugyldigt-input@hours'],
    ['744.01 hours', with_('arbejdsindtaegt', { hours: '744,01' }), undefined, 'ugyldigt-input@hours'],
    ['negative hours', with_('arbejdsindtaegt', { hours: '-1' }), undefined, 'negative-timer@hours'],
    [
      'negative 225-rule hours',
      with_('timeregel-timer', { hours: '−7,5' }),
      undefined,
      'negative-timer@hours',
    ],
    [
      '225-rule hours for part of a month',
      { ...with_('timeregel-timer', { hours: '10' }), to: '2024-03-15' },
      undefined,
      'ugyldig-periode@to',
    ],
    [
      'unknown exemption',
      with_('timeregel-undtagelse', { exemption: 'ferie' }),
      undefined,
      'ugyldigt-input@exemption',
    ],
    [
      'an extension without its ground',
      { kind: 'timeregel-forlaengelse', from: '2021-01-01', to: '2021-01-31' },
      undefined,
      'ugyldigt-input@reason',
    ],
    [
      'an extension without an end',
      { kind: 'timeregel-forlaengelse', from: '2021-01-01', reason: 'Sygdom' },
      undefined,
      'ugyldig-periode@to',
    ],
    [
      'benefit history without an end',
      { kind: 'ydelseshistorik', from: '2021-01-01' },
      undefined,
      'ugyldig-periode@to',
    ],
    [
      'hours with three decimals',
      with_('arbejdsindtaegt', { hours: '1,234' }),
      undefined,
      'ugyldigt-input@hours',
    ],
    ['no hours', with_('arbejdsindtaegt', { hours: '' }), undefined, 'ugyldigt-input@hours'],
    [
      'a housing cost above the bound',
      with_('boligudgift', { monthly: '99999999999' }),
      undefined,
      'ugyldigt-beloeb@monthly',
    ],
    [
      'a tax rate of 100.01 %',
      with_('skattekort', { taxRate: '100,01' }),
      undefined,
      'ugyldig-skatteprocent@taxRate',
    ],
    [
      'a tax rate of 101 %',
      with_('skattekort', { taxRate: '101' }),
      undefined,
      'ugyldig-skatteprocent@taxRate',
    ],
    [
      'a negative tax rate',
      with_('skattekort', { taxRate: '-1' }),
      undefined,
      'ugyldig-skatteprocent@taxRate',
    ],
    [
      'a tax rate that is no number',
      with_('skattekort', { taxRate: 'otteogtredive' }),
      undefined,
      'ugyldig-skatteprocent@taxRate',
    ],
    [
      'a tax rate with three decimals',
      with_('skattekort', { taxRate: '38,125' }),
      undefined,
      'ugyldig-skatteprocent@taxRate',
    ],
    [
      'a negative allowance',
      with_('skattekort', { monthlyAllowance: '-5.00' }),
      undefined,
      'ugyldigt-beloeb@monthlyAllowance',
    ],
    [
      'a decided amount without a case',
      with_('bevilget-beloeb', { case: null }),
      undefined,
      'ugyldigt-input@case',
    ],
    [
      'a decided amount on kontanthjælp',
      valid['bevilget-beloeb']!,
      caseOf('kontanthjaelp'),
      'ugyldigt-input@case',
    ],
    [
      'a decided amount on administration',
      valid['bevilget-beloeb']!,
      caseOf('administration'),
      'ugyldigt-input@case',
    ],
    [
      'a decided amount without a reason',
      with_('bevilget-beloeb', { reason: ' ' }),
      caseOf('enkeltydelse'),
      'ugyldigt-input@reason',
    ],
    [
      'a decided amount above the bound',
      with_('bevilget-beloeb', { monthly: '10000000.01' }),
      caseOf('enkeltydelse'),
      'ugyldigt-beloeb@monthly',
    ],
    [
      'a reason with a control character',
      with_('boligudgift', { reason: 'a\u0007' }),
      undefined,
      'ugyldigt-input@reason',
    ],
  ])('%s', (_name, input, caseContext, expected) => {
    expect(codeOf(decideRegistration(input, caseContext))).toBe(expected);
  });
});

describe('the tax rate as basis points and hours', () => {
  it.each([
    ['0', 0],
    ['38', 3800],
    ['38,5', 3850],
    ['38.5', 3850],
    ['38,25', 3825],
    ['100', 10000],
    ['100,00', 10000],
    ['37 %', 3700],
  ])('%s %% is %i basis points', (text, basisPoints) => {
    const result = parseTaxRate(text);
    expect(result.ok ? result.value : result.error.code).toBe(basisPoints);
  });

  it.each([
    ['0', 0],
    ['160,33', 160.33],
    ['744', 744],
  ])('%s hours', (text, hours) => {
    const result = parseHours(text);
    expect(result.ok ? result.value : result.error.code).toBe(hours);
  });

  it('accepts every rate from 0 to 100 % in hundredths and refuses every one above', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), (basisPoints) => {
        const text = `${String(Math.trunc(basisPoints / 100))},${String(basisPoints % 100).padStart(2, '0')}`;
        const result = parseTaxRate(text);
        if (basisPoints <= 10_000) expect(result.ok && result.value).toBe(basisPoints);
        else expect(result.ok ? 'ok' : result.error.code).toBe('ugyldig-skatteprocent');
      }),
    );
  });
});

const at = (seconds: number) => Temporal.Instant.fromEpochMilliseconds(1_700_000_000_000 + seconds * 1000);
function row(id: string, from: string, to: string | null, extra: Partial<Registration> = {}): Registration {
  return {
    id,
    personId: 'p',
    caseId: null,
    from: Temporal.PlainDate.from(from),
    to: to === null ? null : Temporal.PlainDate.from(to),
    value: { kind: 'hjemmeboende' },
    recordedAt: at(0),
    recordedBy: 'bruger:sb101@101',
    supersededAt: null,
    ...extra,
  };
}

describe('ending a registration', () => {
  it.each<[string, Registration, string, string, string]>([
    ['an open registration', row('r', '2025-01-01', null), '2025-03-31', 'Flyttet hjemmefra', 'ok'],
    ['on its first day', row('r', '2025-01-01', null), '2025-01-01', 'Fejl', 'ok'],
    ['before its first day', row('r', '2025-01-01', null), '2024-12-31', 'Fejl', 'ugyldig-periode@to'],
    [
      'after the end it has',
      row('r', '2025-01-01', '2025-06-30'),
      '2025-07-01',
      'Fejl',
      'ugyldig-periode@to',
    ],
    [
      'income from work, which covers one month',
      row('r', '2025-01-01', '2025-01-31', { value: { kind: 'arbejdsindtaegt', amount: 100, hours: 1 } }),
      '2025-01-15',
      'Fejl',
      'ugyldig-periode@to',
    ],
    [
      "a spouse's income from work, which covers one month too",
      row('r', '2025-01-01', '2025-01-31', {
        value: { kind: 'aegtefaelle-arbejdsindtaegt', amount: 100, hours: 1 },
      }),
      '2025-01-15',
      'Fejl',
      'ugyldig-periode@to',
    ],
    ['without a reason', row('r', '2025-01-01', null), '2025-03-31', '', 'ugyldigt-input@reason'],
    ['a date that does not exist', row('r', '2025-01-01', null), '2025-04-31', 'Fejl', 'ugyldig-dato@to'],
  ])('%s: %s', (_name, registration, to, reason, expected) => {
    expect(codeOf(decideEndRegistration(registration, to, reason))).toBe(expected);
  });
});

describe('registrations as known at an instant', () => {
  const rows = [
    row('a', '2025-01-01', null, { recordedAt: at(10), supersededAt: at(20) }),
    row('b', '2025-02-01', null, { recordedAt: at(20) }),
    row('c', '2025-03-01', null, { recordedAt: at(30) }),
  ];
  it.each<[number, string[]]>([
    [5, []],
    [10, ['a']],
    [19, ['a']],
    [20, ['b']],
    [29, ['b']],
    [30, ['b', 'c']],
  ])('at %i: %j', (seconds, ids) => {
    expect(knownAt(rows, at(seconds)).map((r) => r.id)).toEqual(ids);
  });

  type Operation = { kind: 'add' } | { kind: 'correct'; pick: number };
  const operation: fc.Arbitrary<Operation> = fc.oneof(
    fc.constant<Operation>({ kind: 'add' }),
    fc.nat().map((pick): Operation => ({ kind: 'correct', pick })),
  );

  it('equals what was standing at that instant, for any sequence of adds and corrections', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(operation, fc.integer({ min: 0, max: 3 })), { maxLength: 40 }),
        fc.array(fc.integer({ min: -2, max: 130 }), { minLength: 1, maxLength: 10 }),
        (operations, probes) => {
          // The store as the use cases keep it: rows are only added, or superseded once.
          const store: Registration[] = [];
          // What stood after each instant's operations, as ids.
          const standingAfter = new Map<number, string[]>();
          let clock = 0;
          operations.forEach(([op, gap], index) => {
            clock += gap; // Several operations may share an instant (gap 0).
            const now = at(clock);
            const standing = store.filter((r) => r.supersededAt === null);
            const target =
              op.kind === 'correct' ? standing[op.pick % Math.max(standing.length, 1)] : undefined;
            if (target !== undefined) {
              store[store.indexOf(target)] = { ...target, supersededAt: now };
            }
            store.push(row(`r${String(index)}`, '2025-01-01', null, { recordedAt: now }));
            standingAfter.set(
              clock,
              store.filter((r) => r.supersededAt === null).map((r) => r.id),
            );
          });
          for (const probe of probes) {
            const instants = [...standingAfter.keys()].filter((t) => t <= probe);
            const expected = instants.length === 0 ? [] : standingAfter.get(Math.max(...instants))!;
            expect(
              knownAt(store, at(probe))
                .map((r) => r.id)
                .toSorted(),
            ).toEqual(expected.toSorted());
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('tillaeg: an HTF case’s supplement conditions', () => {
  const input: RegistrationInput = {
    kind: 'tillaeg',
    from: '2025-01-01',
    case: sag,
    activityReady: true,
    leisureSupplement: false,
  };
  it.each<[string, RegistrationInput, CaseContext | undefined, string]>([
    ['on a kontanthjælp case', input, caseOf('kontanthjaelp'), 'ok'],
    ['on an uddannelseshjælp case', input, caseOf('uddannelseshjaelp'), 'ok'],
    ['without a case', { ...input, case: null }, undefined, 'ugyldigt-input@case'],
    ['on a needs-based case', input, caseOf('saerlig-stoette'), 'ugyldigt-input@case'],
    [
      'with a field of another kind',
      { ...input, monthly: '100.00' },
      caseOf('kontanthjaelp'),
      'ugyldigt-input@monthly',
    ],
  ])('%s: %s', (_name, given, caseContext, expected) => {
    expect(codeOf(decideRegistration(given, caseContext))).toBe(expected);
  });

  it('belongs to the case and carries both conditions (absent: not met)', () => {
    const result = decideRegistration({ ...input, leisureSupplement: null }, caseOf('kontanthjaelp'));
    expect(result.ok && result.value.caseId).toBe(sag);
    expect(result.ok && result.value.value).toEqual({
      kind: 'tillaeg',
      activityReady: true,
      leisureSupplement: false,
    });
  });
});
