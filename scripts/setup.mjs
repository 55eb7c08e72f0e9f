#!/usr/bin/env node
// Makes this machine ready to run Peakwatch and its tests: checks Node, installs redis-server where it is
// missing (Debian/Ubuntu as root: apt-get; macOS: says `brew install redis`), with --browser, Debian's
// Chromium for the browser tests, with --alertmanager, Prometheus Alertmanager for the receiver tests, and with
// --prometheus, the Prometheus server the alert benchmark compares against, and with --sentinel, Debian's
// redis-sentinel for the Redis Sentinel test.
// Plain Node, no dependencies, so it runs before anything is built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const say = (msg) => { if (!quiet) console.log(`setup: ${msg}`); };
const fail = (msg) => { console.error(`setup: ${msg}`); process.exit(1); };

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: Peakwatch needs Node 20.19 or newer.`);

const has = (bin, flag = '--version') => spawnSync(bin, [flag], { stdio: 'ignore' }).status === 0;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = existsSync('/usr/bin/apt-get');
let aptUpdated = false;

function aptInstall(pkgs, why) {
  if (!hasApt || !isRoot) return false;
  console.log(`setup: installing ${pkgs.join(' ')} (${why}) with apt-get…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    aptUpdated = true;
  }
  return spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { stdio: 'inherit', env }).status === 0;
}

function howTo(pkg, brew) {
  if (process.platform === 'darwin') return `brew install ${brew}`;
  if (hasApt) return `sudo apt-get install ${pkg}`;
  return `install ${pkg} with your package manager`;
}

const needRedis = !process.env.REDIS_URL || args.has('--test');
if (needRedis && !has(process.env.PEAKWATCH_REDIS_SERVER || 'redis-server')) {
  if (!aptInstall(['redis-server'], 'embedded Redis') || !has('redis-server')) {
    fail(`redis-server is missing: run \`${howTo('redis-server', 'redis')}\`, or set REDIS_URL to an existing Redis.`);
  }
  // Debian starts a system service on install; Peakwatch runs its own private one, so leave that alone.
}
say(`redis-server ${needRedis ? 'ready' : 'not needed (REDIS_URL is set)'}`);

if (args.has('--browser')) {
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!chromium && (!aptInstall(['chromium'], 'browser tests') || !existsSync('/usr/bin/chromium'))) {
    fail(`Chromium is missing for the browser tests: run \`${howTo('chromium', '--cask chromium')}\`, or set PEAKWATCH_CHROMIUM to a Chromium binary.`);
  }
  say('chromium ready');
}

if (args.has('--alertmanager')) {
  const custom = process.env.PEAKWATCH_ALERTMANAGER;
  if (custom) {
    if (!existsSync(custom)) fail(`PEAKWATCH_ALERTMANAGER is set to ${custom}, which does not exist.`);
  } else if (!existsSync('/usr/bin/prometheus-alertmanager')
    && (!aptInstall(['prometheus-alertmanager'], 'Alertmanager receiver tests') || !existsSync('/usr/bin/prometheus-alertmanager'))) {
    fail(`Alertmanager is missing for its receiver tests: run \`${howTo('prometheus-alertmanager', 'alertmanager')}\`, or set PEAKWATCH_ALERTMANAGER to an alertmanager binary.`);
  }
  // Debian enables a system service on install; the tests run their own on a free port, so leave it alone.
  say('alertmanager ready');
}

if (args.has('--prometheus')) {
  const custom = process.env.PEAKWATCH_PROMETHEUS;
  if (custom) {
    if (!existsSync(custom)) fail(`PEAKWATCH_PROMETHEUS is set to ${custom}, which does not exist.`);
  } else if (!existsSync('/usr/bin/prometheus')
    && (!aptInstall(['prometheus'], 'alert benchmark') || !existsSync('/usr/bin/prometheus'))) {
    fail(`Prometheus is missing for the alert benchmark: run \`${howTo('prometheus', 'prometheus')}\`, or set PEAKWATCH_PROMETHEUS to a prometheus binary.`);
  }
  // Debian enables a system service on install; the benchmark runs its own on a free port, so leave it alone.
  say('prometheus ready');
}

if (args.has('--sentinel')) {
  if (!existsSync('/usr/bin/redis-sentinel')
    && (!aptInstall(['redis-sentinel'], 'Redis Sentinel test') || !existsSync('/usr/bin/redis-sentinel'))) {
    fail(`redis-sentinel is missing for the Redis Sentinel test: run \`${howTo('redis-sentinel', 'redis')}\`.`);
  }
  // Debian enables a system service on install; the test runs its own on a free port, so leave it alone.
  say('redis-sentinel ready');
}
