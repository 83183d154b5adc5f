import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createLogger, maskCpr, type DestinationStream } from './logger.ts';

/** A logger at trace level whose JSON lines are kept in `lines`. */
function capture(): { logger: ReturnType<typeof createLogger>; lines: string[]; text: () => string } {
  const lines: string[] = [];
  const stream: DestinationStream = { write: (line: string) => void lines.push(line) };
  return { logger: createLogger('trace', stream), lines, text: () => lines.join('') };
}

// Ten digits with or without the hyphen, in either of the forms the test uses.
const anyCpr = /(?<!\d)\d{6}-?\d{4}(?!\d)/;

describe('maskCpr', () => {
  it.each([
    ['0703621007', '******-****'],
    ['070362-1007', '******-****'],
    ['/api/persons/070362-1007?formaal=test', '/api/persons/******-****?formaal=test'],
    ['cpr=0703621007&x=1', 'cpr=******-****&x=1'],
    ['a 0703621007, b 1101901234.', 'a ******-****, b ******-****.'],
    ['Key (cpr)=(0703621007) already exists', 'Key (cpr)=(******-****) already exists'],
  ])('masks %s', (text, masked) => {
    expect(maskCpr(text)).toBe(masked);
  });

  it.each([
    ['a longer run of digits', '17464284000001'],
    ['eleven digits', '07036210071'],
    ['a CPR number with a digit before it', '10703621007'],
    ['nine digits', '070362100'],
    ['a date and an amount', '2025-05-07 1234.56 kr.'],
    ['two hyphens', '070362--1007'],
  ])('leaves %s alone', (_name, text) => {
    expect(maskCpr(text)).toBe(text);
  });
});

describe('the logger', () => {
  it('masks a CPR number in the message, its arguments and a logged object', () => {
    const { logger, lines, text } = capture();
    logger.info('borger 070362-1007 læst');
    logger.info('borger %s læst af %s', '0703621007', 'sb101');
    logger.info({ cpr: '0703621007', nested: { list: ['070362-1007', 42] } }, 'opslag');
    logger
      .child({ person: '070362-1007' })
      .child({ sag: { cpr: '1101901234' } })
      .warn('barn');
    expect(lines).toHaveLength(4);
    expect(text()).not.toMatch(anyCpr);
    expect(text()).not.toContain('0703621007');
    const [first, second, third, fourth] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first?.msg).toBe('borger ******-**** læst');
    expect(second?.msg).toBe('borger ******-**** læst af sb101');
    expect(third).toMatchObject({ cpr: '******-****', nested: { list: ['******-****', 42] }, msg: 'opslag' });
    expect(fourth).toMatchObject({
      person: '******-****',
      sag: { cpr: '******-****' },
      msg: 'barn',
      app: 'openydelse',
    });
  });

  it('masks an error’s message, stack, cause and own fields, logged alone or under err', () => {
    const { logger, lines, text } = capture();
    const cause = new Error('CPR 1101901234 findes ikke');
    const error = Object.assign(new Error('Borger 070362-1007 kunne ikke læses', { cause }), {
      detail: 'Key (cpr)=(0703621007) already exists',
    });
    logger.error(error);
    logger.error({ err: error }, 'uventet fejl for %s', '070362-1007');
    logger.error({ fejl: error, andre: [cause] }, 'indlejret');
    expect(lines).toHaveLength(3);
    expect(text()).not.toMatch(anyCpr);
    const [alone, underErr, nested] = lines.map(
      (line) => JSON.parse(line) as { msg: string; err?: Record<string, unknown>; fejl?: unknown },
    );
    expect(alone?.msg).toBe('Borger ******-**** kunne ikke læses');
    expect(alone?.err).toMatchObject({
      type: 'Error',
      message: expect.stringContaining('Borger ******-**** kunne ikke læses') as unknown,
      stack: expect.stringContaining('CPR ******-**** findes ikke') as unknown,
      detail: 'Key (cpr)=(******-****) already exists',
    });
    expect(underErr?.msg).toBe('uventet fejl for ******-****');
    expect(underErr?.err?.stack).toContain('logger.test.ts');
    expect(nested?.fejl).toMatchObject({ type: 'Error', detail: 'Key (cpr)=(******-****) already exists' });
  });

  it('keeps a cycle and other values as they are', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { name: '0703621007' };
    cyclic.self = cyclic;
    logger.info({ cyclic, count: 1234567890123, at: new Date('2025-05-07T04:00:00Z'), ok: true }, 'x');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      cyclic: { name: '******-****', self: '[Circular]' },
      count: 1234567890123,
      at: '2025-05-07T04:00:00.000Z',
      ok: true,
    });
  });

  it('masks the URL of a request Fastify logs, and the error of a failed request', async () => {
    const { logger, text } = capture();
    const app = Fastify({ loggerInstance: logger });
    app.get('/api/persons/:cpr', (request) => {
      throw new Error(`Ingen borger ${(request.params as { cpr: string }).cpr}`);
    });
    const response = await app.inject('/api/persons/070362-1007?cpr=0703621007');
    await app.close();
    expect(response.statusCode).toBe(500);
    const logged = text();
    expect(logged).toContain('"url":"/api/persons/******-****?cpr=******-****"');
    expect(logged).toContain('Ingen borger ******-****');
    expect(logged).toContain('"incoming request"');
    expect(logged).not.toMatch(anyCpr);
  });
});
