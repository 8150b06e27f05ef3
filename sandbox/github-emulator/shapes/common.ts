// Rendering helpers shared by every JSON shape: the URLs GitHub puts on every object, node ids
// and the user object. Shapes follow GitHub's documented schemas field for field, because the
// App and the Action read what GitHub sends, not what a test double happens to send.

import type { Account, EmulatorState } from "../state.js";

export interface Urls {
  /** REST API base, e.g. http://127.0.0.1:53211 */
  api: string;
  /** Web base for html_url fields. */
  web: string;
}

export interface RenderContext {
  state: EmulatorState;
  urls: Urls;
}

export function nodeId(prefix: string, id: number | string): string {
  return `${prefix}_kwDO${Buffer.from(String(id)).toString("base64url")}`;
}

export function simpleUser(account: Account, urls: Urls): Record<string, unknown> {
  const api = `${urls.api}/users/${account.login}`;
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId(account.type === "Bot" ? "BOT" : account.type === "Organization" ? "O" : "U", account.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`,
    gravatar_id: "",
    url: api,
    html_url: account.type === "Bot" ? `${urls.web}/apps/${account.login.replace(/\[bot\]$/, "")}` : `${urls.web}/${account.login}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: account.type,
    user_view_type: "public",
    site_admin: false,
  };
}

/** Renders the account with that login; logins of deleted accounts render as GitHub's ghost. */
export function userByLogin(login: string, ctx: RenderContext): Record<string, unknown> {
  const account = ctx.state.account(login) ?? { id: 10137, login: "ghost", type: "User" as const, name: null, email: null, createdAt: "2008-05-13T00:00:00Z" };
  return simpleUser(account, ctx.urls);
}
