// Webhook deliveries, as GitHub sends them to a GitHub App: one signed POST per event to the
// app's webhook URL, for every installation that covers the repository. Everything is recorded.
// Switches reproduce what GitHub does not promise: a delivery can arrive twice (a manual
// redelivery reuses the delivery id), late and out of order, or not at all.

import { randomUUID } from "node:crypto";
import { sign } from "@octokit/webhooks-methods";
import type { Clock } from "./clock.js";
import { installationPayload, type PayloadContext } from "./webhook-payloads.js";
import { loadWebhookSchemas } from "./webhook-schemas.js";
import type { Account, App, EmulatorState, Installation, Repository } from "./state.js";

export interface WebhookEvent {
  /** `X-GitHub-Event`, e.g. `issues`. */
  name: string;
  /** Event-specific fields (action, issue, changes…); repository, sender and installation are added. */
  payload: Record<string, unknown>;
  repo: Repository;
  sender: Account;
}

export interface Delivery {
  id: string;
  event: string;
  action: string | null;
  appId: number;
  installationId: number;
  url: string | null;
  /** The exact bytes sent (what the signature covers). */
  body: string;
  payload: Record<string, unknown>;
  signature: string;
  /** The emulator clock when the event happened. */
  at: string;
  /** Receiver's HTTP status; or why nothing was received. */
  status: number | "held" | "off" | "no-url" | "network-error";
  error?: string;
  redelivery: boolean;
  /** Where the delivery strays from GitHub's webhook schemas (when `checkWebhooks` is on). */
  schemaProblems: string[];
}

export interface WebhookEmitter {
  /**
   * Emits an event. `wait: true` (a person's action) awaits the receiver's answers; otherwise
   * (the App's own API writes) the delivery runs in the background, as GitHub answers the API
   * call before delivering, and `idle()` waits for it.
   */
  emit(event: WebhookEvent, options: { wait: boolean }): Promise<Delivery[]>;
}

export type ReleaseOrder = "received" | "reverse" | ((held: Delivery[]) => Delivery[]);

