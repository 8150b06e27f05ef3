// GitHub Apps and installations, including the built-in "GitHub Actions" app that owns check
// runs written with a workflow's GITHUB_TOKEN.

import type { App, Installation } from "../state.js";
import { nodeId, userByLogin, type RenderContext } from "./common.js";

export const ACTIONS_APP_ID = 15368;

export function appShape(appId: number, ctx: RenderContext): Record<string, unknown> {
  const app = ctx.state.apps.get(appId);
  if (!app) return actionsAppShape(ctx);
  return {
    id: app.id,
    slug: app.slug,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    node_id: nodeId("A", app.id),
    owner: userByLogin(app.ownerLogin, ctx),
    name: app.name,
    description: app.description ?? "",
    external_url: `${ctx.urls.web}/apps/${app.slug}`,
    html_url: `${ctx.urls.web}/apps/${app.slug}`,
    created_at: app.createdAt,
    updated_at: app.createdAt,
    permissions: app.permissions ?? { checks: "write", contents: "write", issues: "write", members: "read", metadata: "read", pull_requests: "write" },
    events: app.events ?? ["issue_comment", "issues", "pull_request", "push"],
  };
}

function actionsAppShape(ctx: RenderContext): Record<string, unknown> {
  return {
    id: ACTIONS_APP_ID,
    slug: "github-actions",
    client_id: "Iv1.05c79e9ad1f6bdfa",
    node_id: "MDM6QXBwMTUzNjg=",
    owner: { ...userByLogin("github", ctx), login: "github", id: 9919, type: "Organization" },
    name: "GitHub Actions",
    description: "Automate your workflow from idea to production",
    external_url: "https://help.github.com/en/actions",
    html_url: `${ctx.urls.web}/apps/github-actions`,
    created_at: "2018-07-30T09:30:17Z",
    updated_at: "2024-04-10T20:33:16Z",
    permissions: { actions: "write", checks: "write", contents: "write", issues: "write", metadata: "read", pull_requests: "write" },
    events: ["check_run", "check_suite", "push", "pull_request"],
  };
}

export function installationShape(inst: Installation, app: App, ctx: RenderContext): Record<string, unknown> {
  const account = ctx.state.account(inst.account);
  return {
    id: inst.id,
    account: userByLogin(inst.account, ctx),
    repository_selection: inst.repositories === null ? "all" : "selected",
    access_tokens_url: `${ctx.urls.api}/app/installations/${inst.id}/access_tokens`,
    repositories_url: `${ctx.urls.api}/installation/repositories`,
    html_url: `${ctx.urls.web}/${account?.type === "Organization" ? `organizations/${inst.account}/` : ""}settings/installations/${inst.id}`,
    app_id: app.id,
    app_slug: app.slug,
    client_id: `Iv1.${app.id.toString(16).padStart(16, "0")}`,
    target_id: account?.id ?? 0,
    target_type: account?.type === "Organization" ? "Organization" : "User",
    permissions: inst.permissions,
    events: ["issue_comment", "issues", "pull_request", "push"],
    created_at: inst.createdAt,
    updated_at: inst.createdAt,
    single_file_name: null,
    has_multiple_single_files: false,
    single_file_paths: [],
    suspended_by: null,
    suspended_at: null,
  };
}
