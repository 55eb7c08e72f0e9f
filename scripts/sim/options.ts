/** Command-line flags of `scripts/simulate.ts`: parsed and checked once, each error one line naming the flag. */
import { parseArgs } from 'node:util';
import { IANAZone } from 'luxon';
import { CONNECTOR_NAME } from '../../shared/connectors';
import type { ConnectorConfig } from '../../server/connectors/connector';
import { GENERIC_SAMPLE_MAPPING } from '../../server/connectors/sources/generic';
import { dialects } from './dialects/index';
import type { ModelOptions } from './profile';
import { DEFAULT_REPLAY_HOURS, MAX_BACKFILL_HOURS, type SimulatorOptions } from './runner';

export const HELP = `Peak simulator: feeds a running Peakwatch with a simulated peak day through POST /api/v1/events.

Usage: npx tsx scripts/simulate.ts [flags]

  --url <url>          Peakwatch base URL (default http://127.0.0.1:8080)
  --key <key>          ingest key (default: first entry of PEAKWATCH_INGEST_KEYS)
  --speed <1-60>       1 (default): real time. Above 1: the backfill window (default ${DEFAULT_REPLAY_HOURS} h) is replayed
                       that many times faster than real time until it reaches now, then real time.
                       Events are never stamped in the future.
  --intensity <x>      volume multiplier (default 1 = ~400 orders/min and ~18 contacts/min at the peak)
  --seed <n>           seed of the simulated day (default 1); the same seed, day and flags give the same
                       events with the same ids, so re-posting them only counts duplicates
  --backfill <hours>   first post the past N hours (0-${MAX_BACKFILL_HOURS}, real past timestamps), so charts start full
  --duration <sec>     stop after this many seconds (default: run until Ctrl-C)
  --once               post the backfill, then exit instead of going live
  --tz <zone>          IANA time zone of the simulated day (default PEAKWATCH_TZ, else UTC)
  --staffing <x>       agents planned per unit of forecast load (default 1.2; below 1 queues grow)
  --chat-concurrency <n>  chats one agent handles at once (default 3)
  --incident <HH:MM|off>  start of the 2-hour carrier delay that triples where-is-my-order (default 12:00)
  --as <type>          speak a contact system's dialect to a connector instead of posting events: ${[...dialects.keys()].join(', ')}
                       (its webhooks, signed as it signs them; what it cannot say, e.g. Chatwoot's agent statuses, is skipped)
  --connector <name>   the connector to post to with --as (default: the type's name); a generic one must use the
                       sample mapping (docs/CONNECTORS.md)
  --secret <secret>    the connector's secret with --as (default PEAKWATCH_CONNECTOR_SECRET)
  --quiet              no progress lines (the start line, retries, errors and the summary still print)
  -h, --help           this text
`;

export type ParsedCli = { kind: 'help' } | { kind: 'error'; message: string } | { kind: 'run'; options: SimulatorOptions; quiet: boolean };

