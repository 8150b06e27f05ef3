// What GitHub Marketplace checks when the Action is published: a name, a description under 125
// characters, branding from the documented colours and Feather icons, and every input and
// output described (people read them on the listing, not in action/io.ts).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { expect, it } from "vitest";

const action = parse(readFileSync(new URL("../../action.yml", import.meta.url), "utf8")) as {
  name?: string;
  description?: string;
  author?: string;
  branding?: { icon?: string; color?: string };
  inputs?: Record<string, { description?: string }>;
  outputs?: Record<string, { description?: string }>;
};

// The colours GitHub documents for `branding.color`.
const COLOURS = ["white", "black", "yellow", "blue", "green", "orange", "red", "purple", "gray-dark"];
// A few of the Feather icons GitHub accepts for `branding.icon`; change the icon to another of these.
const ICONS = ["clock", "calendar", "flag", "git-branch", "git-merge", "trending-up", "toggle-right", "sliders", "activity"];

it("has a name and a description the Marketplace accepts", () => {
  expect(action.name?.trim()).toBeTruthy();
  expect(action.description?.trim()).toBeTruthy();
  expect(action.description?.length).toBeLessThan(125);
  expect(action.author?.trim()).toBeTruthy();
});

it("has branding from the documented sets", () => {
  expect(COLOURS).toContain(action.branding?.color);
  expect(ICONS).toContain(action.branding?.icon);
});

it("describes every input and output", () => {
  const described = (entries: Record<string, { description?: string }> | undefined) => Object.entries(entries ?? {}).map(([name, spec]) => [name, (spec.description ?? "").trim().length > 0]);
  expect(described(action.inputs).length).toBeGreaterThan(0);
  expect(described(action.inputs).filter(([, ok]) => !ok)).toEqual([]);
  expect(described(action.outputs).length).toBeGreaterThan(0);
  expect(described(action.outputs).filter(([, ok]) => !ok)).toEqual([]);
});
