import { describe, expect, it } from "vitest";
import { MENTION_BREAK } from "../../core/markdown/escape.js";
import { mentionRoles } from "../../core/mentions.js";
import type { Settings } from "../../core/model.js";

const settings: Settings = {
  roles: {
    "engineering-lead": { users: [], teams: ["acme/eng-leads"] },
    "product-manager": { users: ["pam"], teams: [] },
    "qa-lead": { users: ["quinn", "qiu", "Pam"], teams: [] },
    "operations-lead": { users: [], teams: ["acme/sre", "acme/eng-leads"] },
    odd: { users: ["pam</details>"], teams: ["not a team"] },
  },
  promoters: { users: [], teams: [] },
  calendar: { timezone: "UTC", businessHours: null, freezes: [] },
  metrics: { prometheus: null },
  dismissStaleSignoffs: false,
};

describe("mentionRoles", () => {
  it("mentions the users and teams of each role, in order, once each", () => {
    expect(mentionRoles(settings, ["product-manager", "operations-lead"])).toBe("@pam @acme/sre @acme/eng-leads");
    expect(mentionRoles(settings, ["product-manager", "qa-lead", "product-manager"])).toBe("@pam @quinn @qiu");
  });

  it("adds nothing for roles the settings do not define", () => {
    expect(mentionRoles(settings, ["nobody", "toString", "__proto__"])).toBe("");
    expect(mentionRoles(settings, [])).toBe("");
  });

  it("shows names that are not logins or teams as plain text that notifies no one", () => {
    expect(mentionRoles(settings, ["odd"])).toBe(`@${MENTION_BREAK}pam&lt;/details&gt; @${MENTION_BREAK}not a team`);
  });
});
