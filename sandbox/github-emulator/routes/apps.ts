// The App authenticating as itself (JWT): its own description, its installations, and
// installation access tokens — what @octokit/auth-app (and so Probot) calls; and the exchange
// of a registration code for a new App's credentials (the manifest flow).

import { randomBytes } from "node:crypto";
import { createApp, slugOf } from "../apps.js";
import { newToken } from "../auth.js";
import { error, json, notFound } from "../replies.js";
import { appShape, installationShape } from "../shapes/apps.js";
import type { App, Permissions } from "../state.js";
import type { ApiRequest, Env, HandlerTable } from "./types.js";

function appOf(req: ApiRequest, env: Env): App | null {
  return req.actor.kind === "app" ? (env.state.apps.get(req.actor.appId) ?? null) : null;
}

const jwtRequired = () => error(401, "A JSON web token could not be decoded");

export const appRoutes: HandlerTable = {
  // Needs no authentication: the code is the proof, and works once within the hour.
  "apps/create-from-manifest": (req, env) => {
    const pending = env.state.manifestCodes.get(req.params.code ?? "");
    env.state.manifestCodes.delete(req.params.code ?? "");
    if (!pending || pending.expiresAt < Date.now()) return notFound();
    const { manifest } = pending;
    const owner = env.state.account(pending.owner);
    if (!owner) return notFound();
    const name = String(manifest.name);
    const hook = manifest.hook_attributes as { url?: string; active?: boolean } | undefined;
    const app = createApp(env.state, env.clock, {
      slug: slugOf(name),
      name,
      owner,
      webhookUrl: hook?.active === false ? null : (hook?.url ?? null),
      permissions: (manifest.default_permissions as Permissions | undefined) ?? { metadata: "read" },
      events: (manifest.default_events as string[] | undefined) ?? [],
      description: typeof manifest.description === "string" ? manifest.description : "",
    });
    app.clientSecret = randomBytes(20).toString("hex");
    return json(201, { ...appShape(app.id, env.ctx), client_secret: app.clientSecret, webhook_secret: app.webhookSecret, pem: app.privateKeyPem });
  },

  "apps/get-authenticated": (req, env) => {
    const app = appOf(req, env);
    if (!app) return jwtRequired();
    return json(200, { ...appShape(app.id, env.ctx), installations_count: [...env.state.installations.values()].filter((i) => i.appId === app.id).length });
  },

  "apps/get-installation": (req, env) => {
    const app = appOf(req, env);
    if (!app) return jwtRequired();
    const inst = env.state.installations.get(Number(req.params.installation_id));
    return inst && inst.appId === app.id ? json(200, installationShape(inst, app, env.ctx)) : notFound();
  },

  "apps/list-installations": (req, env) => {
    const app = appOf(req, env);
    if (!app) return jwtRequired();
    return json(200, [...env.state.installations.values()].filter((i) => i.appId === app.id).map((i) => installationShape(i, app, env.ctx)));
  },

  "apps/get-repo-installation": (req, env) => {
    const app = appOf(req, env);
    if (!app) return jwtRequired();
    const repo = env.state.repo(`${req.params.owner}/${req.params.repo}`);
    const inst = repo ? env.state.installationFor(repo, app.id) : undefined;
    return inst ? json(200, installationShape(inst, app, env.ctx)) : notFound();
  },

  "apps/create-installation-access-token": (req, env) => {
    const app = appOf(req, env);
    if (!app) return jwtRequired();
    const inst = env.state.installations.get(Number(req.params.installation_id));
    if (!inst || inst.appId !== app.id) return notFound();
    const asked = (req.body as { permissions?: Permissions }).permissions;
    if (asked) {
      for (const [scope, level] of Object.entries(asked)) {
        const granted = inst.permissions[scope];
        if (!granted || (level === "write" && granted !== "write")) return error(422, `The permissions requested are not granted to this installation.`);
      }
    }
    const token = newToken("ghs");
    env.state.tokens.set(token, { kind: "installation", installationId: inst.id, appId: app.id });
    const expires = new Date(env.clock.now().getTime() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    return json(201, {
      token,
      expires_at: expires,
      permissions: asked ?? inst.permissions,
      repository_selection: inst.repositories === null ? "all" : "selected",
    });
  },
};