/** Parses `argv` (without node and the script); `env` supplies PEAKWATCH_INGEST_KEYS and PEAKWATCH_TZ. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedCli {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' }, key: { type: 'string' }, speed: { type: 'string' }, intensity: { type: 'string' },
        seed: { type: 'string' }, backfill: { type: 'string' }, duration: { type: 'string' }, once: { type: 'boolean' },
        tz: { type: 'string' }, staffing: { type: 'string' }, 'chat-concurrency': { type: 'string' },
        incident: { type: 'string' }, quiet: { type: 'boolean' }, as: { type: 'string' }, connector: { type: 'string' }, secret: { type: 'string' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    return { kind: 'error', message: `${(err as Error).message.split('\n')[0]} (see --help)` };
  }
  if (values.help) return { kind: 'help' };
  try {
    const url = values.url ?? 'http://127.0.0.1:8080';
    if (!/^https?:\/\/[^/]+/i.test(url) || !URL.canParse(url)) throw new Error(`--url "${url}" is not an http(s) URL (e.g. http://127.0.0.1:8080)`);
    const as = values.as === undefined ? undefined : connectorOf(values.as, values.connector, values.secret ?? env.PEAKWATCH_CONNECTOR_SECRET);
    if (values.as === undefined && (values.connector !== undefined || values.secret !== undefined)) throw new Error('--connector and --secret go with --as <type>');
    const key = values.key ?? (env.PEAKWATCH_INGEST_KEYS ?? '').split(',').map((k) => k.trim()).find(Boolean) ?? (as ? '' : undefined);
    if (key === undefined) throw new Error('no ingest key: pass --key <key> or set PEAKWATCH_INGEST_KEYS (the server prints its key at start in development)');
    const timeZone = values.tz ?? env.PEAKWATCH_TZ ?? 'UTC';
    if (!IANAZone.isValidZone(timeZone)) throw new Error(`--tz "${timeZone}" is not an IANA time zone (e.g. Europe/Berlin)`);
    const model: ModelOptions = {};
    if (values.staffing !== undefined) model.staffing = num('--staffing', values.staffing, 0.05, 10);
    if (values['chat-concurrency'] !== undefined) {
      model.channels = { chat: { concurrency: int('--chat-concurrency', values['chat-concurrency'], 1, 20) } };
    }
    if (values.incident !== undefined) model.incident = incident(values.incident);
    const options: SimulatorOptions = {
      url, key, timeZone, model, ...(as ? { as } : {}),
      speed: values.speed === undefined ? 1 : num('--speed', values.speed, 1, 60),
      intensity: values.intensity === undefined ? 1 : num('--intensity', values.intensity, 0.01, 100),
      seed: values.seed === undefined ? 1 : int('--seed', values.seed, 0, 2 ** 32 - 1),
      ...(values.backfill !== undefined ? { backfillHours: num('--backfill', values.backfill, 0, MAX_BACKFILL_HOURS) } : {}),
      ...(values.duration !== undefined ? { durationSeconds: num('--duration', values.duration, 1, 1e9) } : {}),
      once: values.once ?? false,
    };
    return { kind: 'run', options, quiet: values.quiet ?? false };
  } catch (err) {
    return { kind: 'error', message: (err as Error).message };
  }
}

/** `--as`, `--connector`, `--secret`: the dialect and the connector it posts to. */
function connectorOf(type: string, name: string | undefined, secret: string | undefined): NonNullable<SimulatorOptions['as']> {
  const dialect = dialects.get(type as never);
  if (!dialect) throw new Error(`--as must be one of ${[...dialects.keys()].join(', ')}, got "${type}"`);
  const connector = name ?? type;
  if (!CONNECTOR_NAME.test(connector)) throw new Error(`--connector "${connector}" is not a connector name (1-40 lower-case letters, digits or "-")`);
  if (!secret) throw new Error('no connector secret: pass --secret <secret> or set PEAKWATCH_CONNECTOR_SECRET');
  const config = { name: connector, type: dialect.type, secret, ...(dialect.type === 'generic' ? { mapping: GENERIC_SAMPLE_MAPPING } : {}) } as ConnectorConfig;
  return { dialect, config };
}

function num(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new Error(`${flag} must be a number from ${min} to ${max}, got "${text}"`);
  return n;
}

function int(flag: string, text: string, min: number, max: number): number {
  const n = num(flag, text, min, max);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be a whole number, got "${text}"`);
  return n;
}

/** `14:30` → the default incident moved to 14:30; `off` → none. */
function incident(text: string): ModelOptions['incident'] {
  if (text === 'off') return null;
  const m = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`--incident must be HH:MM or off, got "${text}"`);
  return { reason: 'where-is-my-order', startHour: Number(m[1]) + Number(m[2]) / 60, hours: 2, factor: 3 };
}
