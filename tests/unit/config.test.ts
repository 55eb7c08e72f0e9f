import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';

const VIEWER = 'viewer-token-0123456789';
const LEAD = 'lead-token-0123456789ab';
const ADMIN = 'admin-token-0123456789a';
const INGEST = 'ingest-key-0123456789abcd';
const PRODUCTION = {
  NODE_ENV: 'production', PEAKWATCH_INGEST_KEYS: INGEST,
  PEAKWATCH_VIEWER_TOKEN: VIEWER, PEAKWATCH_LEAD_TOKEN: LEAD, PEAKWATCH_ADMIN_TOKEN: ADMIN,
};

/** The ConfigError that `loadConfig(env)` throws; fails the test when it throws nothing or something else. */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    const config = loadConfig(env);
    throw new Error(`expected a ConfigError, got a config: ${JSON.stringify(config)}`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    return err;
  }
}

describe('loadConfig: defaults', () => {
  it('an empty environment gives port 8080, UTC, the five default channels, tenant "default" and no credentials', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development', port: 8080, host: '0.0.0.0', redisUrl: undefined, timeZone: 'UTC',
      channels: ['chat', 'voice', 'email', 'messaging', 'social'], tenant: 'default', dataDir: './data', logLevel: 'info',
      ingestKeys: [],
    });
    expect(c.tokens).toEqual({ viewer: undefined, lead: undefined, admin: undefined });
  });

  it('reads the values it is given', () => {
    const c = loadConfig({
      PORT: '9090', PEAKWATCH_TZ: 'Europe/Berlin', REDIS_URL: 'rediss://:pw@redis.example:6380/0',
      PEAKWATCH_CHANNELS: ' chat , voice-vip ', PEAKWATCH_TENANT: 'shop.eu', PEAKWATCH_DATA_DIR: '/tmp/pw',
    });
    expect(c).toMatchObject({
      port: 9090, timeZone: 'Europe/Berlin', redisUrl: 'rediss://:pw@redis.example:6380/0',
      channels: ['chat', 'voice-vip'], tenant: 'shop.eu', dataDir: '/tmp/pw',
    });
  });

  it('PORT=0 is accepted (the OS picks a free port); spaces around a port are ignored', () => {
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
    expect(loadConfig({ PORT: ' 9000 ' }).port).toBe(9000);
  });

  it('an empty PORT is an error, not port 0 (which would listen on a random port)', () => {
    expect(configError({ PORT: '' }).message).toBe('PORT must be a whole number from 0 to 65535');
  });

  it('the duplicate window is 48 h unless PEAKWATCH_DUPLICATE_WINDOW_S says otherwise (60 s to 8 days)', () => {
    expect(loadConfig({}).duplicateWindowMs).toBe(48 * 3_600_000);
    expect(loadConfig({ PEAKWATCH_DUPLICATE_WINDOW_S: ' 600 ' }).duplicateWindowMs).toBe(600_000);
    const range = 'PEAKWATCH_DUPLICATE_WINDOW_S must be a whole number from 60 to 691200 (seconds: 1 minute to 8 days)';
    expect(configError({ PEAKWATCH_DUPLICATE_WINDOW_S: '59' }).message).toBe(range);
    expect(configError({ PEAKWATCH_DUPLICATE_WINDOW_S: '691201' }).message).toBe(range);
    expect(configError({ PEAKWATCH_DUPLICATE_WINDOW_S: '2h' }).message).toBe(range);
  });

  it('a feed reads NO EVENTS after 10 minutes unless PEAKWATCH_SILENCE_AFTER_S says otherwise (1 minute to 24 hours)', () => {
    expect(loadConfig({}).silenceAfterSeconds).toBe(600);
    expect(loadConfig({ PEAKWATCH_SILENCE_AFTER_S: '300' }).silenceAfterSeconds).toBe(300);
    const range = 'PEAKWATCH_SILENCE_AFTER_S must be a whole number from 60 to 86400 (seconds: 1 minute to 24 hours)';
    expect(configError({ PEAKWATCH_SILENCE_AFTER_S: '59' }).message).toBe(range);
    expect(configError({ PEAKWATCH_SILENCE_AFTER_S: '86401' }).message).toBe(range);
    expect(configError({ PEAKWATCH_SILENCE_AFTER_S: '10m' }).message).toBe(range);
  });

  it.each([
    ['PORT', '70000', 'from 0 to 65535'],
    ['PEAKWATCH_RATE_INGEST', '100001', 'from 1 to 100000'],
    ['PEAKWATCH_RATE_API', '0', 'from 1 to 100000'],
    ['PEAKWATCH_RATE_SOCKETS', '1000000', 'from 1 to 100000'],
    ['PEAKWATCH_RATE_AUTH_FAILURES', '100000', 'from 1 to 10000'],
    ['PEAKWATCH_RATE_AUTH_FAILURES', '2.5', 'from 1 to 10000'],
  ])('%s=%s out of range says the allowed range, not "must be a number"', (name, value, range) => {
    const msg = configError({ [name]: value }).message;
    expect(msg).toContain(`${name} must be a whole number ${range}`);
    expect(msg).not.toContain('must be a number');
  });

  it('a rate setting in range is read as a number', () => {
    expect(loadConfig({ PEAKWATCH_RATE_AUTH_FAILURES: '10000' }).rateLimits.authFailuresPerMinute).toBe(10_000);
  });
});

