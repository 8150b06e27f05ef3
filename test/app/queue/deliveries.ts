// What the queue tests hand to a queue, and the failures they make it meet.
import type { QueuedDelivery } from "../../../app/queue/delivery.js";

/** A command comment on the tracking issue of `rollout`: its deliveries share the rollout's key. */
export const comment = (id: string, rollout: string): QueuedDelivery => ({
  id,
  name: "issue_comment",
  payload: { action: "created", repository: { full_name: "acme/web" }, issue: { number: 1, body: `<!-- stagegate:rollout ${rollout} -->` }, comment: { body: "/status" } },
});

/** An error as Octokit throws it for a response with this status. */
export const httpError = (status: number, message: string): Error => Object.assign(new Error(message), { status });
