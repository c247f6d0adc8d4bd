import type { SyncPlan, SyncReport } from "slack-scim/sync";
import { describe, expect, it } from "vitest";
import { formatProgress } from "../src/output/progress.js";
import { planText, reportText, stepLine } from "../src/output/sync-plan.js";
import { terminalOf } from "../src/output/terminal.js";
import { collectMapping, parseCount, parseDuration } from "../src/parsers.js";
import { Collector } from "./helpers/cli.js";

const plain = terminalOf(new Collector({ columns: 100 }), { env: {}, color: false });

describe("sync options", () => {
  it("read durations, counts and column mappings, and name what is wrong", () => {
    expect(parseDuration("24h")).toBe(86_400_000);
    expect(parseDuration("90s")).toBe(90_000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("7d")).toBe(604_800_000);
    expect(parseDuration("250ms")).toBe(250);
    expect(() => parseDuration("24")).toThrow("must be a duration with a unit");
    expect(() => parseDuration("soon")).toThrow("must be a duration with a unit");
    expect(parseCount("0")).toBe(0);
    expect(() => parseCount("-1")).toThrow("whole number");
    expect(() => parseCount("1.5")).toThrow("whole number");
    expect(collectMapping("Notes=", collectMapping("Work Phone = phone"))).toEqual({
      "Work Phone": "phone",
      Notes: null,
    });
    expect(() => collectMapping("phone")).toThrow("header=attribute");
    expect(() => collectMapping("=phone")).toThrow("header=attribute");
  });

  it("a progress line shows the detail it is given instead of the rate", () => {
    expect(
      formatProgress({ label: "applying", count: 1, total: 4, elapsedMs: 10, detail: "1 done · 3 left" }, 80),
    ).toBe("applying ▕████████░░░░░░░░░░░░░░░░░░░░░░▏ 1 done · 3 left");
    expect(
      formatProgress({ label: "planning:", count: 0, total: undefined, elapsedMs: 0, detail: "reading" }, 80),
    ).toBe("planning: reading");
  });
});

describe("sync plan and report text", () => {
  it("one line per step kind, with the file line it came from", () => {
    const source = { file: "people.csv", line: 7 };
    expect(
      stepLine(
        {
          id: "update-user:W1",
          kind: "reactivateUser",
          user: { id: "W1", userName: "ada" },
          operations: [],
          desired: {},
          changes: [{ attribute: "active", from: false, to: true }],
          source,
        },
        plain,
      ),
    ).toBe("~ reactivate ada: active false → true (people.csv:7)");
    expect(
      stepLine(
        {
          id: "d",
          kind: "deactivateUser",
          user: { id: "W2", userName: "alan" },
          pin: "p",
          reason: "missing",
        },
        plain,
      ),
    ).toBe("- deactivate alan (W2; not in the file)");
    expect(
      stepLine(
        {
          id: "d",
          kind: "deactivateUser",
          user: { id: "W3", userName: "bob" },
          pin: "p",
          reason: "inactive",
          source,
        },
        plain,
      ),
    ).toBe("- deactivate bob (W3; active false in the file) (people.csv:7)");
    expect(
      stepLine(
        {
          id: "r",
          kind: "removeMembers",
          group: { id: "S1" },
          displayName: "navy",
          members: [{ id: "W2", userName: "alan" }],
        },
        plain,
      ),
    ).toBe("- remove from navy: alan");
    expect(
      stepLine(
        {
          id: "u",
          kind: "updateUser",
          user: { createStep: "create-user:x", userName: "x" },
          operations: [],
          desired: {},
          changes: [],
        },
        plain,
      ),
    ).toBe("~ update x");
  });

  it("lists conflicts after the summary, and failed and skipped steps after the totals", () => {
    const plan = {
      id: "0123456789abcdef",
      baseUrl: "http://127.0.0.1/scim/v2/",
      createdAt: "2026-01-01T00:00:00.000Z",
      org: { users: 2, activeUsers: 2, groups: null, activeInScope: null },
      summary: {
        creates: 0,
        updates: 0,
        reactivations: 0,
        deactivations: 0,
        groupCreates: 0,
        memberAdds: 0,
        memberRemoves: 0,
        unchanged: 1,
        conflicts: 1,
      },
      steps: [],
      conflicts: [{ name: "ada", source: { file: "f.csv", line: 3 }, reason: "userName held by W9" }],
    } as unknown as SyncPlan;
    const text = planText(plan, plain, true).join("\n");
    expect(text).toMatch(/conflicts \(not planned\)\s+1/);
    expect(text).toContain("! ada (f.csv:3): userName held by W9");
    expect(text).not.toContain("changes:");
    const report = {
      durationMs: 1500,
      total: 3,
      done: 1,
      failed: 1,
      skipped: 1,
      resumed: 1,
      steps: [
        { step: "a", kind: "createUser", target: "a", status: "done" },
        {
          step: "b",
          kind: "updateUser",
          target: "b",
          status: "failed",
          error: { message: "HTTP 400", errorCode: "bad" },
        },
        {
          step: "c",
          kind: "updateUser",
          target: "c",
          status: "skipped",
          reason: "changed",
          note: "plan again",
        },
      ],
    } as unknown as SyncReport;
    expect(reportText(report, plain)).toEqual([
      "1 of 3 steps done (1 from an earlier run), 1 failed, 1 skipped, in 1.5 s",
      "failed b: HTTP 400 [bad]",
      "skipped c: changed (plan again)",
    ]);
  });
});
