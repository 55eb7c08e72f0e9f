import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';
import { clientAddress, compileTrust } from '../../server/http/client-address';
import type { IncomingMessage } from 'node:http';

const SAM = 'sam-lead-token-0123456789';
const ALEX = 'alex-lead-token-012345678';
const PRODUCTION = {
  NODE_ENV: 'production', PEAKWATCH_INGEST_KEYS: 'ingest-key-0123456789abcd',
  PEAKWATCH_VIEWER_TOKEN: 'viewer-token-0123456789', PEAKWATCH_ADMIN_TOKEN: 'admin-token-0123456789a',
};

/** loadConfig's one-line ConfigError message for `env`. */
function refusal(env: NodeJS.ProcessEnv): string {
  expect(() => loadConfig(env)).toThrow(ConfigError);
  try { loadConfig(env); } catch (err) { return (err as Error).message; }
  return '';
}

describe('PEAKWATCH_LEAD_TOKENS', () => {
  it('reads name:token pairs, and is enough for production without PEAKWATCH_LEAD_TOKEN', () => {
    const c = loadConfig({ ...PRODUCTION, PEAKWATCH_LEAD_TOKENS: ` sam:${SAM} , alex.b-2:${ALEX} ` });
    expect(c.leadTokens).toEqual([{ name: 'sam', token: SAM }, { name: 'alex.b-2', token: ALEX }]);
    expect(c.tokens.lead).toBeUndefined();
    expect(loadConfig({}).leadTokens).toEqual([]);
    expect(refusal({ ...PRODUCTION })).toContain('PEAKWATCH_LEAD_TOKEN (or PEAKWATCH_LEAD_TOKENS)');
    expect(refusal({ ...PRODUCTION, PEAKWATCH_LEAD_TOKENS: `sam:${PRODUCTION.PEAKWATCH_ADMIN_TOKEN}` })).toBe('PEAKWATCH_LEAD_TOKENS: the token of "sam" is also a PEAKWATCH_*_TOKEN: give each its own');
  });

  it.each([
    [`Sam:${SAM}`, /entry 1 must be name:token with a name of 1-32 characters a-z/],
    [`sam smith:${SAM}`, /entry 1 must be name:token/],
    [`sam:${SAM},${ALEX}`, /entry 2 must be name:token/],
    [`:${SAM}`, /entry 1 must be name:token/],
    ['sam:short', /the token of "sam" must be at least 16 characters/],
    [`sam:${SAM},sam:${ALEX}`, /"sam" is listed twice/],
    [`sam:${SAM},alex:${SAM}`, /two names share one token/],
    [`lead:${SAM}`, /"lead" is what unnamed tokens record/],
    [`\u202esam:${SAM}`, /entry 1 must be name:token/],
  ])('%j is refused with one line naming the variable', (value, message) => {
    const msg = refusal({ PEAKWATCH_LEAD_TOKENS: value });
    expect(msg).toMatch(/^PEAKWATCH_LEAD_TOKENS: /);
    expect(msg).toMatch(message);
    expect(msg).not.toContain('\n');
    expect(msg).not.toContain(SAM);
  });
});

describe('PEAKWATCH_TRUST_PROXY', () => {
  it('reads as Express reads trust proxy: true/false, a hop count, or addresses and CIDRs', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ PEAKWATCH_TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ PEAKWATCH_TRUST_PROXY: 'false' }).trustProxy).toBe(false);
    expect(loadConfig({ PEAKWATCH_TRUST_PROXY: ' 2 ' }).trustProxy).toBe(2);
    expect(loadConfig({ PEAKWATCH_TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::1' }).trustProxy).toEqual(['loopback', '10.0.0.0/8', 'fd00::1']);
  });

  it('an address that is not one is a one-line error naming the variable', () => {
    const msg = refusal({ PEAKWATCH_TRUST_PROXY: '10.0.0.0/8,proxy.example.com' });
    expect(msg).toMatch(/^PEAKWATCH_TRUST_PROXY: .*proxy\.example\.com/);
    expect(msg).not.toContain('\n');
    expect(refusal({ PEAKWATCH_TRUST_PROXY: '10.0.0.0/33' })).toMatch(/^PEAKWATCH_TRUST_PROXY: /);
  });

  it('the compiled setting finds the client as Express does: trusted hops are skipped, the first untrusted is the client', () => {
    const req = (peer: string, xff?: string) => ({ connection: { remoteAddress: peer }, socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;
    const at = (setting: Parameters<typeof compileTrust>[0], peer: string, xff?: string) => clientAddress(req(peer, xff), compileTrust(setting));
    expect(at(false, '127.0.0.1', '203.0.113.7')).toBe('127.0.0.1');
    expect(at(['loopback'], '127.0.0.1', '10.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(at(['loopback'], '192.0.2.9', '203.0.113.7')).toBe('192.0.2.9');
    expect(at(1, '127.0.0.1', '10.1.1.1, 203.0.113.7')).toBe('203.0.113.7');
    expect(at(2, '127.0.0.1', '10.1.1.1, 203.0.113.7')).toBe('10.1.1.1');
    expect(at(true, '127.0.0.1', '10.1.1.1, 203.0.113.7')).toBe('10.1.1.1');
  });
});
