import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/test-db.ts';
import { SimulatedClock } from '../kernel/index.ts';
import { createCase, createDeduction } from '../cases/index.ts';
import { createPerson } from '../persons/index.ts';
import { systemActor, type Actor, caseworkerActor } from '../platform/actor.ts';
import { advanceClock } from '../platform/jobs/simulate.ts';
import { jobHandlers } from '../platform/system.ts';
import type { Deps } from '../platform/use-case.ts';
import { getOutboundFile, getPaymentStatements, listOutboundFiles } from './index.ts';
import { pdfText } from '../../test/support/pdf-text.ts';

const sb101: Actor = caseworkerActor('sb101', '101' as never);
const pickup: Actor = { kind: 'tjeneste', name: 'filhenter', roles: ['udbetalingsfiler'] };
const owner = (municipality: string): Actor => ({
  kind: 'bruger',
  userId: `sys${municipality}`,
  municipality: municipality as never,
  roles: ['systemansvarlig'],
});
let deps: Deps & { clock: SimulatedClock };

beforeAll(async () => {
  const { db } = await useTestDatabase();
  deps = { db, clock: new SimulatedClock(Temporal.Instant.from('2025-05-05T07:00:00Z')) };
  const person = await createPerson(deps, systemActor('test'), 'api', {
    cpr: '0703621007',
    name: 'Karen Testesen',
    residence: [{ municipality: '101', from: '2015-01-01' }],
  });
  expect(person.ok).toBe(true);
  const caseResult = await createCase(deps, sb101, 'api', '0703621007', {
    benefit: 'personligt-tillaeg',
    municipality: '101',
    status: 'bevilget',
    from: '2025-01-01',
    monthly: '3100.00',
  });
  expect(caseResult.ok).toBe(true);
  const deduction = await createDeduction(deps, sb101, 'api', '0703621007', {
    kind: 'tilbagebetaling',
    municipality: '101',
    monthly: '310.00',
    from: '2025-01-01',
  });
  expect(deduction.ok).toBe(true);
  // Through the May run (Thursday 22 May 18:00) and the payout (Wednesday 28 May 06:00).
  await advanceClock(deps, jobHandlers, Temporal.Instant.from('2025-05-28T10:00:00Z'));
});

describe('what the monthly cycle hands on', () => {
  it('writes one deduction request file for UDK and one payout file for NemKonto per municipality and month', async () => {
    const listed = await listOutboundFiles(deps, pickup, 'api', Temporal.PlainYearMonth.from('2025-05'));
    const files = listed.ok ? listed.value : [];
    expect(files.map((f) => [f.kind, f.municipality, f.records]).sort()).toEqual([
      ['nemkonto-udbetalinger', '101', 1],
      ['udk-traekanmodninger', '101', 1],
    ]);
    const udk = await getOutboundFile(
      deps,
      pickup,
      'api',
      files.find((f) => f.kind === 'udk-traekanmodninger')?.id ?? '',
    );
    expect(udk.ok && udk.value.content.toString('utf8').split('\n')[1]).toMatch(
      /^0703621007;101;2025-05;tilbagebetaling;310\.00;310\.00;0\.00;\d+$/,
    );
    const nemkonto = await getOutboundFile(
      deps,
      pickup,
      'api',
      files.find((f) => f.kind === 'nemkonto-udbetalinger')?.id ?? '',
    );
    // 3100.00 granted minus the 310.00 deduction, at the citizen's disposal on the last bank day.
    expect(nemkonto.ok && nemkonto.value.content.toString('utf8')).toBe(
      'cpr;kommune;periode;beloeb;dispositionsdato\n0703621007;101;2025-05;2790.00;2025-05-28\n',
    );
  });

  it("shows a municipality's system owner only its own files, and logs every citizen of a file fetched", async () => {
    const own = await listOutboundFiles(deps, owner('101'), 'api');
    const other = await listOutboundFiles(deps, owner('751'), 'api');
    expect(own.ok && own.value.length).toBe(2);
    expect(other.ok && other.value).toEqual([]);
    const id = own.ok ? (own.value[0]?.id ?? '') : '';
    expect(await getOutboundFile(deps, owner('751'), 'api', id)).toMatchObject({
      ok: false,
      error: { code: 'ikke-fundet' },
    });
    const caseworker = await getOutboundFile(deps, sb101, 'api', id);
    expect(caseworker).toMatchObject({ ok: false, error: { code: 'ingen-adgang' } });
    const before = await deps.db
      .selectFrom('access_log')
      .select('id')
      .where('purpose', 'like', 'fil:%')
      .execute();
    const fetched = await getOutboundFile(deps, owner('101'), 'api', id);
    expect(fetched.ok).toBe(true);
    const rows = await deps.db
      .selectFrom('access_log')
      .select(['actor', 'purpose', 'channel'])
      .where('purpose', 'like', 'fil:%')
      .execute();
    expect(rows.length - before.length).toBe(1);
    expect(rows.at(-1)).toMatchObject({ actor: 'bruger:sys101@101', channel: 'api' });
  });

  it('renders the payment statement from the computed lines, in Danish, as a PDF', async () => {
    const statements = await getPaymentStatements(deps, sb101, 'api', '070362-1007', '2025-05', {
      compress: false,
    });
    expect(statements.ok).toBe(true);
    if (!statements.ok) return;
    expect(statements.value).toHaveLength(1);
    const [statement] = statements.value;
    expect(statement?.pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(statement?.pdf ?? Buffer.alloc(0));
    for (const expected of [
      'Karen Testesen',
      '070362-1007',
      'København (101)',
      'Personligt tillæg',
      '3.100,00 kr.',
      '-310,00 kr.',
      '2.790,00 kr.',
      '28.05.2025',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('a rerun of the month writes no second file and changes no statement', async () => {
    const statementBefore = await getPaymentStatements(deps, sb101, 'api', '070362-1007', '2025-05', {
      compress: false,
    });
    const before = await listOutboundFiles(deps, pickup, 'api');
    await jobHandlers.maanedskoersel[0]?.(deps, {
      job: 'maanedskoersel',
      at: Temporal.Instant.from('2025-05-22T16:00:00Z'),
      key: 'x',
    });
    await jobHandlers.udbetaling[0]?.(deps, {
      job: 'udbetaling',
      at: Temporal.Instant.from('2025-05-28T04:00:00Z'),
      key: 'y',
    });
    expect(await listOutboundFiles(deps, pickup, 'api')).toEqual(before);
    const statementAfter = await getPaymentStatements(deps, sb101, 'api', '070362-1007', '2025-05', {
      compress: false,
    });
    expect(statementAfter.ok && statementAfter.value.map((s) => s.content)).toEqual(
      statementBefore.ok && statementBefore.value.map((s) => s.content),
    );
  });

  it('refuses a month without a statement and a malformed month, naming the field', async () => {
    const none = await getPaymentStatements(deps, sb101, 'api', '070362-1007', '2025-04');
    expect(none.ok ? undefined : [none.error.code, none.error.field]).toEqual(['ikke-fundet', 'period']);
    const bad = await getPaymentStatements(deps, sb101, 'api', '070362-1007', '2025-13');
    expect(bad.ok ? undefined : [bad.error.code, bad.error.field]).toEqual(['ugyldig-dato', 'period']);
  });
});
