// What the queue tests hand to a queue, and the gates they hold work with (promises the test
// opens), so that no test waits on a timer for work to reach a point.
import type { QueuedDelivery } from "../../../app/queue/delivery.js";

/** A command comment on the tracking issue of `rollout`: its deliveries share the rollout's key. */
export const comment = (id: string, rollout: string): QueuedDelivery => ({
  id,
  name: "issue_comment",
  payload: { action: "created", repository: { full_name: "acme/web" }, issue: { number: 1, body: `<!-- stagegate:rollout ${rollout} -->` }, comment: { body: "/status" } },
});

export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** An error as Octokit throws it for a response with this status. */
export const httpError = (status: number, message: string): Error => Object.assign(new Error(message), { status });
