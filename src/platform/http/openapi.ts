/**
 * The API document at /api/openapi.json, as an integrator generates a client from it (docs/security.md):
 * every operation has a stable operationId, states who may call it (security schemes, the policy's roles
 * and integrations, `x-adgang`), and documents the problem+json answers it can give. The route transform
 * reads each route's `config.access`; the object transform adds what is decided across all operations.
 * `src/platform/http/openapi.db.test.ts` lints the result with Redocly's recommended rules and generates
 * TypeScript types from it.
 */
import type {
  FastifyDynamicSwaggerOptions,
  SwaggerTransform,
  SwaggerTransformObject,
} from '@fastify/swagger';
import type { FastifySchema } from 'fastify';
import { actionPolicies, isAction, sessionCookie } from '../../access/index.ts';
import { errorCodes } from '../../kernel/index.ts';

/** The tags of the routes, in the order the document lists them, each with its description. */
const tags: readonly { readonly name: string; readonly description: string }[] = [
  { name: 'drift', description: 'Drift: om processen kører, og om databasen svarer og er migreret.' },
  {
    name: 'borgere',
    description:
      'Borgere: oprette en borger og læse borgerens oplysninger og hændelser. Hvert opslag logges.',
  },
  { name: 'cpr', description: 'CPR: flyttebeskeder fra CPR-integrationen og fejlkøen med de afviste.' },
  { name: 'handlekommune', description: 'Handlekommune: bestemme handlekommunen manuelt og fraflytning.' },
  {
    name: 'personoverblik',
    description: 'Personoverblik: borgerens handlekommune, opgaver og udbetalinger samlet.',
  },
  {
    name: 'sager',
    description:
      'Sager: sager og bevillinger, registreringer, partshøringer, afgørelser, journal, dokumenter og træk.',
  },
  { name: 'udbetaling', description: 'Udbetaling: udbetalingsspecifikationer og udgående filer.' },
  { name: 'opgaver', description: 'Opgaver: opgaveindbakken, opgavetyper, trin og opgavekategorier.' },
  { name: 'kørsler', description: 'Kørsler: de planlagte kørsler og deres fejlede dele.' },
  { name: 'satser', description: 'Satser: de gældende satser.' },
];

const unsafeMethods = new Set(['post', 'put', 'patch', 'delete']);
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

type Json = Record<string, unknown>;
type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

interface Operation {
  operationId?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  security?: SecurityRequirement[];
  'x-adgang'?: string;
}

/** Bearer for integrations, or the browser's cookie; a changing call with the cookie also sends its CSRF token. */
const securityFor = (method: string): SecurityRequirement[] =>
  unsafeMethods.has(method.toLowerCase())
    ? [{ bearer: [] }, { cookie: [], csrf: [] }]
    : [{ bearer: [] }, { cookie: [] }];

const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'Authorization: Bearer <adgangsbillet>. I drift en OIDC-adgangsbillet (JWT) fra kommunens login; ' +
      'brugerens roller eller integrationens klient-id afgør, hvad kaldet må. I demoen også en lokal ' +
      'API-nøgle fra `ydelse token` (en uigennemsigtig streng). Kræver intet CSRF-token.',
  },
  cookie: {
    type: 'apiKey',
    in: 'cookie',
    name: sessionCookie,
    description:
      'Browserens sessionscookie fra log ind på siderne. Ved ændrende kald (POST, PUT, PATCH, DELETE) ' +
      'skal sessionens CSRF-token også sendes i headeren x-csrf-token.',
  },
  csrf: {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description:
      'Sessionens CSRF-token: kræves sammen med sessionscookien ved ændrende kald, ellers svares 403 ' +
      '`ugyldig-csrf`. Ikke ved Bearer.',
  },
} as const;

/** What the policy of an action allows, in the operation's description. */
function policyText(action: string): string {
  if (!isAction(action)) return `Adgang: ${action}.`;
  const policy = actionPolicies[action];
  const list = (values: readonly string[]) => (values.length === 0 ? 'ingen' : values.join(', '));
  return (
    `Adgang: ${policy.label} (\`${action}\`). Roller: ${list(policy.roles)}. ` +
    `Integrationer: ${list(policy.services)}.`
  );
}

