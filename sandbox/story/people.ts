// Who ticks what in the stories: for each role of the example settings, the people holding it
// (a user listed by name, or an active member of the listed team; see PEOPLE in world.ts).
import type { Plan } from "../../core/model.js";
import type { Story } from "./driver.js";

export const HOLDERS: Record<string, string[]> = {
  "engineering-lead": ["lee", "elena"], // team acme/eng-leads
  "security-lead": ["sam"],
  "operations-lead": ["omar"], // team acme/sre
  "qa-lead": ["quinn", "qiu"],
  "product-manager": ["pam"],
};

/** Tracking-issue keys of the sign-off items a role signs, in plan order. */
export function signoffKeys(plan: Plan, role: string): string[] {
  return plan.signoff.filter((i) => i.role === role).map((i) => `signoff/${i.id}`);
}

/** Tracking-issue keys of a stage's exit items, grouped by who ticks them (first holder of each role). */
function exitTicks(plan: Plan, stage: string, holder: (role: string) => string = (role) => HOLDERS[role]?.[0] ?? role): Array<{ login: string; keys: string[] }> {
  const items = plan.stages.find((s) => s.name === stage)?.exit ?? [];
  const byLogin = new Map<string, string[]>();
  for (const item of items) {
    const login = holder(item.role);
    byLogin.set(login, [...(byLogin.get(login) ?? []), `exit/${stage}/${item.id}`]);
  }
  return [...byLogin].map(([login, keys]) => ({ login, keys }));
}

/** The stage's exit items, ticked by the role holders from `local` on, half an hour apart. */
export async function tickExitItems(story: Story, stage: string, local: string): Promise<void> {
  let at = story.local(local);
  for (const { login, keys } of exitTicks(story.world.plan, stage)) {
    await story.until(Math.max(at, story.now));
    await story.tick(login, keys);
    at += 30 * 60_000;
  }
}
