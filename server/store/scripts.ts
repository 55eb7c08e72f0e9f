import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis, Result } from 'ioredis';

const LUA_DIR = fileURLToPath(new URL('./lua/', import.meta.url));

/** Reads a script, replacing `--@include "name"` lines with lua/includes/<name>.lua (included, not copied). */
function loadLua(file: string): string {
  return readFileSync(LUA_DIR + file, 'utf8').replace(/^--@include "([\w-]+)"$/gm, (_, name: string) =>
    readFileSync(`${LUA_DIR}includes/${name}.lua`, 'utf8'));
}

/** Scripts, by command name; file `<name>-<numKeys>.lua`. */
const SCRIPTS = {
  applyContacts: 'contact-1.lua', applyOrders: 'orders-1.lua', applySurveys: 'survey-1.lua', applyAgents: 'agent-1.lua',
  retractEvents: 'retract-1.lua', takeDue: 'take-due-1.lua', leaderLock: 'leader-lock-1.lua', liveRead: 'live-read-1.lua',
  waitPosition: 'wait-position-1.lua', historyTotal: 'history-total-1.lua',
} as const;

/** Registers every script once on a connection (EVALSHA, falling back to EVAL after a SCRIPT FLUSH). */
export function defineScripts(redis: Redis): void {
  for (const [name, file] of Object.entries(SCRIPTS)) {
    const numberOfKeys = Number(/-(\d+)\.lua$/.exec(file)![1]);
    redis.defineCommand(name, { numberOfKeys, lua: loadLua(file) });
  }
}

type Arg = string | number;

// Each returns one character per event: "1" applied, "0" duplicate (see the script headers).
declare module 'ioredis' {
  interface RedisCommander<Context> {
    applyContacts(tenantKey: string, ...args: Arg[]): Result<string, Context>;
    applyOrders(tenantKey: string, ...args: Arg[]): Result<string, Context>;
    applySurveys(tenantKey: string, ...args: Arg[]): Result<string, Context>;
    applyAgents(tenantKey: string, ...args: Arg[]): Result<string, Context>;
    /** Withdrawn count, then per id its state and record (retract-1.lua). */
    retractEvents(tenantKey: string, ...args: Arg[]): Result<(string | number)[], Context>;
    /** Retries due now, removed from the set (take-due-1.lua). */
    takeDue(retryKey: string, now: number, limit: number): Result<string[], Context>;
    /** Live gauges per channel and live queue (live-read-1.lua). */
    liveRead(tenantKey: string, ...args: Arg[]): Result<unknown[], Context>;
    /** 1 when this instance holds the leader lock (leader-lock-1.lua). */
    leaderLock(lockKey: string, instanceId: string, ttlMs: number): Result<number, Context>;
    /** [waiting in the queue asked, place there, waiting in the channel, place there, oldest queued time]; 0: none (wait-position-1.lua). */
    waitPosition(tenantKey: string, prefix: string, channel: string, hasQueue: '0' | '1', queue: string, contactId: string): Result<number[], Context>;
    /** 1 when the month total was stored, 0 when its rev moved on (history-total-1.lua). */
    historyTotal(monthKey: string, revField: string, rev: string, totalField: string, total: string, columnsField: string, columns: string): Result<number, Context>;
  }
}
