/**
 * A form with a file, as a browser posts it (multipart/form-data), read by the Fetch API's own parser
 * (`Response.formData()`, built into Node) into a plain body: each text field a string, each file
 * `{ filename, content }`; the first value of a repeated name wins. It is parsed before the access hook's
 * CSRF check, which reads `_csrf` from the body like any form's. A body that is no multipart form is 400.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A file as the form sent it. Its bytes are behind a getter, not an own property, so what walks a body's
 * own properties (the edge's text guard, a log serializer) never walks ten million bytes one by one.
 */
export class UploadedFile {
  readonly filename: string;
  readonly #content: Buffer;

  constructor(filename: string, content: Buffer) {
    this.filename = filename;
    this.#content = content;
  }

  get content(): Buffer {
    return this.#content;
  }
}

/** The parsed body: text fields and files by name (no prototype, so any name is only a key). */
export type MultipartBody = Readonly<Record<string, string | UploadedFile>>;

/** Reads the body; throws a 400 error when it is no multipart form of the boundary the header names. */
export async function readMultipart(contentType: string, body: Buffer): Promise<MultipartBody> {
  let form: FormData;
  try {
    const response = new Response(new Uint8Array(body), { headers: { 'content-type': contentType } });
    // Deprecated for servers because it holds the whole body in memory: here the body is already held, at
    // most the route's body limit, and only after the access hook let a signed-in caseworker through.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    form = await response.formData();
  } catch {
    throw Object.assign(new Error('Formularen kunne ikke læses'), { statusCode: 400 });
  }
  const fields = new Map<string, string | UploadedFile>();
  for (const [name, value] of form.entries()) {
    if (fields.has(name)) continue;
    fields.set(
      name,
      typeof value === 'string'
        ? value
        : new UploadedFile(value.name, Buffer.from(await value.arrayBuffer())),
    );
  }
  return Object.assign(
    Object.create(null) as Record<string, string | UploadedFile>,
    Object.fromEntries(fields),
  );
}

/** Lets the plugin's routes take multipart forms up to `bodyLimit` bytes. */
export function acceptMultipart(app: FastifyInstance, bodyLimit: number): void {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit },
    async (request: FastifyRequest, body: Buffer) =>
      readMultipart(request.headers['content-type'] ?? '', body),
  );
}
