import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';

const message = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
};

describe('PEAKWATCH_REPEAT_WINDOW_H', () => {
  it('is a week unless set, in hours', () => {
    expect(loadConfig({}).repeatWindowMs).toBe(168 * 3_600_000);
    expect(loadConfig({ PEAKWATCH_REPEAT_WINDOW_H: ' 72 ' }).repeatWindowMs).toBe(72 * 3_600_000);
    expect(loadConfig({ PEAKWATCH_REPEAT_WINDOW_H: '720' }).repeatWindowMs).toBe(720 * 3_600_000);
  });

  it('refuses anything but a whole number of hours from 1 to 720, naming the variable and the range', () => {
    const text = 'PEAKWATCH_REPEAT_WINDOW_H must be a whole number from 1 to 720 (hours before a contact in which another of its customer makes it a repeat)';
    for (const v of ['0', '721', '', '1e2', '24.5', '-3', 'week']) expect(message({ PEAKWATCH_REPEAT_WINDOW_H: v }), v).toBe(text);
  });
});
