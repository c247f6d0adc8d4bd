import { describe, expect, it } from "vitest";
import { runDemo } from "../src/demo/run-demo.js";

describe("npm run demo", () => {
  it("runs the round trip on both versions over one org and prints one line per step and a table", async () => {
    const lines: string[] = [];
    const result = await runDemo({ write: (line) => lines.push(line) });
    const steps = lines.filter((line) => line.startsWith("  ✓ "));
    expect(steps).toHaveLength(16);
    expect(
      lines.some((l) => /deactivated alan\.turing: DELETE answered 200, active is now false/.test(l)),
    ).toBe(true);
    expect(
      lines.some((l) => /deactivated barbara\.l: DELETE answered 204, active is now false/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => l.includes('removed alan.turing from "pioneers": 2 members left'))).toBe(true);
    expect(result.users.map((u) => [u.userName, u.active])).toEqual([
      ["ada.lovelace", true],
      ["grace.hopper", true],
      ["alan.turing", false],
      ["katherine.j", true],
      ["edsger.d", true],
      ["barbara.l", false],
    ]);
    expect(result.groups.map((g) => [g.displayName, g.members?.length])).toEqual([
      ["pioneers", 2],
      ["verifiers", 2],
    ]);
    const header = lines.findIndex((l) => l.startsWith("userName"));
    expect(lines.slice(header + 2)).toHaveLength(6);
  });
});
