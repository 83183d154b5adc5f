/**
 * A URL the server cannot read is refused in Danish as problem+json, like every other error: a raw `ø`
 * (Node's HTTP parser refuses the request line before Fastify sees it) and a broken %-escape (Fastify's
 * router cannot decode it).
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock.ts';
import { createDb, type Db } from '../db/database.ts';
import { buildApp } from './app.ts';

let db: Db;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  // No request here reaches the database; the pool never connects.
  db = createDb('postgres://ingen@127.0.0.1:1/ingen');
  app = await buildApp({ deps: { db, clock: systemClock }, logger: false, plugins: [] });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await app.close();
  await db.destroy();
});

/** Sends raw bytes as the request and returns the raw response. */
function rawRequest(request: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function parse(response: string): { status: number; type: string; body: Record<string, unknown> } {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
  const type = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
  return { status, type, body: JSON.parse(body) as Record<string, unknown> };
}

describe('a URL that cannot be read', () => {
  it('with a raw ø gets a Danish problem+json 400', async () => {
    const response = await rawRequest(
      Buffer.from('GET /api/persons/070362-1007/overview?formaal=opfølgning HTTP/1.1\r\nHost: x\r\n\r\n'),
    );
    const { status, type, body } = parse(response);
    expect(status).toBe(400);
    expect(type).toBe('application/problem+json; charset=utf-8');
    expect(body).toMatchObject({ status: 400, code: 'ugyldigt-input', title: 'Ugyldigt input' });
    expect(body['detail']).toMatch(/procentkod/);
  });

  it('with a broken %-escape gets a Danish problem+json 400', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/persons/%E0/overview' });
    expect(reply.statusCode).toBe(400);
    expect(reply.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(reply.json()).toMatchObject({ code: 'ugyldigt-input', field: 'url' });
    expect(reply.json<{ detail: string }>().detail).toMatch(/procentkod/);
  });

  it('percent-encoded, the ø is read', async () => {
    const reply = await app.inject({ method: 'GET', url: '/api/health?x=opf%C3%B8lgning' });
    expect(reply.statusCode).toBe(200);
  });
});
