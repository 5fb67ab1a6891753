/** The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (`z.toJSONSchema`). */
import { z } from 'zod';
import {
  actorProfile,
  actorsQuery,
  actorsResponse,
  alertsQuery,
  ambiguousResponse,
  articleResponse,
  assertionResponse,
  assertionsQuery,
  assertionsResponse,
  claimsQuery,
  claimsResponse,
  ingestBody,
  ingestResponse,
  jobResponse,
  problem,
  triageQuery,
  triageResponse,
  watchBody,
} from './schemas.ts';

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, Record<string, unknown>>;
  required?: string[];
};

const schema = (s: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
};

/** Query parameters from an object schema; arrays are repeatable parameters (`?sector=a&sector=b`). */
function queryParameters(s: z.ZodType): Record<string, unknown>[] {
  const json = schema(s, 'input');
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({
    name,
    in: 'query',
    required: (json.required ?? []).includes(name),
    ...(typeof p.description === 'string' ? { description: p.description } : {}),
    schema: p,
    ...(p.type === 'array' ? { style: 'form', explode: true } : {}),
  }));
}

const json = (s: z.ZodType) => ({ 'application/json': { schema: schema(s) } });
const problems = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { description: 'Problem', content: { 'application/problem+json': { schema: schema(problem) } } },
    ]),
  );

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'claimwire',
      version: '1',
      description: 'Cited, normalized claims about threat actors from CTI reporting. See docs/api.md.',
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      },
    },
    paths: {
      '/v1/claims': {
        get: {
          summary: 'Claims about an entity (any alias), with filters, facets, paging and exports',
          parameters: queryParameters(claimsQuery),
          responses: {
            '200': {
              description: 'A page of claims (json) or an export (csv, jsonl, stix)',
              content: {
                ...json(claimsResponse),
                'text/csv': { schema: { type: 'string' } },
                'application/x-ndjson': { schema: { type: 'string' } },
                'application/stix+json;version=2.1': { schema: { type: 'object' } },
              },
            },
            '300': { description: 'The name is ambiguous: the candidates', content: json(ambiguousResponse) },
            // 429: too many exports (format csv, jsonl, stix) at once; retry after Retry-After.
            ...problems(400, 429, 503),
          },
        },
      },
      '/v1/assertions': {
        get: {
          summary:
            'Assertions (subject, predicate, object) about an entity, ranked by independent sources, with per-group facets and exports',
          parameters: queryParameters(assertionsQuery),
          responses: {
            '200': {
              description: 'A page of assertions (json) or an export (csv, stix: one relationship per assertion)',
              content: {
                ...json(assertionsResponse),
                'text/csv': { schema: { type: 'string' } },
                'application/stix+json;version=2.1': { schema: { type: 'object' } },
              },
            },
            '300': { description: 'The name is ambiguous: the candidates', content: json(ambiguousResponse) },
            ...problems(400, 503),
          },
        },
      },
      '/v1/assertions/{id}': {
        get: {
          summary: 'One assertion with its evidence by article, its counter-evidence (denials) and confidence',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': { description: 'The assertion', content: json(assertionResponse) },
            ...problems(404, 503),
          },
        },
      },
      '/v1/triage': {
        get: {
          summary: 'What came in over the last 24 hours or 7 days',
          parameters: queryParameters(triageQuery),
          responses: { '200': { description: 'Triage', content: json(triageResponse) }, ...problems(400, 503) },
        },
      },
      '/v1/actors': {
        get: {
          summary: 'Alias autocompletion',
          parameters: queryParameters(actorsQuery),
          responses: {
            '200': { description: 'Actors whose names start with the prefix', content: json(actorsResponse) },
            ...problems(400),
          },
        },
      },
      '/v1/actors/{id}': {
        get: {
          summary: 'Actor profile',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Profile', content: json(actorProfile) }, ...problems(404, 503) },
        },
      },
      '/v1/articles/{id}': {
        get: {
          summary: 'An article with its entity spans and claims',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Article', content: json(articleResponse) }, ...problems(404, 503) },
        },
      },
      '/v1/ingest': {
        post: {
          summary: 'Queue article URLs for ingestion',
          security: [{ bearer: [] }, { apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: schema(ingestBody, 'input') } } },
          responses: {
            '202': { description: 'Queued', content: json(ingestResponse) },
            ...problems(400, 401, 403, 413, 503),
          },
        },
      },
      '/v1/watchlists': {
        get: {
          summary: 'Watches (webhook origin only, secrets never shown)',
          security: [{ bearer: [] }, { apiKey: [] }],
          responses: { '200': { description: 'Watches' }, ...problems(401, 403, 503) },
        },
        post: {
          summary: 'Watch an actor by any alias; alerts go to the webhook',
          security: [{ bearer: [] }, { apiKey: [] }],
          requestBody: { required: true, content: { 'application/json': { schema: schema(watchBody, 'input') } } },
          responses: {
            '201': { description: 'Saved' },
            '300': { description: 'The name is ambiguous: the candidates', content: json(ambiguousResponse) },
            ...problems(400, 401, 403, 413, 503),
          },
        },
      },
      '/v1/watchlists/{id}': {
        delete: {
          summary: 'Delete a watch',
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Deleted' }, ...problems(401, 403, 404, 503) },
        },
      },
      '/v1/alerts': {
        get: {
          summary: 'Alerts, newest first (status pending, delivered or failed); they name the watch, so need the key',
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: queryParameters(alertsQuery),
          responses: { '200': { description: 'Alerts' }, ...problems(400, 401, 403, 503) },
        },
      },
      '/v1/alerts/{id}/ack': {
        post: {
          summary: 'Acknowledge an alert',
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Acknowledged' }, ...problems(401, 403, 404, 503) },
        },
      },
      '/v1/alerts/{id}/redeliver': {
        post: {
          summary: 'Deliver an alert again',
          security: [{ bearer: [] }, { apiKey: [] }],
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '202': { description: 'Queued' }, ...problems(401, 403, 404, 503) },
        },
      },
      '/v1/jobs/{id}': {
        get: {
          summary: 'Progress of an ingestion batch',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Progress', content: json(jobResponse) }, ...problems(404, 503) },
        },
      },
    },
  };
}
