/**
 * The agents of one channel: who is on shift, on a break, and how many contacts each is handling. The pool
 * decides statuses; the model turns each change into an `agent.status` event.
 */
import type { AgentStatus } from '../../shared/channels';

export interface Agent {
  readonly id: string;
  readonly index: number;
  onShift: boolean;
  /** Finishing current work, then going off shift. */
  leaving: boolean;
  /** Taking a break once current work is done. */
  breakPending: boolean;
  onBreak: boolean;
  /** Contacts in hand. */
  active: number;
  /** Last status reported, or null before the first. */
  reported: AgentStatus | null;
}

export interface PoolHooks {
  /** The agent's status changed (the first report included). */
  status(agent: Agent, status: AgentStatus): void;
  /** The agent has just gone on a break; the model decides when it ends. */
  breakStarted(agent: Agent): void;
}

export class AgentPool {
  readonly agents: Agent[] = [];
  /** Agents able to take a contact, by contacts in hand: picking the least loaded costs O(capacity), not O(agents). */
  private readonly ready: Set<Agent>[];

  constructor(
    private readonly idPrefix: string,
    /** Contacts one agent handles at once. */
    readonly capacity: number,
    private readonly hooks: PoolHooks,
  ) {
    this.ready = Array.from({ length: capacity }, () => new Set<Agent>());
  }

  /** Agents on shift and not on their way out. */
  get working(): number {
    return this.agents.filter((a) => a.onShift && !a.leaving).length;
  }

  /** Brings agents on shift or sends some home, so that `target` are working. */
  setTarget(target: number): void {
    let working = this.working;
    // First keep those about to leave, then call in the next ones off shift.
    for (const a of this.agents) {
      if (working >= target) break;
      if (a.onShift && a.leaving) {
        a.leaving = false;
        working++;
        this.settle(a);
      }
    }
    while (working < target) {
      const a = this.agents.find((x) => !x.onShift) ?? this.hire();
      a.onShift = true;
      a.leaving = false;
      working++;
      this.settle(a);
    }
    // Send home the last called in, the idle ones first.
    const staying = this.agents.filter((a) => a.onShift && !a.leaving).sort((x, y) => x.active - y.active || y.index - x.index);
    for (const a of staying) {
      if (working <= target) break;
      a.leaving = true;
      working--;
      this.settle(a);
    }
  }

  /** The working agent with the most room for one more contact (the longest ready among equals), or undefined. */
  free(): Agent | undefined {
    for (const bucket of this.ready) {
      for (const a of bucket) return a;
    }
    return undefined;
  }

  /** The agent starts on one more contact. */
  take(a: Agent): void {
    a.active++;
    this.settle(a);
  }

  /** The agent finished one contact. */
  release(a: Agent): void {
    a.active = Math.max(0, a.active - 1);
    this.settle(a);
  }

  /** Asks a working agent to take a break once the contacts in hand are done. */
  requestBreak(a: Agent): void {
    if (!a.onShift || a.leaving || a.onBreak || a.breakPending) return;
    a.breakPending = true;
    this.settle(a);
  }

  endBreak(a: Agent): void {
    a.onBreak = false;
    this.settle(a);
  }

  /** Applies the transitions that follow from the agent's state, then reports a changed status. */
  private settle(a: Agent): void {
    if (a.active === 0 && a.breakPending) {
      a.breakPending = false;
      a.onBreak = true;
      this.hooks.breakStarted(a);
    }
    if (a.active === 0 && a.leaving && !a.onBreak) {
      a.leaving = false;
      a.onShift = false;
    }
    for (const bucket of this.ready) bucket.delete(a);
    if (a.onShift && !a.leaving && !a.onBreak && !a.breakPending && a.active < this.capacity) this.ready[a.active]!.add(a);
    const status = statusOf(a, this.capacity);
    if (status !== a.reported) {
      a.reported = status;
      this.hooks.status(a, status);
    }
  }

  private hire(): Agent {
    const index = this.agents.length;
    const agent: Agent = {
      id: `${this.idPrefix}-${String(index + 1).padStart(3, '0')}`, index,
      onShift: false, leaving: false, breakPending: false, onBreak: false, active: 0, reported: null,
    };
    this.agents.push(agent);
    return agent;
  }
}

/** What the war room sees: available while the agent can take one more contact. */
export function statusOf(a: Agent, capacity: number): AgentStatus {
  if (!a.onShift) return 'offline';
  if (a.onBreak) return 'away';
  if (a.active < capacity && !a.leaving && !a.breakPending) return 'available';
  return 'busy';
}