const joinText = (first: unknown, second: string): string =>
  typeof first === 'string' && first !== '' ? `${first}\n\n${second}` : second;

/**
 * The route transform: the schema converter's result (zod to JSON Schema), plus who may call the route
 * from its `config.access`, in the description and as `x-adgang` (the document transform reads it).
 */
export function accessTransform(inner: SwaggerTransform): SwaggerTransform {
  return (document) => {
    const result = inner(document);
    // A route without any schema comes back without one.
    const schema = result.schema as FastifySchema | undefined;
    const access = document.route.config?.access;
    if (schema?.hide === true || access === undefined) return result;
    return {
      url: result.url,
      schema: {
        ...schema,
        description: joinText(
          schema?.description,
          access === 'offentlig' ? 'Adgang: offentlig, kræver ikke log ind.' : policyText(access),
        ),
        'x-adgang': access,
      } as FastifySchema,
    };
  };
}

// ----- operationId -----

const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * A path segment as identifier words: `acting-municipality` is `ActingMunicipality`, `grantId` `GrantId`,
 * `kørsler` `Koersler`.
 */
function words(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replaceAll('æ', 'ae')
    .replaceAll('ø', 'oe')
    .replaceAll('å', 'aa')
    .normalize('NFD')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map(capitalize)
    .join('');
}

interface PathParts {
  readonly literals: string[];
  readonly params: string[];
  readonly inline: string;
}

function pathParts(path: string): PathParts {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments[0] === 'api') segments.shift();
  const literals: string[] = [];
  const params: string[] = [];
  let inline = '';
  for (const segment of segments) {
    const param = /^\{(.+)\}$/.exec(segment);
    if (param === null) {
      literals.push(words(segment));
      inline += words(segment);
    } else {
      const name = capitalize(words(param[1] as string));
      params.push(name);
      inline += `By${name}`;
    }
  }
  return { literals, params, inline };
}

/**
 * A readable name from the method and the path, parameters last: `GET /api/persons/{cpr}/events` is
 * `getPersonsEventsByCpr`, `POST /api/cases/{id}/grants/{grantId}/end` `postCasesGrantsEndByIdAndGrantId`.
 */
export function operationName(method: string, path: string): string {
  const { literals, params } = pathParts(path);
  return method.toLowerCase() + literals.join('') + (params.length === 0 ? '' : `By${params.join('And')}`);
}

/** The same with each parameter where it stands (`getPersonsByCprEvents`): one-to-one with the path. */
export function inlineOperationName(method: string, path: string): string {
  return method.toLowerCase() + pathParts(path).inline;
}

// ----- problem answers -----

const problemSchema = {
  type: 'object',
  description:
    'En fejl efter RFC 9457 (application/problem+json). `code` er den stabile fejlkode, en klient handler på; ' +
    '`detail` er en dansk forklaring til mennesker.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: 'urn:openydelse:fejl:<code>',
      examples: ['urn:openydelse:fejl:ikke-fundet'],
    },
    title: { type: 'string', description: 'Fejlkodens titel' },
    status: { type: 'integer', minimum: 400, maximum: 599, description: 'HTTP-statuskoden' },
    detail: { type: 'string', description: 'Hvad der gik galt, på dansk' },
    code: { type: 'string', description: 'Den stabile fejlkode' },
    field: { type: 'string', description: 'Feltet, fejlen gælder, hvis den gælder ét' },
    errors: {
      type: 'array',
      description: 'Ved ugyldigt input: hvert felt, der ikke overholder skemaet',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: { field: { type: 'string' }, message: { type: 'string' } },
      },
    },
    details: {
      type: 'object',
      additionalProperties: true,
      description: 'Hvad fejlen bærer ud over sin tekst, f.eks. opgaven, som den er nu, ved `konflikt`',
    },
  },
} as const;

type Code = keyof typeof errorCodes;

interface ProblemResponse {
  readonly name: string;
  readonly text: string;
  readonly example: { readonly code: Code; readonly detail: string; readonly field?: string };
}

