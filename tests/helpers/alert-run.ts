import { ruleSchema, type Alert, type Notification } from '../../shared/alerts';
import type { EvaluatedRule } from '../../shared/rule-target';
import type { z } from 'zod';
import { step, type Transition } from '../../server/alerts/state-machine';

/** 2026-11-27 14:00:00 UTC. Every alert test counts seconds from here. */
export const T0 = Date.UTC(2026, 10, 27, 14, 0, 0);

/** `s` seconds after {@link T0}, in epoch ms. */
export const at = (s: number) => T0 + s * 1000;

/** A valid rule (through the schema, so defaults apply) with a number for threshold: chat SL below 0.8 unless overridden. */
export function makeRule(over: Partial<z.input<typeof ruleSchema>> & { threshold?: number } = {}): EvaluatedRule {
  const rule = ruleSchema.parse({
    id: 'chat-sl', metric: 'serviceLevel', channel: 'chat', window: '15m', op: '<', threshold: 0.8,
    routes: ['ops'], ...over,
  });
  if (rule.threshold === 'target') throw new Error('makeRule: a number for threshold');
  return { ...rule, threshold: rule.threshold };
}

/**
 * Drives one alert through `step` with an injected clock: `[seconds after T0, value]` in order. Keeps the
 * alert between steps, like the evaluator does, and collects everything the steps produced.
 */
export class AlertRun {
  alert: Alert | null = null;
  transitions: Transition[] = [];
  notifications: Notification[] = [];

  constructor(readonly rule: EvaluatedRule, readonly channel = 'chat') {}

  /** One evaluation at `s` seconds; returns only what this evaluation produced. */
  at(s: number, value: number | null): { transitions: Transition[]; notifications: Notification[] } {
    const r = step(this.alert, this.rule, this.channel, value, at(s));
    this.alert = r.alert;
    this.transitions.push(...r.transitions);
    this.notifications.push(...r.notifications);
    return r;
  }

  /** Evaluations at each of `seconds`, all with `value`. */
  each(seconds: number[], value: number | null): this {
    for (const s of seconds) this.at(s, value);
    return this;
  }

  /** Changes the alert between evaluations (ack, silence), as the API would. */
  edit(f: (a: Alert) => Alert): this {
    if (!this.alert) throw new Error('no alert yet');
    this.alert = f(this.alert);
    return this;
  }

  get state() { return this.alert?.state ?? 'inactive'; }
  /** The path of states, e.g. `inactive>pending, pending>firing`. */
  get path(): string { return this.transitions.map((t) => `${t.from}>${t.to}`).join(', '); }
  /** Notification kinds with their time in seconds after T0, e.g. `firing@60`. */
  get sent(): string[] { return this.notifications.map((n) => `${n.kind}@${(n.at - T0) / 1000}`); }
}

/** Every `step` seconds from `from` to `to` inclusive. */
export function every(step: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let s = from; s <= to; s += step) out.push(s);
  return out;
}
