// Acknowledgements before work. A replica answers GitHub and works deliveries on one event loop,
// on a host it shares with GitHub's other traffic: when a burst arrives, the first deliveries'
// handlers (and the API calls they make) would run between the later deliveries' requests and
// hold their answers back. So a delivery's work waits while deliveries are being received: it
// starts once none has been in progress for a moment (`settleMs`), or once it has waited
// `maxWaitMs` since it was acknowledged, whichever comes first. The second bound keeps a steady
// stream of deliveries from starving the work: a job that sat in a backlog is older than that and
// starts at once.

export interface AcknowledgementsFirst {
  /** Called by the webhook endpoint as a delivery comes in; call what it returns once answered. */
  receiving(): () => void;
  /**
   * Resolves once no delivery has been received for `settleMs`, or at `acknowledgedAt + maxWaitMs`
   * (epoch ms), whichever comes first.
   */
  quiet(acknowledgedAt: number): Promise<void>;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Calls `run` after `ms`; returns how to cancel it. */
  after(ms: number, run: () => void): () => void;
}

const realClock: Clock = {
  now: () => Date.now(),
  after: (ms, run) => {
    const timer = setTimeout(run, ms);
    // A pending wake-up never keeps the process alive on its own.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

export interface AcknowledgementsFirstOptions {
  /** How long the endpoint must have been idle (default 10 ms: the gaps inside a burst are far shorter). */
  settleMs?: number;
  /** The longest a delivery's work waits after its acknowledgement (default 250 ms). */
  maxWaitMs?: number;
  clock?: Clock;
}

export function acknowledgementsFirst(options: AcknowledgementsFirstOptions = {}): AcknowledgementsFirst {
  const settleMs = options.settleMs ?? 10;
  const maxWaitMs = options.maxWaitMs ?? 250;
  const clock = options.clock ?? realClock;
  let receiving = 0;
  let lastActivity = -Infinity;
  let waiters: Array<{ deadline: number; release: () => void }> = [];
  let cancelWake: (() => void) | null = null;

  const settled = (now: number) => receiving === 0 && now - lastActivity >= settleMs;

  // Releases whoever may go now, then sleeps until the next moment someone might.
  function check(): void {
    cancelWake?.();
    cancelWake = null;
    const now = clock.now();
    const free = settled(now);
    const going = waiters.filter((w) => free || now >= w.deadline);
    waiters = waiters.filter((w) => !going.includes(w));
    for (const w of going) w.release();
    if (waiters.length === 0) return;
    const nextDeadline = Math.min(...waiters.map((w) => w.deadline));
    // While a delivery is being received, its end calls check(); only a deadline can come first.
    const wakeAt = receiving > 0 ? nextDeadline : Math.min(nextDeadline, lastActivity + settleMs);
    cancelWake = clock.after(Math.max(0, wakeAt - now), check);
  }

  return {
    receiving() {
      receiving += 1;
      lastActivity = clock.now();
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        receiving -= 1;
        lastActivity = clock.now();
        if (waiters.length > 0) check();
      };
    },
    quiet(acknowledgedAt) {
      const now = clock.now();
      const deadline = acknowledgedAt + maxWaitMs;
      if (settled(now) || now >= deadline) return Promise.resolve();
      return new Promise<void>((release) => {
        waiters.push({ deadline, release });
        check();
      });
    },
  };
}
