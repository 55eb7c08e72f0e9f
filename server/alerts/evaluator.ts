import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import type { Alert, AlertTransition, ReceiverConfig, Rule } from '../../shared/alerts';
import { evaluatedRule } from '../../shared/rule-target';
import type { Snapshot } from '../../shared/snapshot';
import type { AlertEvent } from '../../shared/socket';
import type { Targets } from '../../shared/targets';
import type { AlertStore, Delivery } from '../store/alert-store';
import { type ConnectorSilence, ruleValues } from './rule-value';
import { type StepResult, alertId, retire, ruleChanged, step } from './state-machine';

export interface EvaluatorDeps {
  alerts: AlertStore;
  /** A fresh snapshot (when none came from the broadcaster lately). */
  snapshot: () => Promise<Snapshot>;
  rules: () => Promise<Rule[]>;
  /** The current targets, which rules with `threshold: "target"` follow. */
  targets: () => Promise<Targets>;
  receivers: () => Promise<ReceiverConfig[]>;
  /** The connectors' silences (`connectorSilence` rules); none when not given. */
  connectors?: () => Promise<ConnectorSilence[]>;
  logger: Logger;
  clock?: () => number;
  instanceId?: string;
  /** Leader lock time to live; another instance takes over within this long after the leader dies. */
  leaseMs?: number;
  /** Evaluate at least this often (and renew the lock). */
  intervalMs?: number;
  /** Told after each evaluation, on the leader only: work done once per tenant per snapshot (the channel-state minutes). */
  onEvaluated?: (snapshot: Snapshot) => Promise<void>;
}

