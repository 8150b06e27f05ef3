// GitHub's published webhook payload schemas (@octokit/openapi-webhooks), to check that what
// the emulator sends is what GitHub sends. Loaded once per process, on first use only.

import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { OpenAPIBackend, type Document } from "openapi-backend";
import { FORMATS } from "./openapi.js";

export interface WebhookSchemas {
  /**
   * Problems with a delivery of `event` (e.g. `issues`); empty when it conforms. Headers are
   * checked when given (GitHub documents X-GitHub-Event, X-GitHub-Delivery, the signature…).
   */
  validate(event: string, payload: Record<string, unknown>, headers?: Record<string, string>): string[];
}

const require = createRequire(import.meta.url);
let shared: Promise<WebhookSchemas> | null = null;

export function loadWebhookSchemas(): Promise<WebhookSchemas> {
  shared ??= load();
  return shared;
}

async function load(): Promise<WebhookSchemas> {
  const file = require.resolve("@octokit/openapi-webhooks/generated/api.github.com.json");
  const source = JSON.parse(await readFile(file, "utf8")) as { webhooks: Record<string, { post: Record<string, unknown> }>; components: unknown };
  // The validator routes requests by path, so each webhook becomes a POST to `/<name>`.
  const paths: Record<string, unknown> = {};
  for (const [name, hook] of Object.entries(source.webhooks)) {
    paths[`/${name}`] = { post: { ...hook.post, operationId: name } };
  }
  const api = new OpenAPIBackend({
    definition: { openapi: "3.1.0", info: { title: "GitHub webhooks", version: "1" }, paths, components: source.components } as unknown as Document,
    quick: true,
    ajvOpts: { allErrors: true, formats: FORMATS, logger: false, validateSchema: false },
  });
  await api.init();
  // Looked up once: the validator's own lookup by id rebuilds the whole operation list each time.
  const operations = new Map(api.router.getOperations().map((o) => [o.operationId ?? "", o]));
  return {
    validate(event, payload, headers) {
      const action = typeof payload.action === "string" ? `-${payload.action.replaceAll("_", "-")}` : "";
      const name = `${event.replaceAll("_", "-")}${action}`;
      if (!operations.has(name)) return [`${name} is not a webhook in GitHub's description`];
      const result = api.validateRequest({ method: "post", path: `/${name}`, headers: { "content-type": "application/json", ...headers }, body: payload }, operations.get(name));
      const errors = (result.errors ?? []).filter((e) => headers !== undefined || !e.instancePath.startsWith("/header"));
      return errors.map((e) => `${e.instancePath.replace(/^\//, "").replaceAll("/", ".") || "(root)"} ${e.message ?? e.keyword}${e.keyword === "required" ? "" : ` (${JSON.stringify(e.params)})`}`);
    },
  };
}
