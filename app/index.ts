// The stagegate App: thin webhook handlers over the shared runtime. Each handler turns the
// payload into a small event, builds its dependencies and hands over to app/handlers/*.
import type { ApplicationFunction, Context, Probot } from "probot";
import { handlerDeps, identityResolver, type AppOptions, type HandlerDeps } from "./deps.js";
import { handleCommandComment } from "./handlers/commands.js";
import { handlePlanPullRequest } from "./handlers/plan-pull-request.js";
import { handleTicks } from "./handlers/ticks.js";
import { ignoresComment, tickEditFrom } from "./delivery-filter.js";
import { RecentSet } from "./recent-set.js";
import { CommittedFiles } from "../port/committed-files.js";

export type { AppOptions } from "./deps.js";

type Handled = Context<"issues" | "issue_comment" | "pull_request" | "check_run">;

export function createStagegateApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const lookup = identityResolver(app);
    const identity = options.identity ? () => Promise.resolve(options.identity as NonNullable<AppOptions["identity"]>) : lookup;
    const deliveries = new RecentSet(2_000);
    // Files at the commits this App made or read at a commit sha: its own last write to a state
    // file is read back without a request (port/committed-files.ts).
    const committedFiles = new CommittedFiles();

    // Runs a handler once per delivery id in this process; a failed run may be redelivered.
    async function once(context: Handled, work: (deps: HandlerDeps) => Promise<void>): Promise<void> {
      if (!deliveries.add(context.id)) return;
      try {
        await work(await handlerDeps(context, options, identity, committedFiles));
      } catch (error) {
        deliveries.delete(context.id);
        throw error;
      }
    }

    app.on(["pull_request.opened", "pull_request.reopened", "pull_request.synchronize", "pull_request.edited"], (context) =>
      once(context, (deps) => {
        const pr = context.payload.pull_request;
        const before = context.payload.action === "synchronize" ? context.payload.before : null;
        return handlePlanPullRequest(deps, { number: pr.number, headSha: pr.head.sha, before });
      }),
    );

    app.on("check_run.rerequested", (context) =>
      once(context, async (deps) => {
        const run = context.payload.check_run;
        if (run.app?.id !== deps.identity.appId || !run.name.startsWith("stagegate /")) return;
        for (const pr of run.pull_requests) await handlePlanPullRequest(deps, { number: pr.number, headSha: run.head_sha, before: null });
      }),
    );

    app.on("issues.edited", (context) => {
      const from = tickEditFrom(context.payload);
      if (from === null) return Promise.resolve();
      return once(context, (deps) => {
        // The App's own edits never count as ticks, even if GitHub reports it as a user.
        if (context.payload.sender.login.toLowerCase() === deps.identity.botLogin.toLowerCase()) return Promise.resolve();
        const issue = context.payload.issue;
        return handleTicks(deps, { issue: { number: issue.number, body: issue.body ?? "" }, before: from, sender: context.payload.sender.login });
      });
    });

    app.on("issue_comment.created", (context) => {
      const { comment, issue } = context.payload;
      if (ignoresComment(context.payload)) return Promise.resolve();
      // Not ignored: a tracking issue's comment, so the issue has a body.
      return once(context, (deps) =>
        handleCommandComment(deps, { issue: { number: issue.number, body: issue.body as string }, comment: { id: comment.id, body: comment.body, createdAt: comment.created_at }, author: comment.user?.login ?? context.payload.sender.login }),
      );
    });
  };
}

export default createStagegateApp();
