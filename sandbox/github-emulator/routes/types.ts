// What every route handler receives and returns.

import type { Clock } from "../clock.js";
import type { Reply } from "../replies.js";
import type { RenderContext } from "../shapes/common.js";
import type { Actor, EmulatorState } from "../state.js";
import type { WebhookEmitter } from "../webhooks.js";

export interface ApiRequest {
  operationId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  actor: Actor;
  /** Lower-cased request headers. */
  headers: Record<string, string>;
  /** The request URL without query, for Link headers. */
  url: URL;
}

export interface Env {
  state: EmulatorState;
  ctx: RenderContext;
  clock: Clock;
  webhooks: WebhookEmitter;
}

export type Handler = (req: ApiRequest, env: Env) => Reply | Promise<Reply>;
export type HandlerTable = Record<string, Handler>;
