/**
 * The receivers' delivery health as the leads' view shows it: a receiver that keeps failing, or that has
 * given notifications up (dead letters), stands out and comes first. Pure: the caller passes the clock.
 */
import type { DeadLetter, HealthReply, ReceiverHealth } from '../leadsApi';
import { clockTime, duration } from './format';
import { alertTitle } from './leadAlerts';
import type { Level } from './levels';

export interface ReceiverView {
  name: string;
  /** Failing now: breach; notifications lost earlier but delivering now: warn; else ok (or none: unused). */
  level: Level;
  word: 'FAILING' | 'DEAD LETTERS' | 'OK' | 'UNUSED';
  /** `3 failures in a row`, `last OK 14:05:12 (2m 05s ago)`, … */
  facts: string[];
  /** The last error's text while failing (or with dead letters). */
  error: string | null;
}

export interface DeadLetterView {
  key: string;
  receiver: string;
  /** What was not delivered: `firing: Waiting > 0 on chat`. */
  what: string;
  attempts: string;
  at: string;
  error: string;
}

export interface ReceiversView {
  receivers: ReceiverView[];
  /** Receivers that are failing or have dead letters. */
  troubled: string[];
  deadLetters: DeadLetterView[];
}

const RANK: Record<ReceiverView['word'], number> = { FAILING: 0, 'DEAD LETTERS': 1, OK: 2, UNUSED: 3 };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** One receiver's health at `now`. */
export function receiverView(h: ReceiverHealth, now: number, timeZone?: string): ReceiverView {
  const at = (ms: number) => `${clockTime(ms, timeZone)} (${duration((now - ms) / 1000)} ago)`;
  const failing = h.failuresInRow > 0;
  const word: ReceiverView['word'] = failing ? 'FAILING' : h.deadLetters > 0 ? 'DEAD LETTERS' : h.lastOkAt !== null ? 'OK' : 'UNUSED';
  const facts: string[] = [];
  if (failing) facts.push(`${plural(h.failuresInRow, 'failure')} in a row`);
  if (h.deadLetters > 0) facts.push(`${plural(h.deadLetters, 'notification')} given up`);
  if (h.lastOkAt !== null) facts.push(`last delivered ${at(h.lastOkAt)}`);
  else if (failing || h.deadLetters > 0) facts.push('never delivered');
  else facts.push('nothing sent yet');
  if ((failing || h.deadLetters > 0) && h.lastErrorAt !== null) facts.push(`last error ${at(h.lastErrorAt)}`);
  return {
    name: h.receiver,
    level: failing ? 'breach' : h.deadLetters > 0 ? 'warn' : h.lastOkAt !== null ? 'ok' : 'none',
    word,
    facts,
    error: failing || h.deadLetters > 0 ? h.lastError : null,
  };
}

function deadLetterView(d: DeadLetter, i: number, timeZone?: string): DeadLetterView {
  const a = d.notification?.alert;
  return {
    key: `${d.at}-${d.receiver}-${i}`,
    receiver: d.receiver,
    what: a ? `${d.notification.kind}: ${alertTitle(a)}` : (d.notification?.kind ?? 'notification'),
    attempts: plural(d.attempt, 'attempt'),
    at: clockTime(d.at, timeZone),
    error: d.error,
  };
}

/** Every receiver, the troubled first (failing, then with dead letters), and the newest dead letters. */
export function receiversView(reply: HealthReply, now: number, timeZone?: string): ReceiversView {
  const receivers = reply.receivers.map((h) => receiverView(h, now, timeZone))
    .sort((a, b) => RANK[a.word] - RANK[b.word] || a.name.localeCompare(b.name));
  return {
    receivers,
    troubled: receivers.filter((r) => r.level === 'breach' || r.level === 'warn').map((r) => r.name),
    deadLetters: reply.deadLetters.map((d, i) => deadLetterView(d, i, timeZone)),
  };
}
