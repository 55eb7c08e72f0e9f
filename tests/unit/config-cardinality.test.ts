import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';

const message = (env: NodeJS.ProcessEnv) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig: name limits', () => {
  it('keeps 200 queues per channel and 500 reasons unless PEAKWATCH_MAX_QUEUES / PEAKWATCH_MAX_REASONS say otherwise', () => {
    expect(loadConfig({}).maxNames).toEqual({ queues: 200, reasons: 500 });
    expect(loadConfig({ PEAKWATCH_MAX_QUEUES: '50', PEAKWATCH_MAX_REASONS: ' 1000 ' }).maxNames).toEqual({ queues: 50, reasons: 1000 });
    expect(loadConfig({ PEAKWATCH_MAX_QUEUES: '1', PEAKWATCH_MAX_REASONS: '10000' }).maxNames).toEqual({ queues: 1, reasons: 10_000 });
  });

  it('a value out of range or not a whole number is refused with the range in the message', () => {
    const queues = 'PEAKWATCH_MAX_QUEUES must be a whole number from 1 to 10000 (queues per channel)';
    for (const v of ['0', '10001', '', '1e3', '20.5', '-3', 'many']) expect(message({ PEAKWATCH_MAX_QUEUES: v }), v).toBe(queues);
    const reasons = 'PEAKWATCH_MAX_REASONS must be a whole number from 1 to 10000 (reasons)';
    for (const v of ['0', '10001', 'all']) expect(message({ PEAKWATCH_MAX_REASONS: v }), v).toBe(reasons);
  });
});