describe('loadConfig: a bad value gives a one-line ConfigError naming the variable', () => {
  it.each([
    ['PORT', { PORT: 'abc' }],
    ['PORT', { PORT: '70000' }],
    ['PORT', { PORT: '-1' }],
    ['PORT', { PORT: '80.5' }],
    ['PORT', { PORT: '' }],
    ['PORT', { PORT: '1e3' }],
    ['PORT', { PORT: '0x50' }],
    ['PEAKWATCH_TZ', { PEAKWATCH_TZ: 'Mars/Base' }],
    ['REDIS_URL', { REDIS_URL: 'http://x' }],
    ['PEAKWATCH_CHANNELS', { PEAKWATCH_CHANNELS: 'chat,Voice' }],
    ['PEAKWATCH_CHANNELS', { PEAKWATCH_CHANNELS: 'chat,live chat' }],
    ['PEAKWATCH_CHANNELS', { PEAKWATCH_CHANNELS: 'chat,voice,chat' }],
    ['PEAKWATCH_CHANNELS', { PEAKWATCH_CHANNELS: ' , ' }],
    ['PEAKWATCH_VIEWER_TOKEN', { PEAKWATCH_VIEWER_TOKEN: 'short' }],
    ['PEAKWATCH_LEAD_TOKEN', { PEAKWATCH_LEAD_TOKEN: 'short' }],
    ['PEAKWATCH_ADMIN_TOKEN', { PEAKWATCH_ADMIN_TOKEN: '0123456789abcde' }],
    ['PEAKWATCH_INGEST_KEYS', { PEAKWATCH_INGEST_KEYS: 'short' }],
    ['PEAKWATCH_INGEST_KEYS', { PEAKWATCH_INGEST_KEYS: `${INGEST},short` }],
    ['PEAKWATCH_WIDGET_KEYS', { PEAKWATCH_WIDGET_KEYS: 'short' }],
    ['PEAKWATCH_WIDGET_ORIGINS', { PEAKWATCH_WIDGET_ORIGINS: 'shop.example.com' }],
    ['PEAKWATCH_RATE_WAIT', { PEAKWATCH_RATE_WAIT: '0' }],
    ['PEAKWATCH_TENANT', { PEAKWATCH_TENANT: 'a tenant' }],
    ['NODE_ENV', { NODE_ENV: 'staging' }],
    ['LOG_LEVEL', { LOG_LEVEL: 'loud' }],
  ] as const)('%s in %j', (name, env) => {
    const err = configError(env);
    expect(err.message).toContain(name);
    expect(err.message).not.toContain('\n');
  });

  it('the time-zone message quotes the bad value', () => {
    expect(configError({ PEAKWATCH_TZ: 'Mars/Base' }).message).toContain('"Mars/Base"');
  });

  it('a bad channel name is quoted; a duplicate is reported as listed twice', () => {
    expect(configError({ PEAKWATCH_CHANNELS: 'chat,Voice' }).message).toContain('"Voice"');
    expect(configError({ PEAKWATCH_CHANNELS: 'chat,voice,chat' }).message).toMatch(/twice/);
  });
});