/** A name for this instance, unique across restarts. */
export const newInstanceId = () => `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;

/**
 * Evaluates the alert rules on every snapshot the broadcaster computes and at least once a second, on one
 * instance at a time (a Redis lock with a TTL, renewed each second). Each evaluation writes the changed alert
 * states, their transitions to the alert log and the notifications to the outbox in one transaction.
 */
export class Evaluator {
  readonly instanceId: string;
  private leader = false;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private ticking: Promise<void> | null = null;
  private stopped = false;
  private queued: Snapshot | null = null;
  private lastEvaluated = 0;
  private readonly clock: () => number;

  constructor(private readonly d: EvaluatorDeps) {
    this.clock = d.clock ?? Date.now;
    this.instanceId = d.instanceId ?? newInstanceId();
  }

  isLeader(): boolean { return this.leader; }

  start(): void {
    const interval = this.d.intervalMs ?? 1_000;
    this.stopped = false;
    this.timer ??= setInterval(() => void this.tick(), interval);
    void this.tick();
  }

  /**
   * Stops evaluating. On a clean stop the lock is given up so another instance takes over at once;
   * `resign: false` behaves like a crash (the lock runs out after `leaseMs`).
   */
  async stop(opts: { resign?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    // A round in flight (taking the lock, computing a snapshot) ends before the lock is given up: it would
    // otherwise take the lock again after the resignation, or write an evaluation after the stop.
    await this.ticking;
    await this.running?.catch(() => undefined);
    if (this.leader && opts.resign !== false) await this.d.alerts.resign(this.instanceId).catch(() => undefined);
    this.leader = false;
  }

  /** Called with every snapshot the broadcaster computed: evaluated at once when this instance leads. */
  onSnapshot(s: Snapshot): void {
    if (this.leader && !this.stopped) this.enqueue(s);
  }

  private tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.round().finally(() => { this.ticking = null; });
    return this.ticking;
  }

  private async round(): Promise<void> {
    try {
      this.leader = await this.d.alerts.takeLeaderLock(this.instanceId, this.d.leaseMs ?? 5_000);
      if (this.leader && Date.now() - this.lastEvaluated >= (this.d.intervalMs ?? 1_000) && !this.running) {
        const snapshot = await this.d.snapshot();
        if (!this.stopped) this.enqueue(snapshot);
      }
    } catch (err) {
      this.leader = false;
      this.d.logger.warn({ err: (err as Error).message }, 'alert evaluator: lock or snapshot failed');
    }
  }

  /** One evaluation at a time; a snapshot that arrives meanwhile replaces any waiting one. */
  private enqueue(s: Snapshot): void {
    this.queued = s;
    if (this.running) return;
    this.running = (async () => {
      while (this.queued) {
        const next = this.queued;
        this.queued = null;
        try {
          await this.evaluate(next);
        } catch (err) {
          this.d.logger.warn({ err: (err as Error).message }, 'alert evaluation failed');
        }
      }
    })().finally(() => { this.running = null; });
  }

  /**
   * Steps every rule on every channel it watches against one snapshot, and saves what changed. An alert no rule
   * produces any more (its rule removed, or now on other channels) and an alert whose rule changed what it
   * watches are retired (resolved, logged, notified once) and forgotten; a silence that has run out is dropped.
   */
  async evaluate(snapshot: Snapshot): Promise<void> {
    this.lastEvaluated = Date.now();
    const now = this.clock();
    const [state, rules, receivers, targets, connectors] = await Promise.all([
      this.d.alerts.loadState(), this.d.rules(), this.d.receivers(), this.d.targets(), this.d.connectors?.() ?? [],
    ]);
    const all = receivers.map((r) => r.name);
    const expand = (names: string[]) => [...new Set(names.flatMap((n) => (n === '*' ? all : [n])))];
    const changed: Alert[] = [];
    const deliveries: Delivery[] = [];
    const transitions: AlertTransition[] = [];
    const clearAcks: string[] = [];
    const events: AlertEvent[] = [];
    const take = (res: StepResult) => {
      transitions.push(...res.transitions);
      for (const n of res.notifications) {
        for (const receiver of expand(n.receivers)) deliveries.push({ receiver, notification: { ...n, receivers: expand(n.receivers) }, attempt: 0 });
      }
      const last = res.transitions.at(-1);
      if (last && (last.to === 'firing' || last.to === 'resolved')) events.push({ kind: last.to === 'firing' ? 'fired' : 'resolved', alert: res.alert });
    };
    // Acks and silences are written by leads beside the states; the evaluator reads them, never races them.
    const withAckAndSilence = (stored: Alert): Alert => {
      const ack = state.acks.get(stored.id);
      const sil = state.silences.get(stored.id);
      const silenced = sil !== undefined && sil.until > now;
      return {
        ...stored,
        ackedAt: ack?.at ?? null, ackedBy: ack?.by ?? null, ackNote: ack?.note ?? null,
        silencedUntil: silenced ? sil.until : null, silenceReason: silenced ? sil.reason : null,
      };
    };
    const seen = new Set<string>();
    for (const rule of rules) {
      for (const { channel, value, satisfied, target } of ruleValues(rule, snapshot, now, connectors)) {
        const evaluated = evaluatedRule(rule, channel, targets, target);
        if (!evaluated) continue;
        const id = alertId(rule.id, channel);
        seen.add(id);
        const stored = state.alerts.get(id) ?? null;
        let prev = stored && withAckAndSilence(stored);
        if (prev && ruleChanged(prev, evaluated)) {
          take(retire(prev, now));
          if (prev.ackedAt !== null) clearAcks.push(id);
          prev = null;
        }
        const res = step(prev, evaluated, channel, value, now, { satisfied });
        // Compared with what is stored (not with `prev`), so an ack or a silence reaches the stored state too.
        if (!stored || JSON.stringify(stored) !== JSON.stringify(res.alert)) changed.push(res.alert);
        if (res.clearedAck) clearAcks.push(id);
        take(res);
      }
    }
    const forget = [...state.alerts.keys()].filter((id) => !seen.has(id));
    for (const id of forget) take(retire(withAckAndSilence(state.alerts.get(id)!), now));
    const expiredSilences = [...state.silences].filter(([id, s]) => s.until <= now && !forget.includes(id)).map(([id]) => id);
    await this.d.alerts.saveEvaluation({ alerts: changed, transitions, deliveries, clearAcks, events, forget, expiredSilences, now });
    await this.d.onEvaluated?.(snapshot);
  }
}