/** The problem answers the operations document, by status. */
const problemResponses: Readonly<Record<string, ProblemResponse>> = {
  '400': {
    name: 'UgyldigtInput',
    text:
      'Ugyldigt input: en parameter eller kroppen overholder ikke skemaet (felterne står i `errors`), eller ' +
      'en tekst i forespørgslen er over 4.000 tegn eller har kontroltegn.',
    example: { code: 'ugyldigt-cpr', detail: 'CPR-nummeret skal have 10 cifre', field: 'cpr' },
  },
  '401': {
    name: 'IkkeGodkendt',
    text: 'Ikke logget ind: ingen gyldig adgangsbillet (Authorization: Bearer) eller sessionscookie.',
    example: {
      code: 'ikke-godkendt',
      detail: 'Log ind, eller send en adgangsbillet (Authorization: Bearer)',
    },
  },
  '403': {
    name: 'IngenAdgang',
    text:
      'Ingen adgang: rollen eller integrationen giver ikke adgang til handlingen, kaldet med cookie mangler ' +
      'sit CSRF-token, eller kommunen må ikke handle for borgeren eller opgaven.',
    example: {
      code: 'ingen-adgang',
      detail: 'Din rolle giver ikke adgang til at læse en borgers oplysninger',
    },
  },
  '404': {
    name: 'IkkeFundet',
    text: 'Ikke fundet: det, adressen peger på, findes ikke (eller kaldet må ikke se, at det findes).',
    example: { code: 'ikke-fundet', detail: 'Borgeren findes ikke' },
  },
  '409': {
    name: 'Konflikt',
    text: 'Konflikt: handlingen passer ikke med, hvordan sagen, opgaven eller borgeren står nu.',
    example: { code: 'opgave-lukket', detail: 'Opgaven er lukket' },
  },
  '422': {
    name: 'RegelIkkeOpfyldt',
    text: 'En regel er ikke opfyldt: input er læsbart, men reglerne tillader ikke handlingen.',
    example: { code: 'ugyldig-periode', detail: 'Perioden slutter før den begynder' },
  },
};

/** The stable codes of a status, from the one error table. */
const codesOf = (status: number): string[] =>
  Object.entries(errorCodes)
    .filter(([, entry]) => entry.status === status)
    .map(([code]) => `\`${code}\``);

function responseComponent(status: string, response: ProblemResponse): Json {
  const { code, detail, field } = response.example;
  return {
    description: `${response.text} Mulige koder: ${codesOf(Number(status)).join(', ')}.`,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        example: {
          type: `urn:openydelse:fejl:${code}`,
          title: errorCodes[code].title,
          status: errorCodes[code].status,
          detail,
          code,
          ...(field === undefined ? {} : { field }),
        },
      },
    },
  };
}

/** The problem answers an operation can give: from its method, path, security and input. */
function problemStatuses(method: string, path: string, operation: Operation): string[] {
  const secured = (operation.security ?? []).length > 0;
  const statuses = ['400']; // the text bound refuses any request's query, at the least
  if (secured) statuses.push('401', '403');
  if (path.includes('{')) statuses.push('404');
  if (secured && unsafeMethods.has(method)) statuses.push('409', '422');
  return statuses;
}

const successTexts: Readonly<Record<string, string>> = {
  '200': 'OK',
  '201': 'Oprettet',
  '202': 'Modtaget',
  '204': 'Intet indhold',
};

/** A success answer without a description of its own gets a Danish one instead of `Default Response`. */
function describeSuccess(status: string, response: unknown): unknown {
  const text = successTexts[status];
  if (text === undefined || typeof response !== 'object' || response === null) return response;
  return 'description' in response && response.description === 'Default Response'
    ? { ...response, description: text }
    : response;
}

// ----- schema tidying -----

