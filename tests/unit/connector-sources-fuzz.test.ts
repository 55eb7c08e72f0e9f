import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConnectorInputError, type ConnectorConfig, type ConnectorType } from '../../server/connectors/connector';
import { amazonConnect } from '../../server/connectors/sources/amazon-connect';
import { genesysCloud } from '../../server/connectors/sources/genesys-cloud';
import { twilioTaskrouter } from '../../server/connectors/sources/twilio-taskrouter';
import { zendesk } from '../../server/connectors/sources/zendesk';
import { DEFAULT_CHANNELS } from '../../shared/channels';
import { checkEvent } from '../../shared/events';
import { NOW, ctxOf, fixture, requestOf } from '../helpers/connector-sources';

const TYPES: ConnectorType[] = [zendesk, twilioTaskrouter, amazonConnect, genesysCloud];

type Path = (string | number)[];

/** Every path to a value inside `v`. */
function paths(v: unknown, prefix: Path = []): Path[] {
  if (v === null || typeof v !== 'object') return [prefix];
  const entries = Array.isArray(v) ? v.map((x, i) => [i, x] as const) : Object.entries(v);
  return [prefix, ...entries.flatMap(([k, x]) => paths(x, [...prefix, k]))];
}

function replaced(v: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = replaced(copy[path[0]!], path.slice(1), value);
  return copy;
}

/** parse + translate a body: only a ConnectorInputError may come out, and every event passes or fails the contract cleanly. */
function survives(type: ConnectorType, body: string, contentType: string): void {
  const config: ConnectorConfig = { name: 'fuzz', type: type.type, secret: 's' };
  const req = requestOf(body, { 'content-type': contentType }, '/api/v1/connectors/fuzz');
  let translated;
  try {
    translated = type.translate(type.parse(req), ctxOf(config));
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorInputError);
    return;
  }
  expect(Array.isArray(translated.events) && Array.isArray(translated.ignored)).toBe(true);
  for (const e of translated.events) {
    const check = checkEvent(e, { channels: new Set(DEFAULT_CHANNELS), now: NOW });
    expect(typeof check.ok).toBe('boolean');
  }
}

const anyJson = fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom('', '0', 0, -1, 1e300, 'ABANDON', 'DISCONNECTED', 'SOLVED', '__proto__', null, [], {}));

describe('connector sources under hostile input', () => {
  for (const type of TYPES) {
    const files = readdirSync(new URL(`../fixtures/connectors/${type.type}/`, import.meta.url)).filter((f) => f.endsWith('.json'));
    const form = type.type === 'twilio-taskrouter';
    const encode = (v: unknown) => (form && v !== null && typeof v === 'object' && !Array.isArray(v)
      ? new URLSearchParams(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x : JSON.stringify(x)])).toString()
      : JSON.stringify(v));

    it(`${type.type}: a fixture with any value replaced never throws but an input error`, () => {
      const cases = files.map((f) => fixture(type.type, f));
      fc.assert(fc.property(fc.constantFrom(...cases), fc.nat(), anyJson, (doc, pick, value) => {
        const all = paths(doc);
        survives(type, encode(replaced(doc, all[pick % all.length]!, value)), form ? 'application/x-www-form-urlencoded' : 'application/json');
      }), { numRuns: 250 });
    });

    it(`${type.type}: random bytes and random JSON never throw but an input error`, () => {
      fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary' }), anyJson.map((v) => JSON.stringify(v))), (body) => {
        survives(type, body, form ? 'application/x-www-form-urlencoded' : 'application/json');
      }), { numRuns: 150 });
    });
  }
});
