import fc from 'fast-check';
import { AGENT_STATUSES, DEFAULT_CHANNELS } from '../../shared/channels';
import { EVENT_TYPES } from '../../shared/events';
import { SURVEY_KINDS } from '../../shared/surveys';

/**
 * Generators of hostile and broken input for the fuzz tests: random JSON and text, event-like objects with fields
 * mangled, huge numbers, deep nesting, `__proto__`/`constructor`/`prototype` keys, invalid UTF-8 bytes, wrong
 * content types and encodings.
 */

/** The clock of the fuzzed server: valid events are generated around it. */
export const NOW = Date.parse('2026-11-27T12:00:30Z');


const SPECIAL = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const FIELDS = [
  'id', 'type', 'at', 'channel', 'contactId', 'queue', 'reason', 'count', 'score', 'agentId', 'status', 'events',
  'channels', 'contactRate', 'csat', 'serviceLevel', 'slThresholdSeconds', 'metric', 'op', 'threshold', 'routes', 'name', 'url', 'secret',
];
const key = fc.oneof(fc.constantFrom(...SPECIAL, ...FIELDS), fc.string({ maxLength: 8, unit: 'binary' }));
const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 400n), max: 10n ** 400n }).map(String),
  fc.constantFrom('1e400', '-1e400', '1e-400', '-0', '9007199254740993', '8.64e15', '8640000000000001', '1E+308', '-1.7976931348623157e308', '0.1e-999999'),
);
const stringText = fc.oneof(
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom(...SPECIAL, ...EVENT_TYPES, ...DEFAULT_CHANNELS, '', '2026-11-27T12:00:00Z', '2026-02-30T00:00:00Z', 'x'.repeat(200), '|', '\u0000'),
).map((s) => JSON.stringify(s));
/** Any JSON text, with the keys and values this API cares about over-represented. */
export const { json } = fc.letrec<{ json: string; arr: string; obj: string }>((tie) => ({
  json: fc.oneof({ depthSize: 'small' }, fc.constantFrom('null', 'true', 'false'), numberText, stringText, tie('arr'), tie('obj')),
  arr: fc.array(tie('json'), { maxLength: 5 }).map((xs) => `[${xs.join(',')}]`),
  obj: fc.array(fc.tuple(key, tie('json')), { maxLength: 6 }).map((ps) => `{${ps.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
}));

/** A JSON value as a tree whose objects keep their keys as written (`__proto__` included, duplicates too). */
type T = { t: 'raw'; v: string } | { t: 'arr'; v: T[] } | { t: 'obj'; v: [string, T][] };
const tree = (x: unknown): T => (Array.isArray(x) ? { t: 'arr', v: x.map(tree) }
  : x !== null && typeof x === 'object' ? { t: 'obj', v: Object.entries(x).map(([k, v]): [string, T] => [k, tree(v)]) }
  : { t: 'raw', v: JSON.stringify(x) ?? 'null' });
const text = (t: T): string => (t.t === 'raw' ? t.v : t.t === 'arr' ? `[${t.v.map(text).join(',')}]`
  : `{${t.v.map(([k, v]) => `${JSON.stringify(k)}:${text(v)}`).join(',')}}`);
const clone = (t: T): T => (t.t === 'raw' ? { ...t } : t.t === 'arr' ? { t: 'arr', v: t.v.map(clone) } : { t: 'obj', v: t.v.map(([k, v]): [string, T] => [k, clone(v)]) });

interface Mutation { at: number; op: 'replace' | 'add' | 'delete'; key: string; value: string }
export const mutation: fc.Arbitrary<Mutation> = fc.record({ at: fc.nat(), op: fc.constantFrom('replace', 'add', 'delete'), key, value: json });

/** A valid value with some of its parts replaced, deleted or added to. */
export function mutated(base: unknown, ms: readonly Mutation[]): string {
  const root = clone(tree(base));
  for (const m of ms) {
    const nodes: T[] = [];
    const walk = (t: T) => { nodes.push(t); if (t.t === 'arr') t.v.forEach(walk); if (t.t === 'obj') t.v.forEach(([, v]) => walk(v)); };
    walk(root);
    const node = nodes[m.at % nodes.length]!;
    if (m.op === 'add' && node.t === 'obj') node.v.push([m.key, { t: 'raw', v: m.value }]);
    else if (m.op === 'add' && node.t === 'arr') node.v.push({ t: 'raw', v: m.value });
    else if (m.op === 'delete' && node.t !== 'raw' && node.v.length > 0) node.v.splice(m.at % node.v.length, 1);
    else Object.assign(node, { t: 'raw', v: m.value });
  }
  return text(root);
}

export const NAMES = [...SPECIAL, 'where-is-my-order', 'refund'];
/** A valid event of any kind. */
export const validEvent = fc.record({
  type: fc.constantFrom(...EVENT_TYPES), id: fc.uuid(), ago: fc.integer({ min: -60_000, max: 6 * 86_400_000 }), iso: fc.boolean(),
  channel: fc.constantFrom(...DEFAULT_CHANNELS), contactId: fc.oneof(fc.uuid(), fc.constantFrom(...SPECIAL)),
  queue: fc.option(fc.constantFrom(...NAMES), { nil: undefined }), reason: fc.option(fc.constantFrom(...NAMES), { nil: undefined }),
  count: fc.integer({ min: 1, max: 10_000_000 }), score: fc.integer({ min: 1, max: 5 }), kind: fc.constantFrom(...SURVEY_KINDS),
  agentId: fc.oneof(fc.uuid(), fc.constantFrom(...SPECIAL)), status: fc.constantFrom(...AGENT_STATUSES),
}).map((e) => {
  const at = e.iso ? new Date(NOW - e.ago).toISOString() : NOW - e.ago;
  const base = { id: e.id, type: e.type, at };
  if (e.type === 'orders.placed') return { ...base, count: e.count };
  if (e.type === 'csat.submitted') return { ...base, channel: e.channel, score: e.score, queue: e.queue };
  // A score of 1-5 is on every kind's scale.
  if (e.type === 'survey.submitted') return { ...base, channel: e.channel, kind: e.kind, score: e.score, queue: e.queue };
  if (e.type === 'agent.status') return { ...base, channel: e.channel, agentId: e.agentId, status: e.status };
  return { ...base, channel: e.channel, contactId: e.contactId, queue: e.queue, reason: e.reason };
});
const eventLike = fc.tuple(validEvent, fc.array(mutation, { maxLength: 3 })).map(([e, ms]) => mutated(e, ms));

export const deep = (n: number, open: string, close: string, inner = '1') => open.repeat(n) + inner + close.repeat(n);
/** Nesting far beyond anything a recursive walk survives, within and beyond the body limits. */
export const DEEP = [
  deep(10_000, '[', ']', ''), deep(100_000, '[', ']', ''), deep(450_000, '[', ']', ''),
  deep(10_000, '{"a":', '}'), deep(10_000, '{"__proto__":', '}'), deep(10_000, '{"events":', '}', '[]'),
  `[{"id":"deep","type":"contact.queued","at":${NOW},"channel":"chat","contactId":${deep(10_000, '[', ']', '"c"')}}]`,
  `{"channels":{"chat":${deep(10_000, '{"serviceLevel":', '}')}},"contactRate":0.05,"csat":0.6}`,
  `[{"id":"r","metric":"serviceLevel","channel":"chat","window":"15m","op":"<","threshold":${deep(10_000, '[', ']')}}]`,
];

/** Bytes that are not UTF-8 (lone continuation bytes, overlongs, surrogates, 0xff) put inside a JSON text. */
export const withBadBytes = fc.tuple(fc.oneof(json, eventLike.map((e) => `[${e}]`)), fc.array(fc.tuple(fc.nat(), fc.constantFrom(
  [0x80], [0xbf], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xfe], [0xff], [0xc3], [0xf0, 0x9f, 0x98],
)), { minLength: 1, maxLength: 4 })).map(([t, bads]) => {
  let buf = Buffer.from(t);
  for (const [at, bytes] of bads) {
    const i = at % (buf.length + 1);
    buf = Buffer.concat([buf.subarray(0, i), Buffer.from(bytes), buf.subarray(i)]);
  }
  return buf;
});

export const body = fc.oneof(
  { weight: 4, arbitrary: fc.array(eventLike, { maxLength: 8 }).map((es) => `[${es.join(',')}]`) },
  { weight: 1, arbitrary: fc.array(eventLike, { maxLength: 4 }).map((es) => `{"events":[${es.join(',')}]}`) },
  { weight: 2, arbitrary: json },
  { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b)) },
  { weight: 2, arbitrary: withBadBytes },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
);
/** A retraction's body: ids (uuids, and names like `__proto__`), mangled; or anything else. */
export const retractBody = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.array(fc.oneof(fc.uuid(), fc.constantFrom(...SPECIAL)), { minLength: 1, maxLength: 5 }), fc.array(mutation, { maxLength: 3 }))
    .map(([ids, ms]) => mutated({ ids }, ms)) },
  { weight: 2, arbitrary: json },
  { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
  { weight: 1, arbitrary: withBadBytes },
  { weight: 1, arbitrary: fc.constantFrom(...DEEP) },
);
/** An id to look up, as sent in a path: any text, percent-encoded (but "." and "..", which a URL resolves away). */
export const lookupId = fc.oneof(fc.uuid(), fc.constantFrom(...SPECIAL), fc.string({ minLength: 1, maxLength: 140, unit: 'binary' }))
  .filter((id) => !/^(\.|\.\.)$/.test(id));

/** Usually nothing unusual, so that most requests reach the validation; sometimes a wrong header. */
const usually = <V>(normal: V, odd: V[]) => fc.oneof({ weight: 3, arbitrary: fc.constant(normal) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
export const contentType = usually<string | undefined>('application/json', [
  undefined, 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/json; charset=nope', 'application/octet-stream', ';;;', '',
]);
export const contentEncoding = usually<string | undefined>(undefined, ['gzip', 'deflate', 'br', 'identity', 'x-nope']);

export const headersOf = (auth: string, type?: string, encoding?: string): Record<string, string> => ({
  authorization: `Bearer ${auth}`,
  ...(type === undefined ? {} : { 'content-type': type }),
  ...(encoding === undefined ? {} : { 'content-encoding': encoding }),
});

