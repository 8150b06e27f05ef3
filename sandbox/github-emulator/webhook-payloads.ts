// Webhook payload envelopes, shaped like GitHub's (see @octokit/webhooks-examples): the
// event's own fields first, then repository, organization, sender and installation.

import type { WebhookEvent } from "./webhooks.js";
import { nodeId, simpleUser, userByLogin, type RenderContext } from "./shapes/common.js";
import { repositoryShape } from "./shapes/repository.js";
import type { Installation } from "./state.js";

export type PayloadContext = RenderContext;

export function installationPayload(event: WebhookEvent, inst: Installation, ctx: PayloadContext): Record<string, unknown> {
  const owner = ctx.state.account(event.repo.owner);
  const organization =
    owner?.type === "Organization"
      ? {
          organization: {
            login: owner.login,
            id: owner.id,
            node_id: nodeId("O", owner.id),
            url: `${ctx.urls.api}/orgs/${owner.login}`,
            repos_url: `${ctx.urls.api}/orgs/${owner.login}/repos`,
            events_url: `${ctx.urls.api}/orgs/${owner.login}/events`,
            hooks_url: `${ctx.urls.api}/orgs/${owner.login}/hooks`,
            issues_url: `${ctx.urls.api}/orgs/${owner.login}/issues`,
            members_url: `${ctx.urls.api}/orgs/${owner.login}/members{/member}`,
            public_members_url: `${ctx.urls.api}/orgs/${owner.login}/public_members{/member}`,
            avatar_url: `https://avatars.githubusercontent.com/u/${owner.id}?v=4`,
            description: null,
          },
        }
      : {};
  const repository = repositoryShape(event.repo, ctx);
  return {
    ...event.payload,
    repository: { ...repository, owner: userByLogin(event.repo.owner, ctx) },
    ...organization,
    sender: simpleUser(event.sender, ctx.urls),
    installation: { id: inst.id, node_id: nodeId("MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u", inst.id) },
  };
}
