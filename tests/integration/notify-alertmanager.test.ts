import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import getPort from 'get-port';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRING_HOLD_MS, alertmanager } from '../../server/notify/alertmanager';
import { DeliveryError } from '../../server/notify/receiver';
import { firingAlert, notification, receiverConfig, resolvedAlert } from '../helpers/notifications';
import { localEgress } from '../helpers/receiver';

/**
 * The Alertmanager receiver against a real Prometheus Alertmanager: the Debian binary (installed by
 * `node scripts/setup.mjs --alertmanager` when missing, or PEAKWATCH_ALERTMANAGER), started on a free
 * loopback port with a temporary storage folder, clustering off and one route to a receiver that sends
 * nothing. What it lists on `GET /api/v2/alerts` is what on-call routing would act on.
 */

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = process.env.PEAKWATCH_ALERTMANAGER || '/usr/bin/prometheus-alertmanager';
const READY_TIMEOUT_MS = 20_000;
const CONFIG = 'route:\n  receiver: "null"\nreceivers:\n  - name: "null"\n';

interface AmAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  fingerprint: string;
  status: { state: string };
}

let child: ChildProcess | undefined;
let exited: Promise<void> = Promise.resolve();
let dir: string;
let base: string;
let log = '';

function ensureBinary() {
  if (existsSync(BIN)) return;
  spawnSync(process.execPath, ['scripts/setup.mjs', '--quiet', '--alertmanager'], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(BIN)) throw new Error(`Alertmanager not found at ${BIN}: run \`node scripts/setup.mjs --alertmanager\``);
}

/** Starts Alertmanager on `port`; resolves once `/-/ready` answers 200, rejects if it exits first. */
async function start(port: number): Promise<void> {
  log = '';
  const proc = spawn(BIN, [
    `--config.file=${join(dir, 'alertmanager.yml')}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=',
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  proc.stdout?.on('data', (c: Buffer) => { log += c.toString(); });
  proc.stderr?.on('data', (c: Buffer) => { log += c.toString(); });
  let gone = false;
  exited = new Promise((resolve) => proc.once('exit', () => { gone = true; resolve(); }));
  base = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`alertmanager exited before it was ready:\n${log}`);
    const ready = await fetch(`${base}/-/ready`).then((r) => r.status === 200, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alertmanager not ready within ${READY_TIMEOUT_MS} ms:\n${log}`);
}

async function stop() {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child?.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

beforeAll(async () => {
  ensureBinary();
  dir = mkdtempSync(join(tmpdir(), 'peakwatch-am-'));
  writeFileSync(join(dir, 'alertmanager.yml'), CONFIG);
  // A free port can be taken between the check and the bind: try another one then.
  for (let attempt = 1; ; attempt++) {
    try {
      await start(await getPort({ host: '127.0.0.1' }));
      return;
    } catch (err) {
      await stop();
      if (attempt >= 3 || !/address already in use/.test(log)) throw err;
    }
  }
}, 300_000);

afterAll(async () => {
  await stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Alertmanager's current (not resolved) alerts named `alertname`. */
async function listed(alertname: string): Promise<AmAlert[]> {
  const q = new URLSearchParams({ filter: `alertname="${alertname}"` });
  const res = await fetch(`${base}/api/v2/alerts?${q}`);
  expect(res.status).toBe(200);
  return (await res.json()) as AmAlert[];
}

/** Polls until `check` holds: Alertmanager routes a new alert (unprocessed → active) asynchronously. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (check(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const egress = localEgress();
afterAll(() => egress.close());
const ctx = { now: () => Date.now(), timeoutMs: 5_000, egress };

describe('alertmanager receiver against a real Alertmanager', () => {
  const rule = `chat-sl-${randomBytes(4).toString('hex')}`;
  const t = Date.now();
  const alert = firingAlert({ id: `${rule}:chat`, ruleId: rule, startedAt: t - 120_000, firedAt: t - 60_000, since: t - 60_000 });
  const cfg = () => receiverConfig({ type: 'alertmanager', url: `${base}/` });

  it('lists a firing alert as active with our labels and annotations', async () => {
    await alertmanager.send(cfg(), notification('firing', alert, t - 60_000), ctx);
    const alerts = await eventually(() => listed(rule), (a) => a[0]?.status.state === 'active');
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    expect(a.status.state).toBe('active');
    expect(a.labels).toEqual({
      alertname: rule, channel: 'chat', severity: 'critical', metric: 'serviceLevel', window: '15m', source: 'peakwatch',
    });
    expect(a.annotations).toMatchObject({ value: '72%', threshold: 'below 80%' });
    expect(a.annotations.summary).toContain('72%, below 80% by 8 pts');
    expect(Date.parse(a.startsAt)).toBe(t - 60_000);
    expect(Date.parse(a.endsAt)).toBe(t - 60_000 + FIRING_HOLD_MS);
  });

  it('keeps a repeat as the same alert, its end pushed further out', async () => {
    const before = (await listed(rule))[0]!;
    await alertmanager.send(cfg(), notification('repeat', alert, t + 1_000), ctx);
    const after = await listed(rule);
    expect(after).toHaveLength(1);
    expect(after[0]!.fingerprint).toBe(before.fingerprint);
    expect(Date.parse(after[0]!.startsAt)).toBe(t - 60_000);
    expect(Date.parse(after[0]!.endsAt)).toBe(t + 1_000 + FIRING_HOLD_MS);
  });

  it('no longer lists the alert once the resolve is delivered', async () => {
    expect(await listed(rule)).toHaveLength(1);
    const end = Date.now() - 1;
    await alertmanager.send(cfg(), notification('resolved', resolvedAlert(end, { ...alert, state: 'resolved', value: 0.83, resolvedAt: end }), end), ctx);
    expect(await listed(rule)).toEqual([]);
  });

  it('fails for good when the base URL does not lead to the Alertmanager API', async () => {
    const wrong = receiverConfig({ type: 'alertmanager', url: `${base}/not-alertmanager` });
    const err = await alertmanager.send(wrong, notification('firing', alert, t), ctx).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect(err).toMatchObject({ retryable: false, status: 404 });
  });
});