describe('loadConfig: production', () => {
  it('NODE_ENV=production without credentials names every missing variable', () => {
    const msg = configError({ NODE_ENV: 'production' }).message;
    for (const name of ['PEAKWATCH_INGEST_KEYS', 'PEAKWATCH_VIEWER_TOKEN', 'PEAKWATCH_LEAD_TOKEN', 'PEAKWATCH_ADMIN_TOKEN']) {
      expect(msg).toContain(name);
    }
    expect(msg).not.toContain('\n');
  });

  it('NODE_ENV=production with only some credentials names just the missing ones', () => {
    const msg = configError({ NODE_ENV: 'production', PEAKWATCH_INGEST_KEYS: INGEST, PEAKWATCH_LEAD_TOKEN: LEAD }).message;
    expect(msg).toContain('PEAKWATCH_VIEWER_TOKEN');
    expect(msg).toContain('PEAKWATCH_ADMIN_TOKEN');
    expect(msg).not.toContain('PEAKWATCH_INGEST_KEYS');
    expect(msg).not.toContain('PEAKWATCH_LEAD_TOKEN');
  });

  it('NODE_ENV=production with every token and an ingest key passes and keeps them', () => {
    const c = loadConfig(PRODUCTION);
    expect(c.env).toBe('production');
    expect(c.tokens).toEqual({ viewer: VIEWER, lead: LEAD, admin: ADMIN });
    expect(c.ingestKeys).toEqual([INGEST]);
  });

  it('tokens are trimmed of surrounding whitespace', () => {
    expect(loadConfig({ ...PRODUCTION, PEAKWATCH_VIEWER_TOKEN: `  ${VIEWER}\n` }).tokens.viewer).toBe(VIEWER);
  });

  it('several comma-separated ingest keys are all kept, blanks and spaces dropped', () => {
    const second = 'second-ingest-key-0123456';
    const third = 'third-ingest-key-01234567';
    const c = loadConfig({ ...PRODUCTION, PEAKWATCH_INGEST_KEYS: ` ${INGEST}, ${second},,${third} ` });
    expect(c.ingestKeys).toEqual([INGEST, second, third]);
  });
});

describe('loadConfig: Redis Sentinel (REDIS_SENTINELS, REDIS_SENTINEL_NAME, REDIS_SENTINEL_PASSWORD)', () => {
  it('unset: no sentinel', () => {
    expect(loadConfig({}).redisSentinel).toBeNull();
    expect(loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisSentinel).toBeNull();
  });

  it('reads a host:port list (spaces ignored, IPv6 in brackets), the master name defaulting to mymaster', () => {
    const c = loadConfig({ REDIS_SENTINELS: ' 10.0.0.1:26379 , sentinel-b.internal:26380,[::1]:5000 ' });
    expect(c.redisUrl).toBeUndefined();
    expect(c.redisSentinel).toEqual({
      sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-b.internal', port: 26380 }, { host: '::1', port: 5000 }],
      name: 'mymaster', password: undefined,
    });
    expect(loadConfig({ REDIS_SENTINELS: 'h:1', REDIS_SENTINEL_NAME: 'peak-main', REDIS_SENTINEL_PASSWORD: 's3cret' }).redisSentinel)
      .toEqual({ sentinels: [{ host: 'h', port: 1 }], name: 'peak-main', password: 's3cret' });
  });

  it.each([
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: ' , ' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '10.0.0.1' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '10.0.0.1:0' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '10.0.0.1:70000' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '10.0.0.1:port' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: 'redis://10.0.0.1:26379' }],
    ['REDIS_SENTINELS', { REDIS_SENTINELS: '::1:26379' }],
    ['REDIS_SENTINEL_NAME', { REDIS_SENTINELS: 'h:26379', REDIS_SENTINEL_NAME: 'my master' }],
    ['REDIS_SENTINEL_NAME', { REDIS_SENTINELS: 'h:26379', REDIS_SENTINEL_NAME: '' }],
    ['REDIS_SENTINEL_PASSWORD', { REDIS_SENTINELS: 'h:26379', REDIS_SENTINEL_PASSWORD: '' }],
    ['REDIS_SENTINEL_NAME', { REDIS_SENTINEL_NAME: 'mymaster' }],
    ['REDIS_SENTINEL_PASSWORD', { REDIS_SENTINEL_PASSWORD: 's3cret' }],
  ])('%s: %j is an error of one line naming it', (name, env) => {
    const msg = configError(env).message;
    expect(msg).toContain(name);
    expect(msg).not.toContain('\n');
  });

  it('REDIS_URL and REDIS_SENTINELS together are an error naming both', () => {
    const msg = configError({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINELS: '127.0.0.1:26379' }).message;
    expect(msg).toMatch(/REDIS_URL.*REDIS_SENTINELS/);
    expect(msg).not.toContain('\n');
  });
});
