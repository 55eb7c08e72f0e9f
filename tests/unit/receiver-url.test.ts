import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config/config';
import { receiverSchema, receiverSchemaFor } from '../../shared/alerts';
import { NO_INTERNAL, parseReceiverAllow, receiverAddressProblem, receiverUrlProblem } from '../../shared/receiver-url';
import { INTERNAL_URLS, METADATA_URLS } from '../helpers/internal-urls';

const PUBLIC_URLS = [
  'https://hooks.slack.com/services/T0/B0/x', 'https://example.com./hook', 'http://8.8.8.8/', 'http://172.32.0.1/',
  'http://[2001:4860:4860::8888]/', 'http://[64:ff9b::8.8.8.8]/', 'http://[::ffff:8.8.8.8]/', 'https://alertmanager.example.org:9093/',
];

describe('receiver URLs: the outside world only', () => {
  it('refuses every internal address and local name, however spelt, naming what it is', () => {
    for (const url of INTERNAL_URLS) {
      expect(receiverUrlProblem(url, NO_INTERNAL), url).toMatch(/^must not point at an internal address: .+ is (loopback|unspecified|private|carrier-grade NAT|link-local|unique-local|multicast|broadcast|reserved|a local name)\b/);
    }
    expect(receiverUrlProblem('http://2130706433/', NO_INTERNAL)).toContain('127.0.0.1 is loopback (PEAKWATCH_RECEIVER_ALLOW admits one');
  });

  it('refuses cloud metadata services, also where internal addresses are admitted and in the browser', () => {
    const everything = parseReceiverAllow('0.0.0.0/0,::/0,metadata.example');
    for (const url of METADATA_URLS) {
      for (const allow of [NO_INTERNAL, everything, 'unknown' as const]) {
        expect(receiverUrlProblem(url, allow), url).toMatch(/is a cloud metadata service$/);
      }
    }
  });

  it('admits public addresses and names', () => {
    for (const url of PUBLIC_URLS) expect(receiverUrlProblem(url, NO_INTERNAL), url).toBeNull();
  });

  it('refuses what is not http(s)', () => {
    for (const url of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_FLUSHALL', 'ftp://files.example.com/x', 'not a url']) {
      expect(receiverUrlProblem(url, NO_INTERNAL), url).toBe('must be an http(s) URL');
    }
  });

  it('admits the hosts and ranges the deployment lists, and nothing next to them', () => {
    const allow = parseReceiverAllow(' alertmanager.corp.internal. , 10.20.0.0/16,192.168.1.7, fd12::/64 ');
    for (const url of ['http://alertmanager.corp.internal:9093/', 'http://ALERTMANAGER.corp.internal./', 'http://10.20.3.4/', 'http://169088004/',
      'http://[::ffff:10.20.0.1]/', 'http://192.168.1.7/', 'http://[fd12::9]/']) {
      expect(receiverUrlProblem(url, allow), url).toBeNull();
    }
    for (const url of ['http://10.21.0.1/', 'http://192.168.1.8/', 'http://[fd12:0:0:1::9]/', 'http://127.0.0.1/', 'http://other.corp.internal/']) {
      expect(receiverUrlProblem(url, allow), url).not.toBeNull();
    }
  });

  it('judges a resolved address the same way; a host on the allow list may resolve to any but a metadata address', () => {
    expect(receiverAddressProblem('127.0.0.1', NO_INTERNAL)).toMatch(/^127\.0\.0\.1 is loopback/);
    expect(receiverAddressProblem('::ffff:10.0.0.1', NO_INTERNAL)).toMatch(/^10\.0\.0\.1 is private/);
    expect(receiverAddressProblem('93.184.216.34', NO_INTERNAL)).toBeNull();
    expect(receiverAddressProblem('10.0.0.1', NO_INTERNAL, true)).toBeNull();
    expect(receiverAddressProblem('169.254.169.254', NO_INTERNAL, true)).toBe('169.254.169.254 is a cloud metadata service');
  });
});

describe('PEAKWATCH_RECEIVER_ALLOW', () => {
  it('reads host names, addresses and CIDR ranges; empty admits nothing', () => {
    expect(parseReceiverAllow('')).toEqual(NO_INTERNAL);
    const a = parseReceiverAllow('am.internal,10.0.0.5,10.1.0.0/16,fd00:1::/32');
    expect(a.hosts).toEqual(['am.internal']);
    expect(a.ranges.map(([ip, bits]) => `${ip.toString()}/${bits}`)).toEqual(['10.0.0.5/32', '10.1.0.0/16', 'fd00:1::/32']);
  });

  it('refuses an entry that is none of them, or a metadata service, naming it', () => {
    for (const bad of ['http://am.internal', '10.0.0.0/33', '10.0.0.1:9093', '127.1', '0x7f000001', '2130706433', 'a b', '10.0.0.0/x']) {
      expect(() => parseReceiverAllow(`am.internal,${bad}`), bad).toThrow(`"${bad}" is not a host name, an address or a CIDR range`);
    }
    for (const meta of ['169.254.169.254', 'fd00:ec2::254', 'metadata.google.internal.', 'INSTANCE-DATA']) {
      expect(() => parseReceiverAllow(meta), meta).toThrow(`"${meta}" is a cloud metadata service: never a receiver`);
    }
  });

  it('is read at boot: a bad entry stops the server with one line naming the variable', () => {
    expect(loadConfig({}).receiverAllow).toEqual(NO_INTERNAL);
    expect(loadConfig({ PEAKWATCH_RECEIVER_ALLOW: 'alertmanager,10.0.0.0/8' }).receiverAllow.hosts).toEqual(['alertmanager']);
    const err = (() => { try { loadConfig({ PEAKWATCH_RECEIVER_ALLOW: 'alertmanager,10.0.0.0/40' }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toBe('PEAKWATCH_RECEIVER_ALLOW: "10.0.0.0/40" is not a host name, an address or a CIDR range (e.g. alertmanager.internal, 10.0.0.5, 10.20.0.0/16)');
  });
});

describe('the receiver schema', () => {
  it('names the url field; the server applies its allow list, the browser only what no allow list admits', () => {
    const row = (url: string) => ({ name: 'x', type: 'webhook', url });
    const server = receiverSchemaFor(NO_INTERNAL).safeParse(row('http://[::ffff:7f00:1]:9093/'));
    expect(server.success).toBe(false);
    expect(server.error!.issues).toEqual([expect.objectContaining({ path: ['url'], message: expect.stringContaining('127.0.0.1 is loopback') })]);
    expect(receiverSchemaFor(parseReceiverAllow('127.0.0.1')).safeParse(row('http://127.0.0.1:9093/')).success).toBe(true);
    expect(receiverSchema.safeParse(row('http://10.0.0.5:9093/')).success).toBe(true);
    expect(receiverSchema.safeParse(row('http://169.254.169.254/')).error?.issues[0]?.message).toMatch(/cloud metadata service/);
    expect(receiverSchema.safeParse(row('ftp://x.example/')).error?.issues).toEqual([expect.objectContaining({ path: ['url'], message: 'must be an http(s) URL' })]);
  });
});