/** `anyOf`/`oneOf` of one schema (zod's union with `unknown`) is that schema: Redocly warns otherwise. */
function tidySchemas(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(tidySchemas);
  if (typeof node !== 'object' || node === null) return node;
  const object: Json = {};
  const single: unknown[] = [];
  for (const [key, value] of Object.entries(node)) {
    const tidied = tidySchemas(value);
    const lone = (key === 'anyOf' || key === 'oneOf') && Array.isArray(tidied) && tidied.length === 1;
    if (lone && !('discriminator' in node)) single.push(tidied[0]);
    else object[key] = tidied;
  }
  if (single.length === 0) return object;
  const [only] = single;
  if (single.length === 1 && Object.keys(object).length === 0 && typeof only === 'object' && only !== null) {
    return only;
  }
  const allOf: unknown[] = Array.isArray(object.allOf) ? object.allOf : [];
  return { ...object, allOf: [...allOf, ...single] };
}

/** The document transform: operationIds, problem answers, tags, and tidied schemas. */
export const documentTransform: SwaggerTransformObject = (document) => {
  if (!('openapiObject' in document)) return document.swaggerObject;
  const spec = document.openapiObject as Json & {
    paths?: Record<string, Record<string, Operation | undefined> | undefined>;
    components?: Json;
    tags?: { name: string; description?: string }[];
  };
  const operations: { method: string; path: string; operation: Operation; item: Record<string, unknown> }[] =
    [];
  for (const [path, item] of Object.entries(spec.paths ?? {})) {
    for (const method of methods) {
      const operation = item?.[method];
      if (item !== undefined && operation !== undefined) operations.push({ method, path, operation, item });
    }
  }

  // operationId: the readable name, or the one-to-one name where two operations would share it.
  const counts = new Map<string, number>();
  for (const { method, path } of operations) {
    const name = operationName(method, path);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  // Security from the policy (a changing call with the cookie needs the CSRF token too), and the problem
  // answers, each a reference to one shared answer per status.
  const used = new Set<string>();
  for (const { method, path, operation, item } of operations) {
    const access = operation['x-adgang'];
    if (operation.security === undefined && access !== undefined) {
      operation.security = access === 'offentlig' ? [] : securityFor(method);
    }
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      responses[status] = describeSuccess(status, response);
    }
    for (const status of problemStatuses(method, path, operation)) {
      const response = problemResponses[status];
      if (response === undefined || status in responses) continue;
      responses[status] = { $ref: `#/components/responses/${response.name}` };
      used.add(status);
    }
    const name = operationName(method, path);
    item[method] = {
      operationId: counts.get(name) === 1 ? name : inlineOperationName(method, path),
      ...operation,
      responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b))),
    };
  }
  const responses: Json = {};
  for (const [status, response] of Object.entries(problemResponses)) {
    if (used.has(status)) responses[response.name] = responseComponent(status, response);
  }

  // Tags: the described ones a route uses, in their order, then any other a route uses (Redocly then warns
  // that it has no description).
  const usedTags = [...new Set(operations.flatMap(({ operation }) => operation.tags ?? []))];
  const described = tags.filter((tag) => usedTags.includes(tag.name));
  const undescribed = usedTags.filter((name) => !tags.some((tag) => tag.name === name));

  const tidy = tidySchemas(spec) as typeof spec;
  return {
    ...tidy,
    tags: [...described, ...undescribed.map((name) => ({ name }))],
    components: {
      ...tidy.components,
      schemas: { ...(tidy.components?.schemas as Json | undefined), Problem: problemSchema },
      responses: { ...(tidy.components?.responses as Json | undefined), ...responses },
      securitySchemes,
    },
  } as ReturnType<SwaggerTransformObject>;
};

/** The options of @fastify/swagger: the document's frame, and the two transforms around `schemaTransform`. */
export function openapiOptions(schemaTransform: SwaggerTransform): FastifyDynamicSwaggerOptions {
  return {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OpenYdelse API',
        description:
          'Sagsbehandling og udbetaling af kommunale kontantydelser. Kald med `Authorization: Bearer ' +
          '<adgangsbillet>` (eller sessionscookien fra siderne); hver operation angiver, hvilke roller og ' +
          'integrationer der har adgang. Fejl returneres som application/problem+json (RFC 9457) med en ' +
          'stabil `code`.',
        version: '0.1.0',
        license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      },
      servers: [{ url: '/', description: 'Denne installation' }],
      components: { securitySchemes },
    },
    transform: accessTransform(schemaTransform),
    transformObject: documentTransform,
  };
}
