import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BUCKET_FIELDS, ORDERS_FIELD, REASON_FIELD_PREFIX } from '../../server/store/bucket-fields';

const LUA_DIR = fileURLToPath(new URL('../../server/store/lua/', import.meta.url));
const scripts = readdirSync(LUA_DIR).filter((f) => f.endsWith('.lua')).map((f) => ({ file: f, text: readFileSync(LUA_DIR + f, 'utf8') }));
const includes = readdirSync(`${LUA_DIR}includes`).map((f) => ({ file: `includes/${f}`, text: readFileSync(`${LUA_DIR}includes/${f}`, 'utf8') }));
const code = (text: string) => text.replace(/--\[\[[\s\S]*?\]\]/g, '').replace(/--.*$/gm, '');
const all = [...scripts, ...includes].map((s) => code(s.text)).join('\n');

/** The field names in the `{ field, delta, ... }` lists passed to the include's `fn`. */
function fieldsPassedTo(fn: string): Set<string> {
  const out = new Set<string>();
  for (const m of all.matchAll(new RegExp(`\\b${fn}\\([^{]*\\{([^}]*)\\}`, 'g'))) {
    for (const lit of m[1]!.matchAll(/'([a-z]+)'/g)) out.add(lit[1]!);
  }
  return out;
}

describe('bucket field names: the Lua scripts and the TypeScript table agree', () => {
  it('the channel and queue counters the scripts write are exactly the table', () => {
    const written = fieldsPassedTo('bucketAdd');
    expect([...written].sort()).toEqual(Object.values(BUCKET_FIELDS).sort());
  });

  it('the table names each field once', () => {
    expect(new Set(Object.values(BUCKET_FIELDS)).size).toBe(Object.values(BUCKET_FIELDS).length);
  });

  it('the tenant-wide fields are the orders field and the reasons, under the reason prefix', () => {
    expect([...fieldsPassedTo('totalAdd')]).toEqual([ORDERS_FIELD]);
    const prefixes = [...all.matchAll(/\btotalAdd\([^,]+,\s*\{\s*'([^']*)'\s*\.\./g)].map((m) => m[1]);
    expect(prefixes).toEqual([REASON_FIELD_PREFIX]);
  });

  it('no field is kept in minute buckets only: every counter reaches the hour roll-ups too', () => {
    expect(all).not.toMatch(/\bminuteAdd\(/);
  });

  it('only the shared include builds bucket keys and adds to them: no script keeps its own copy', () => {
    for (const s of scripts) {
      expect(code(s.text), s.file).not.toMatch(/'(m|h|mq|hq):'/);
      expect(code(s.text), s.file).not.toMatch(/\baccAdd\(/);
    }
    // Directly, or through the contact-state or survey include (shared by apply and retract).
    const users = scripts.filter((s) => /\b(bucketAdd|totalAdd)\(/.test(s.text) || /^--@include "(contact-state|survey)"$/m.test(s.text));
    expect(users.map((s) => s.file).sort()).toEqual(['contact-1.lua', 'orders-1.lua', 'retract-1.lua', 'survey-1.lua']);
    for (const s of users) expect(s.text, s.file).toMatch(/^--@include "buckets"$/m);
  });
});
