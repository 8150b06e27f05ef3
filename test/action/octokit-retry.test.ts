// The Action's retries (action/octokit-retry.ts) are @octokit/plugin-retry's policy without its job
// queue. Both run here on the same scripted answers, and must make the same attempts, wait the
// same times and end the same way.
import { Octokit } from "@octokit/core";
import { retry as libraryRetry } from "@octokit/plugin-retry";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DO_NOT_RETRY, retry } from "../../action/octokit-retry.js";

type Answer = number | "hiccup" | "network" | "graphql-error";

const HICCUP = "Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.";

function respond(answer: Answer): Response {
  if (answer === "network") throw new TypeError("fetch failed");
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  if (answer === "hiccup") return json(200, { data: null, errors: [{ message: HICCUP }] });
  if (answer === "graphql-error") return json(200, { data: null, errors: [{ message: "Field 'nope' doesn't exist on type 'Query'" }] });
  return json(answer, answer < 300 ? { ok: answer } : { message: `status ${answer}` });
}

interface Outcome {
  attempts: number;
  waits: number[];
  result: unknown;
}

async function play(plugin: typeof retry, answers: Answer[], retries: number | undefined, graphql: boolean): Promise<Outcome> {
  let attempts = 0;
  const fetch = async () => respond(answers[Math.min(attempts++, answers.length - 1)]!);
  const Retrying = Octokit.plugin(plugin);
  const octokit = new Retrying({ auth: "t", request: { fetch }, retry: { retries: 3, retryAfterBaseValue: 1 }, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const waits: number[] = [];
  const timer = vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms?: number) => {
    if (ms !== undefined && ms > 0) waits.push(ms);
    queueMicrotask(callback);
    return 0 as unknown as NodeJS.Timeout;
  }) as typeof setTimeout);
  const request = retries === undefined ? {} : { request: { retries } };
  try {
    const response = graphql ? await octokit.request("POST /graphql", { query: "{ viewer { login } }", ...request }) : await octokit.request("GET /repos/{owner}/{repo}", { owner: "acme", repo: "web", ...request });
    return { attempts, waits, result: { data: response.data } };
  } catch (error) {
    const e = error as { status?: number; message: string };
    return { attempts, waits, result: { status: e.status, message: e.message } };
  } finally {
    timer.mockRestore();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

const status = fc.constantFrom(200, 201, 304, 400, 401, 403, 404, 409, 410, 422, 429, 451, 500, 502, 503, 504);
const answer: fc.Arbitrary<Answer> = fc.oneof(status, fc.constantFrom<Answer>("network", "hiccup", "graphql-error"));

describe("the Action's retries", () => {
  // A request's own `request.retries` is only ever 0 in stagegate (the port's commits). With a
  // positive one, plugin-retry reads the count from the request itself whatever the answer, and
  // so resends even a 404 at once; the Action's retries do not.
  it("make the attempts @octokit/plugin-retry makes, with the same waits and the same end", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { minLength: 1, maxLength: 6 }), fc.constantFrom(undefined, 0), fc.boolean(), async (answers, retries, graphql) => {
        const ours = await play(retry, answers, retries, graphql);
        const theirs = await play(libraryRetry as unknown as typeof retry, answers, retries, graphql);
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 300 },
    );
  });

  it("try a failing read four times in all, waiting 1, 4 and 9 times the base", async () => {
    const outcome = await play(retry, [502, 502, 502, 502, 200], undefined, false);
    expect(outcome).toMatchObject({ attempts: 4, waits: [1, 4, 9], result: { status: 502 } });
  });

  it("never resend a request that asks for no retries, nor one GitHub refused for what it is", async () => {
    expect(await play(retry, [503, 200], 0, false)).toMatchObject({ attempts: 1, result: { status: 503 } });
    for (const refused of DO_NOT_RETRY) expect(await play(retry, [refused, 200], undefined, false)).toMatchObject({ attempts: 1, result: { status: refused } });
  });

  it("retry GitHub's GraphQL timeouts and connections that failed", async () => {
    expect(await play(retry, ["hiccup", "network", 200], undefined, true)).toMatchObject({ attempts: 3, waits: [1, 4], result: { data: { ok: 200 } } });
  });
});
