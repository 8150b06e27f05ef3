// Work yields to deliveries being received, for a moment and never for long: these run on a
// clock the test moves by hand.
import { describe, expect, it } from "vitest";
import { acknowledgementsFirst, type Clock } from "../../../app/queue/acknowledgements-first.js";

function manualClock(start = 1_000_000) {
  let now = start;
  let timers: Array<{ at: number; run: () => void }> = [];
  const clock: Clock = {
    now: () => now,
    after: (ms, run) => {
      const timer = { at: now + ms, run };
      timers.push(timer);
      return () => (timers = timers.filter((t) => t !== timer));
    },
  };
  /** Moves the clock on, running every timer that falls due on the way, in order. */
  const advance = async (ms: number) => {
    const end = now + ms;
    for (;;) {
      const due = timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      timers = timers.filter((t) => t !== due);
      now = due.at;
      due.run();
      await Promise.resolve();
    }
    now = end;
    await Promise.resolve();
  };
  return { clock, advance, now: () => now, pendingTimers: () => timers.length };
}

/** Whether a promise has settled, without waiting on it. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

/** Expects `work` to be held for `ms` more on the clock, and to be released at that moment. */
async function releasedAfter(work: Promise<void>, ms: number, advance: (ms: number) => Promise<void>): Promise<void> {
  await advance(ms - 1);
  expect(await settled(work)).toBe(false);
  await advance(1);
  expect(await settled(work)).toBe(true);
}

describe("acknowledgementsFirst", () => {
  it("lets work start at once when no delivery is coming in", async () => {
    const { clock } = manualClock();
    const first = acknowledgementsFirst({ clock });
    expect(await settled(first.quiet(clock.now()))).toBe(true);
  });

  it("lets a lone delivery's work start a few milliseconds after its answer: one delivery is no burst", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 50, aloneMs: 5, maxWaitMs: 250 });
    const earlier = first.receiving();
    earlier();
    await advance(50);
    const done = first.receiving();
    const work = first.quiet(clock.now());
    await advance(3);
    expect(await settled(work)).toBe(false);
    done();
    await releasedAfter(work, 5, advance);
  });

  it("holds a lone delivery's work for the burst when a second delivery follows within those milliseconds", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 50, aloneMs: 5, maxWaitMs: 250 });
    first.receiving()();
    const work = first.quiet(clock.now());
    await advance(2);
    first.receiving()();
    await releasedAfter(work, 50, advance);
  });

  it("takes a delivery that gave no work (ignored, a duplicate) for no part of a burst, and holds work only while it is received", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 50, aloneMs: 5, maxWaitMs: 250 });
    first.receiving()();
    const work = first.quiet(clock.now());
    await advance(1);
    const ignored = first.receiving();
    await advance(10);
    expect(await settled(work)).toBe(false);
    ignored(false);
    expect(await settled(work)).toBe(true);

    // Its coming in just before a delivery that gives work does not make a burst of the two.
    const echo = first.receiving();
    await advance(60);
    echo(false);
    first.receiving()();
    await releasedAfter(first.quiet(clock.now()), 5, advance);
  });

  it("holds work while deliveries come in close together, and lets it go once the burst has been over a moment", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 250 });
    const a = first.receiving();
    const b = first.receiving();
    a();
    const work = first.quiet(clock.now());
    await advance(100);
    expect(await settled(work)).toBe(false);
    b();
    await releasedAfter(work, 10, advance);
  });

  it("holds work after two deliveries answered close together, even with none in progress", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 250 });
    first.receiving()();
    await advance(4);
    first.receiving()();
    const work = first.quiet(clock.now());
    await releasedAfter(work, 10, advance);
  });

  it("waits out a burst whose deliveries overlap, then releases every waiting delivery together", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 10_000 });
    const works: Array<Promise<void>> = [];
    let previous = first.receiving();
    for (let i = 0; i < 20; i++) {
      const next = first.receiving();
      previous();
      previous = next;
      works.push(first.quiet(clock.now()));
      await advance(5);
    }
    expect(await Promise.all(works.map(settled))).not.toContain(true);
    previous();
    await advance(10);
    expect(await Promise.all(works.map(settled))).not.toContain(false);
  });

  it("never holds work longer than its bound after the acknowledgement, however busy the endpoint stays", async () => {
    const { clock, advance, pendingTimers } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 250 });
    first.receiving();
    const acknowledgedAt = clock.now();
    const work = first.quiet(acknowledgedAt);
    await releasedAfter(work, 250, advance);
    expect(pendingTimers()).toBe(0);
  });

  it("lets a delivery that waited in a backlog start at once, even during a burst", async () => {
    const { clock } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 250 });
    first.receiving();
    expect(await settled(first.quiet(clock.now() - 250))).toBe(true);
  });

  it("counts an answered delivery once, however often its end is reported", async () => {
    const { clock, advance } = manualClock();
    const first = acknowledgementsFirst({ clock, settleMs: 10, maxWaitMs: 10_000 });
    const a = first.receiving();
    first.receiving();
    a();
    a();
    const work = first.quiet(clock.now());
    await advance(1_000);
    expect(await settled(work)).toBe(false);
  });
});
