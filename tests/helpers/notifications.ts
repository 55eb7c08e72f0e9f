import type { Alert, Notification, NotificationKind, ReceiverConfig } from '../../shared/alerts';

/** 2026-11-27 14:00:00 UTC, a peak-season Friday. */
export const T0 = Date.UTC(2026, 10, 27, 14, 0, 0);

/** A firing chat service-level alert (72 % against a floor of 80 %), breaching since T0. */
export function firingAlert(over: Partial<Alert> = {}): Alert {
  return {
    id: 'chat-sl:chat',
    ruleId: 'chat-sl',
    metric: 'serviceLevel',
    channel: 'chat',
    window: '15m',
    op: '<',
    threshold: 0.8,
    severity: 'critical',
    state: 'firing',
    value: 0.72,
    since: T0 + 60_000,
    startedAt: T0,
    firedAt: T0 + 60_000,
    resolvedAt: null,
    ackedAt: null,
    ackedBy: null,
    ackNote: null,
    silencedUntil: null,
    silenceReason: null,
    lastNotifiedAt: null,
    escalatedAt: null,
    description: 'Chat answered within target below 80 %',
    ...over,
  };
}

/** The same alert, resolved at `resolvedAt` with the value back above the floor. */
export function resolvedAlert(resolvedAt: number, over: Partial<Alert> = {}): Alert {
  return firingAlert({ state: 'resolved', value: 0.83, since: resolvedAt, resolvedAt, ...over });
}

export function notification(kind: NotificationKind, alert: Alert, at: number, id = `n-${kind}-${at}`): Notification {
  return { id, kind, alert, receivers: ['ops'], at };
}

export function receiverConfig(over: Partial<ReceiverConfig> & Pick<ReceiverConfig, 'type' | 'url'>): ReceiverConfig {
  return { name: `test-${over.type}`, ...over };
}
