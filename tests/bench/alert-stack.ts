/**
 * The Prometheus + Alertmanager stack the alert benchmark compares Peakwatch with: Debian's binaries on loopback
 * with temporary storage, one rule on Peakwatch's `/metrics`, a webhook receiver with send_resolved, with their
 * default intervals or tuned ones.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../server/store/embedded';
import { removeDir, stopChild, tempDir, track } from './children';

export const PROMETHEUS = process.env.PEAKWATCH_PROMETHEUS || '/usr/bin/prometheus';
export const ALERTMANAGER = process.env.PEAKWATCH_ALERTMANAGER || '/usr/bin/prometheus-alertmanager';
/** The Prometheus rule's alert name, which the receiver's matcher looks for. */
export const ALERTNAME = 'PeakwatchChatWaiting';

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));


export interface Variant {
  name: 'defaults' | 'tuned';
  scrapeInterval: number; // seconds; evaluation_interval is the same
  groupWait: string;
  groupInterval: string;
  repeatInterval: string;
}
export const DEFAULTS: Variant = { name: 'defaults', scrapeInterval: 60, groupWait: '30s', groupInterval: '5m', repeatInterval: '4h' };
export const TUNED: Variant = { name: 'tuned', scrapeInterval: 1, groupWait: '0s', groupInterval: '1s', repeatInterval: '7d' };

export interface Stack { dir: string; prometheus: ChildProcess; alertmanager: ChildProcess; promUrl: string }

/** Starts `bin` and resolves once `<url>/-/ready` answers 200; rejects (with its log) if it exits first. */
async function startReady(bin: string, args: string[], url: string, what: string): Promise<ChildProcess> {
  const child = track(spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
  let log = '';
  child.stdout!.on('data', (c: Buffer) => { log = (log + c.toString()).slice(-4_000); });
  child.stderr!.on('data', (c: Buffer) => { log = (log + c.toString()).slice(-4_000); });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited before it was ready:\n${log}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false)) return child;
    await sleep(100);
  }
  throw new Error(`${what} not ready within 30 s:\n${log}`);
}

export async function startStack(v: Variant, peakwatchPort: number, receiverPort: number): Promise<Stack> {
  const dir = tempDir('peakwatch-bench-prom-');
  const amPort = await freePort();
  const promPort = await freePort();
  writeFileSync(join(dir, 'alertmanager.yml'), [
    'route:',
    '  receiver: hook',
    `  group_wait: ${v.groupWait}`,
    `  group_interval: ${v.groupInterval}`,
    `  repeat_interval: ${v.repeatInterval}`,
    'receivers:',
    '  - name: hook',
    '    webhook_configs:',
    `      - url: http://127.0.0.1:${receiverPort}/alertmanager`,
    '        send_resolved: true',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'rules.yml'), [
    'groups:',
    '  - name: peakwatch',
    '    rules:',
    `      - alert: ${ALERTNAME}`,
    '        expr: peakwatch_waiting{channel="chat"} > 0',
    '        for: 0s',
    '        labels: { severity: critical }',
    '',
  ].join('\n'));
  writeFileSync(join(dir, 'prometheus.yml'), [
    'global:',
    `  scrape_interval: ${v.scrapeInterval}s`,
    `  scrape_timeout: ${Math.min(10, v.scrapeInterval)}s`,
    `  evaluation_interval: ${v.scrapeInterval}s`,
    'rule_files: [rules.yml]',
    'alerting:',
    '  alertmanagers:',
    `    - static_configs: [{ targets: ["127.0.0.1:${amPort}"] }]`,
    'scrape_configs:',
    '  - job_name: peakwatch',
    `    static_configs: [{ targets: ["127.0.0.1:${peakwatchPort}"] }]`,
    '',
  ].join('\n'));
  const alertmanager = await startReady(ALERTMANAGER, [
    `--config.file=${join(dir, 'alertmanager.yml')}`, `--storage.path=${join(dir, 'am')}`,
    `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=warn',
  ], `http://127.0.0.1:${amPort}`, 'alertmanager');
  const promUrl = `http://127.0.0.1:${promPort}`;
  const prometheus = await startReady(PROMETHEUS, [
    `--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`,
    `--web.listen-address=127.0.0.1:${promPort}`, '--log.level=warn',
  ], promUrl, 'prometheus');
  const stack = { dir, prometheus, alertmanager, promUrl };
  await steady(stack, v);
  return stack;
}

/**
 * Waits until Prometheus has scraped Peakwatch, evaluated the rule and found Alertmanager, so no breach is
 * timed against a stack still starting (with the defaults, the first scrape can take up to a minute).
 */
async function steady(s: Stack, v: Variant): Promise<void> {
  const get = async (path: string) => fetch(`${s.promUrl}${path}`).then((r) => r.json() as Promise<{ data?: unknown }>, () => ({ data: undefined }));
  const deadline = Date.now() + (3 * v.scrapeInterval + 30) * 1000;
  while (Date.now() < deadline) {
    const up = (await get('/api/v1/query?query=up%7Bjob%3D%22peakwatch%22%7D')).data as { result?: { value: [number, string] }[] } | undefined;
    const rules = (await get('/api/v1/rules')).data as { groups?: { lastEvaluation?: string }[] } | undefined;
    const ams = (await get('/api/v1/alertmanagers')).data as { activeAlertmanagers?: unknown[] } | undefined;
    const scraped = up?.result?.[0]?.value[1] === '1';
    const evaluated = Boolean(rules?.groups?.[0]?.lastEvaluation && !rules.groups[0].lastEvaluation.startsWith('0001'));
    if (scraped && evaluated && (ams?.activeAlertmanagers?.length ?? 0) > 0) return;
    await sleep(200);
  }
  throw new Error(`prometheus (${v.name}) did not scrape Peakwatch, evaluate the rule and find Alertmanager in time`);
}

export async function stopStack(s: Stack): Promise<void> {
  await Promise.all([stopChild(s.prometheus), stopChild(s.alertmanager)]);
  removeDir(s.dir);
}

