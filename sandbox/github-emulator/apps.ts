// Registering GitHub Apps: the ones tests add directly, and the ones registered from a manifest
// (GitHub's "Create GitHub App" page, then `POST /app-manifests/{code}/conversions`).

import { randomBytes } from "node:crypto";
import { generateAppKeys } from "./auth.js";
import type { Clock } from "./clock.js";
import type { Account, App, EmulatorState, Permissions } from "./state.js";

export interface AppDetails {
  slug: string;
  name?: string;
  webhookSecret?: string;
  owner: Account;
  webhookUrl?: string | null;
  permissions?: Permissions;
  events?: string[];
  description?: string;
}

export function createApp(state: EmulatorState, clock: Clock, details: AppDetails): App {
  const id = state.nextId("app");
  const keys = generateAppKeys();
  const now = clock.iso();
  const bot: Account = { id: state.nextId("account"), login: `${details.slug}[bot]`, type: "Bot", name: null, email: null, createdAt: now };
  state.accounts.set(bot.login.toLowerCase(), bot);
  const app: App = {
    id,
    slug: details.slug,
    name: details.name ?? details.slug,
    ownerLogin: details.owner.login,
    webhookSecret: details.webhookSecret ?? randomBytes(20).toString("hex"),
    privateKeyPem: keys.privateKeyPem,
    publicKeyPem: keys.publicKeyPem,
    webhookUrl: details.webhookUrl ?? null,
    bot,
    createdAt: now,
    ...(details.permissions ? { permissions: details.permissions } : {}),
    ...(details.events ? { events: details.events } : {}),
    ...(details.description !== undefined ? { description: details.description } : {}),
  };
  state.apps.set(id, app);
  return app;
}

/** GitHub's slug for an App name: lower case, runs of anything else than letters and digits as `-`. */
export function slugOf(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

/**
 * What GitHub's page checks before it creates the App from a manifest. Returns the problems;
 * empty when the manifest is acceptable.
 */
export function manifestProblems(state: EmulatorState, manifest: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const name = manifest.name;
  if (typeof name !== "string" || name.trim() === "") problems.push("name is missing");
  else if ([...state.apps.values()].some((a) => a.slug === slugOf(name))) problems.push(`name "${name}" is already taken`);
  const hook = manifest.hook_attributes as { url?: unknown } | undefined;
  if (hook !== undefined && (typeof hook.url !== "string" || !/^https?:\/\//.test(hook.url))) problems.push("hook_attributes.url must be an http(s) URL");
  if (manifest.redirect_url !== undefined && (typeof manifest.redirect_url !== "string" || !/^https?:\/\//.test(manifest.redirect_url))) problems.push("redirect_url must be an http(s) URL");
  const permissions = manifest.default_permissions;
  if (permissions !== undefined) {
    for (const [scope, level] of Object.entries(permissions as Record<string, unknown>)) if (level !== "read" && level !== "write") problems.push(`default_permissions.${scope} must be read or write`);
  }
  if (manifest.default_events !== undefined && !Array.isArray(manifest.default_events)) problems.push("default_events must be a list");
  return problems;
}
