import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiJson } from '../../server/http/openapi';
import { TOKENS, startTestServer, type TestServer } from '../helpers/app';
import { connect } from '../helpers/redis';

const DOC_FILE = new URL('../../docs/openapi.json', import.meta.url);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

let redis: Redis;
let srv: TestServer;

beforeAll(async () => {
  redis = connect();
  srv = await startTestServer(redis, { now: Date.parse('2026-11-27T12:00:00Z') });
});
afterAll(async () => { await srv.close(); redis.disconnect(); });

interface Layer {
  rawPath?: string | string[];
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every route of an Express 5 app as "METHOD /path" (OpenAPI's `{param}` for `:param`), sub-routers included. */
function routesOf(app: Express): Set<string> {
  const found = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const p of paths) {
          for (const [m, on] of Object.entries(layer.route.methods)) {
            if (on && m !== '_all') found.add(`${m.toUpperCase()} ${(prefix + p).replace(/:(\w+)/g, '{$1}')}`);
          }
        }
      } else if (layer.handle.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return found;
}

type Doc = { openapi: string; paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

function operationsOf(doc: Doc): Set<string> {
  return new Set(Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`)));
}

const doc = (): Doc => JSON.parse(openApiJson()) as Doc;

describe('OpenAPI document', () => {
  it('is served at GET /api/v1/openapi.json without a token', async () => {
    const res = await fetch(`${srv.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(doc());
  });

  it('docs/openapi.json is up to date (else: npm run docs:openapi)', () => {
    expect(readFileSync(DOC_FILE, 'utf8'), 'docs/openapi.json is stale: run `npm run docs:openapi`').toBe(openApiJson());
  });

  it('is valid OpenAPI 3.1, and every operation has responses', async () => {
    const d = doc();
    expect(d.openapi).toMatch(/^3\.1\.\d+$/);
    await expect(SwaggerParser.validate(structuredClone(d) as never)).resolves.toBeTruthy();
    for (const [path, item] of Object.entries(d.paths)) {
      for (const m of METHODS.filter((x) => item[x])) {
        expect(Object.keys(item[m]!.responses ?? {}), `${m} ${path}`).not.toHaveLength(0);
      }
    }
  });

  it('a document with a broken part is refused by the validator', async () => {
    const broken = structuredClone(doc()) as Doc & { info?: unknown };
    delete broken.info;
    await expect(SwaggerParser.validate(broken as never)).rejects.toThrow();
  });

  it('lists exactly the routes of the app, and each with its method', () => {
    const app = routesOf(srv.built.app);
    // The walk really finds the routes (mounted sub-routers, parameters, several paths on one route).
    expect(app).toContain('POST /api/v1/events');
    expect(app).toContain('POST /api/v1/alerts/{id}/ack');
    expect(app).toContain('GET /healthz');
    expect(app).toContain('GET /wall');
    const ops = operationsOf(doc());
    expect([...app].filter((r) => !ops.has(r)), 'routes the OpenAPI document does not list').toEqual([]);
    expect([...ops].filter((r) => !app.has(r)), 'operations the app does not serve').toEqual([]);
  });

  it('a route added to the app is caught as missing from the document', () => {
    const extra = express.Router();
    extra.get('/undocumented/:id', (_req, res) => { res.end(); });
    const app = express();
    app.use('/api/v1', extra);
    expect([...routesOf(app)].filter((r) => !operationsOf(doc()).has(r))).toEqual(['GET /api/v1/undocumented/{id}']);
  });

  it('the request schemas are the ones the routes validate with', async () => {
    const d = JSON.parse(openApiJson());
    const silence = d.paths['/api/v1/silences'].post.requestBody.content['application/json'].schema;
    expect(silence.required).toEqual(['alertId', 'minutes', 'reason']);
    expect(silence.properties.minutes).toMatchObject({ minimum: 1, maximum: 1440 });
    // And the route refuses what the schema refuses.
    const res = await fetch(`${srv.url}/api/v1/silences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.lead}`, 'content-type': 'application/json' },
      body: JSON.stringify({ alertId: 'x', minutes: 1441, reason: 'r' }),
    });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/^minutes: /);
  });
});