export class Webhooks implements WebhookEmitter {
  private enabled = true;
  private twice = false;
  private holding = false;
  private readonly held: Delivery[] = [];
  private readonly log: Delivery[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly receivers: Array<() => Promise<void>> = [];

  constructor(
    private readonly state: EmulatorState,
    private readonly clock: Clock,
    private readonly payloadContext: () => PayloadContext,
    private readonly checkSchemas: boolean,
  ) {}

  /** Stops sending; events are recorded with status "off" (as if the receiver were down). */
  off(): void {
    this.enabled = false;
  }

  on(): void {
    this.enabled = true;
  }

  /** Sends every delivery twice with the same delivery id, as a manual redelivery would. */
  deliverTwice(on = true): void {
    this.twice = on;
  }

  /** Keeps deliveries back until `release()`, to deliver them late or out of order. */
  hold(): void {
    this.holding = true;
  }

  /** Sends the held deliveries one after another in the given order and stops holding. */
  async release(order: ReleaseOrder = "received"): Promise<Delivery[]> {
    this.holding = false;
    const pending = this.held.splice(0);
    const ordered = order === "received" ? pending : order === "reverse" ? [...pending].reverse() : order(pending);
    const sent: Delivery[] = [];
    for (const delivery of ordered) sent.push(...(await this.send(delivery)));
    await this.receiversIdle();
    return sent;
  }

  heldDeliveries(): readonly Delivery[] {
    return [...this.held];
  }

  /** Every delivery attempted, oldest first. */
  deliveries(filter: { event?: string; action?: string } = {}): Delivery[] {
    return this.log.filter((d) => (filter.event === undefined || d.event === filter.event) && (filter.action === undefined || d.action === filter.action));
  }

  /** Sends a recorded delivery again with the same id, as GitHub's "Redeliver" button does. */
  async redeliver(id: string): Promise<Delivery> {
    const original = this.log.find((d) => d.id === id);
    if (!original) throw new Error(`no delivery with id ${id}`);
    const [again] = await this.post({ ...original, redelivery: true });
    await this.receiversIdle();
    return again as Delivery;
  }

  /** Deliveries whose payload or headers do not match GitHub's webhook schemas. */
  nonConforming(): Delivery[] {
    return this.log.filter((d) => d.schemaProblems.length > 0);
  }

  reset(): void {
    this.log.length = 0;
    this.held.length = 0;
  }

  /**
   * Tells the emulator how to wait for a receiver that acknowledges deliveries at once and works
   * on them afterwards (the App's queue): a person's action then returns once the receiver has
   * worked what it acknowledged, and `idle()` waits for that work too. Not something GitHub
   * does; it lets a test read outcomes without sleeping. Returns a function that forgets it.
   */
  settleWith(receiverIdle: () => Promise<void>): () => void {
    this.receivers.push(receiverIdle);
    return () => {
      const at = this.receivers.indexOf(receiverIdle);
      if (at >= 0) this.receivers.splice(at, 1);
    };
  }

  private async receiversIdle(): Promise<void> {
    await Promise.all(this.receivers.map((idle) => idle()));
  }

  /** Resolves once every background delivery (and those they caused) has finished. */
  async idle(): Promise<void> {
    do {
      while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
      await this.receiversIdle();
    } while (this.inFlight.size > 0);
  }

  async emit(event: WebhookEvent, options: { wait: boolean }): Promise<Delivery[]> {
    const deliveries = await this.prepare(event);
    const run = (async () => {
      const results: Delivery[] = [];
      for (const delivery of deliveries) results.push(...(await this.send(delivery)));
      return results;
    })();
    if (options.wait) {
      const sent = await run;
      await this.receiversIdle();
      return sent;
    }
    this.track(run);
    return deliveries;
  }

  private track(promise: Promise<unknown>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }

  private async prepare(event: WebhookEvent): Promise<Delivery[]> {
    const targets: Array<{ app: App; inst: Installation }> = [];
    for (const inst of this.state.installations.values()) {
      const app = this.state.apps.get(inst.appId);
      if (app && this.state.installationFor(event.repo, app.id)?.id === inst.id) targets.push({ app, inst });
    }
    const ctx = this.payloadContext();
    const schemas = this.checkSchemas ? await loadWebhookSchemas() : null;
    return Promise.all(
      targets.map(async ({ app, inst }) => {
        const payload = installationPayload(event, inst, ctx);
        const body = JSON.stringify(payload);
        const action = typeof payload.action === "string" ? payload.action : null;
        const delivery: Delivery = {
          id: randomUUID(),
          event: event.name,
          action,
          appId: app.id,
          installationId: inst.id,
          url: app.webhookUrl,
          body,
          payload,
          signature: await sign(app.webhookSecret, body),
          at: this.clock.iso(),
          status: "held",
          redelivery: false,
          schemaProblems: [],
        };
        if (schemas) delivery.schemaProblems = schemas.validate(event.name, payload, deliveryHeaders(delivery));
        return delivery;
      }),
    );
  }

  private async send(delivery: Delivery): Promise<Delivery[]> {
    if (this.holding) {
      this.held.push(delivery);
      return [delivery];
    }
    const first = await this.post(delivery);
    if (!this.twice) return first;
    return [...first, ...(await this.post({ ...delivery, redelivery: true }))];
  }

  private async post(delivery: Delivery): Promise<Delivery[]> {
    const record: Delivery = { ...delivery };
    this.log.push(record);
    if (!this.enabled) {
      record.status = "off";
      return [record];
    }
    if (!record.url) {
      record.status = "no-url";
      return [record];
    }
    try {
      const response = await fetch(record.url, {
        method: "POST",
        headers: deliveryHeaders(record),
        body: record.body,
        // GitHub gives up after 10 seconds.
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      record.status = response.status;
    } catch (err) {
      record.status = "network-error";
      record.error = err instanceof Error ? err.message : String(err);
    }
    return [record];
  }
}

/** The headers GitHub sends with a delivery to a GitHub App. */
export function deliveryHeaders(delivery: Delivery): Record<string, string> {
  return {
    "content-type": "application/json",
    "user-agent": "GitHub-Hookshot/emulator",
    "x-github-event": delivery.event,
    "x-github-delivery": delivery.id,
    "x-github-hook-id": String(delivery.appId),
    "x-github-hook-installation-target-type": "integration",
    "x-github-hook-installation-target-id": String(delivery.appId),
    "x-hub-signature-256": delivery.signature,
  };
}
