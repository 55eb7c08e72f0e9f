/**
 * The receiver types Peakwatch can deliver to. Adding one: a new module exporting a `Receiver`, and its line
 * in `receivers` below (plus its name in `RECEIVER_TYPES` in shared/alerts.ts, which validates configs).
 */
import type { ReceiverType } from '../../shared/alerts';
import { alertmanager } from './alertmanager';
import type { Receiver } from './receiver';
import { slack } from './slack';
import { webhook } from './webhook';

export interface ReceiverRegistry {
  /** The receiver type `type`; throws when none is registered under that name. */
  get(type: ReceiverType): Receiver;
  has(type: string): boolean;
  /** Registered type names, in registration order. */
  types(): ReceiverType[];
}

/** A registry of the given receiver types; throws when two share a type name. */
export function createRegistry(list: readonly Receiver[]): ReceiverRegistry {
  const byType = new Map<string, Receiver>();
  for (const r of list) {
    if (byType.has(r.type)) throw new Error(`receiver type "${r.type}" is registered twice`);
    byType.set(r.type, r);
  }
  return {
    get(type) {
      const r = byType.get(type);
      if (!r) throw new Error(`no receiver type "${type}" is registered`);
      return r;
    },
    has: (type) => byType.has(type),
    types: () => [...byType.keys()] as ReceiverType[],
  };
}

export const receivers = createRegistry([
  webhook,
  slack,
  alertmanager,
]);
