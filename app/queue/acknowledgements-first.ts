// Acknowledgements before work. A replica answers GitHub and works deliveries on one event loop,
// on a host it shares with GitHub's other traffic: when a burst arrives, the first deliveries'
// handlers (and the API calls they make) would run between the later deliveries' requests and
// hold their answers back. So a delivery's work waits while a burst is coming in: while any
// delivery is being received, and until none has come in for a moment (`settleMs`). A delivery
// that comes in alone (to an endpoint idle for that moment, and answered before another comes) is
// no burst: its work starts a few milliseconds after its answer (`aloneMs`). The wait also ends
// once the work has waited `maxWaitMs` since its acknowledgement, so that a steady stream of
// deliveries cannot starve the work: a job that sat in a backlog is older than that and starts at
// once.

export interface AcknowledgementsFirst {
  /**
   * Called by the webhook endpoint as a delivery comes in; call what it returns once answered,
   * saying whether the delivery gave the queue work (not when it was ignored, a duplicate or
   * refused: such a delivery holds work back while it is received, and is no part of a burst).
   */
  receiving(): (gaveWork?: boolean) => void;
  /**
   * Resolves once no delivery is being received and the last burst has been over for `settleMs`
   * (`aloneMs` after a delivery that came alone), or at `acknowledgedAt + maxWaitMs` (epoch ms),
   * whichever comes first.
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
  /**
   * How long a burst must have been over (default 50 ms); two deliveries closer than this are a
   * burst. The gaps inside a burst are not only the sender's: on a host with more busy processes
   * than cores, a replica can go 10 ms and more without being scheduled, or without the sender
   * being, and at 10 ms three replicas on two cores started work mid-burst in every burst
   * measured (GitHub's emulator busy answering it), where at 30 ms and more GitHub's emulator
   * stayed all but idle until the burst was answered.
   */
  settleMs?: number;
  /**
   * How long the endpoint must have been idle after a delivery that came in alone (default 5 ms):
   * long enough for the second delivery of a burst to arrive (they come well under a millisecond
   * apart) before the first one's work starts, so that the work waits for the burst after all.
   */
  aloneMs?: number;
  /** The longest a delivery's work waits after its acknowledgement (default 250 ms). */
  maxWaitMs?: number;
  clock?: Clock;
}

export function acknowledgementsFirst(options: AcknowledgementsFirstOptions = {}): AcknowledgementsFirst {
  const settleMs = options.settleMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 250;
  const aloneMs = Math.min(options.aloneMs ?? 5, settleMs);
  const clock = options.clock ?? realClock;
  let receiving = 0;
  // Of the deliveries that gave the queue work: when the latest one came in and was answered, and
  // when the one before it was answered. The latest came alone when the one before had been
  // answered a moment (`settleMs`) before it came in, which also rules out any overlap.
  let lastStart = -Infinity;
  let lastEnd = -Infinity;
  let previousEnd = -Infinity;
  let waiters: Array<{ deadline: number; release: () => void }> = [];
  let cancelWake: (() => void) | null = null;
  let wakeAt = Infinity;

  // One timer at a time, for the earliest moment anyone might go.
  const arm = (at: number) => {
    if (cancelWake !== null && at >= wakeAt) return;
    cancelWake?.();
    wakeAt = at;
    cancelWake = clock.after(Math.max(0, at - clock.now()), check);
  };

  const alone = () => lastStart - previousEnd >= settleMs;
  const quietFor = () => (alone() ? aloneMs : settleMs);
  const settled = (now: number) => receiving === 0 && now - lastEnd >= quietFor();

  // Releases whoever may go now, then sleeps until the next moment someone might. Linear in the
  // waiters, and called once per quiet moment or deadline, not per delivery: a burst of 200 has
  // up to 200 waiters.
  function check(): void {
    cancelWake?.();
    cancelWake = null;
    wakeAt = Infinity;
    const now = clock.now();
    const free = settled(now);
    const going: Array<() => void> = [];
    const staying: typeof waiters = [];
    let nextDeadline = Infinity;
    for (const w of waiters) {
      if (free || now >= w.deadline) going.push(w.release);
      else {
        staying.push(w);
        nextDeadline = Math.min(nextDeadline, w.deadline);
      }
    }
    waiters = staying;
    for (const release of going) release();
    if (waiters.length === 0) return;
    arm(nextWake(nextDeadline));
  }

  // While a delivery is being received, its end calls check(); only a deadline can come first.
  const nextWake = (deadline: number) => (receiving > 0 ? deadline : Math.min(deadline, lastEnd + quietFor()));

  return {
    receiving() {
      const start = clock.now();
      receiving += 1;
      let ended = false;
      return (gaveWork = true) => {
        if (ended) return;
        ended = true;
        receiving -= 1;
        if (gaveWork) {
          previousEnd = lastEnd;
          lastEnd = clock.now();
          lastStart = start;
        }
        // Only the last delivery's end can free anyone early; deadlines have their timer.
        if (receiving === 0 && waiters.length > 0) check();
      };
    },
    quiet(acknowledgedAt) {
      const now = clock.now();
      const deadline = acknowledgedAt + maxWaitMs;
      if (settled(now) || now >= deadline) return Promise.resolve();
      return new Promise<void>((release) => {
        waiters.push({ deadline, release });
        arm(nextWake(deadline));
      });
    },
  };
}
