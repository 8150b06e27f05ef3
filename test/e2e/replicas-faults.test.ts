// The fault suite again, through three App processes on one real Redis behind the round-robin
// forwarder (replica-world.ts, on the emulator's simulated clock): every scenario of the
// faults-*.test.ts files, with the same assertions, with each delivery's first attempt going to
// the next replica and every later attempt (a duplicate, a Redeliver, a redelivery after a crash)
// to a different replica than the one before. The scenario files are imported after the suite's
// world is switched, so one set of scenarios serves both modes.
//
// Every fault runs here. The duplicate-delivery scenario compares its faulty run through the
// replicas with a clean run in one process. The flaky API's retries are the shared queue's
// (BullMQ's backoff), counted from every replica's /metrics; which calls its seeded faults hit
// depends on the order three processes make them in, so a workflow run failing for good is not
// asserted here (it is in one process).
import { vi } from "vitest";
import { faultSuite } from "./fault-world.js";
import { startReplicaWorld } from "./replica-world.js";

// Three processes and a Redis start for each scenario.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 240_000 });
faultSuite.start = (options) => startReplicaWorld({ ...options, simulated: true });
faultSuite.mode = "replicas";

await import("./faults-crash-after-commit.test.js");
await import("./faults-duplicate-delivery.test.js");
await import("./faults-flaky-api.test.js");
await import("./faults-promote-storm.test.js");
await import("./faults-redelivered-command.test.js");
await import("./faults-tick-during-commit.test.js");
