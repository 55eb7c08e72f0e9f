/**
 * The pieces every operation of the OpenAPI document (server/http/openapi.ts) is written with: who may call it,
 * its responses (the errors it may answer, each with the error body), JSON content.
 */
import type { z } from 'zod';
import type { ZodOpenApiContentObject, ZodOpenApiOperationObject, ZodOpenApiRequestBodyObject, oas31 } from 'zod-openapi';
import { ROLES, type Role } from '../config/config';

/** Who may call an operation: a role (or any higher one), the ingest key, the widget key, or anyone. */
export type Access = Role | 'ingest' | 'widget' | 'open';

const ERRORS: Record<number, string> = {
  400: 'Bad request: the message names the field (`details` may list every problem)',
  401: 'No token, or a token that is not valid',
  403: 'The token is valid but its role is too low',
  404: 'Not found',
  409: 'Conflict with the current state',
  413: 'Body over the size or count limit',
  415: 'Unsupported Content-Type',
  429: 'Rate limited: retry after the seconds in `Retry-After`',
  503: 'Redis unreachable: retry after the seconds in `Retry-After`',
};

export const json = (schema: oas31.SchemaObject | oas31.ReferenceObject | z.ZodType): ZodOpenApiContentObject => ({ 'application/json': { schema } });
/** A JSON response whose shape is a TypeScript type (no zod schema): named, not spelled out. */
export const typed = (type: string, where: string): oas31.SchemaObject => ({ type: 'object', description: `\`${type}\` in ${where}` });

function security(access: Access): oas31.SecurityRequirementObject[] {
  if (access === 'open') return [];
  if (access === 'ingest') return [{ ingestKey: [] }];
  if (access === 'widget') return [{ widgetKey: [] }, { widgetKeyQuery: [] }];
  return ROLES.slice(ROLES.indexOf(access)).map((role) => ({ [role]: [] }));
}

interface Op {
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  ok: { status?: number; description: string; content?: ZodOpenApiContentObject };
  body?: ZodOpenApiRequestBodyObject;
  query?: z.ZodObject;
  params?: oas31.ParameterObject[];
  path?: z.ZodObject;
  errors?: number[];
}

export function op(o: Op): ZodOpenApiOperationObject {
  const onApi = o.access !== 'open';
  const errors = new Set([...(onApi ? [401, 429, 503] : []), ...(o.access === 'lead' || o.access === 'admin' ? [403] : []), ...(o.errors ?? [])]);
  const roles = o.access === 'open' || o.access === 'ingest' || o.access === 'widget' ? '' : `Role: ${o.access}${o.access === 'admin' ? '' : ' or higher'}.`;
  return {
    tags: [o.tag],
    summary: o.summary,
    ...(o.description || roles ? { description: [o.description, roles].filter(Boolean).join('\n\n') } : {}),
    security: security(o.access),
    ...(o.query || o.path ? { requestParams: { ...(o.query ? { query: o.query } : {}), ...(o.path ? { path: o.path } : {}) } } : {}),
    ...(o.params ? { parameters: o.params } : {}),
    ...(o.body ? { requestBody: o.body } : {}),
    responses: {
      [String(o.ok.status ?? 200)]: { description: o.ok.description, ...(o.ok.content ? { content: o.ok.content } : {}) },
      ...Object.fromEntries([...errors].sort().map((s) => [String(s), { description: ERRORS[s]!, content: json({ $ref: '#/components/schemas/Error' }) }])),
    },
  };
}

export const queryParam = (name: string, description: string, schema: oas31.SchemaObject): oas31.ParameterObject =>
  ({ name, in: 'query', required: false, description, schema });
