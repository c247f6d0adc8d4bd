import { describe, expect, it } from "vitest";
import { spawnBin } from "./helpers/child.js";

describe("slack-scim-emulator bin", () => {
  it("prints its base URLs and token, serves a seeded org, and stops cleanly on SIGTERM", async () => {
    const bin = await spawnBin([
      "--port",
      "0",
      "--seed-users",
      "25",
      "--seed-groups",
      "2",
      "--token",
      "xoxp-test",
    ]);
    expect(bin.token).toBe("xoxp-test");
    expect(bin.stdout()).toMatch(/SCIM 2\.0: http:\/\/127\.0\.0\.1:\d+\/scim\/v2\//);
    const res = await fetch(`${bin.url}/scim/v2/Users?count=1`, {
      headers: { authorization: "Bearer xoxp-test" },
    });
    expect(((await res.json()) as { totalResults: number }).totalResults).toBe(25);
    bin.child.kill("SIGTERM");
    expect(await bin.exited).toEqual({ code: 0, signal: null });
    expect(bin.stdout()).toContain("stopped");
  });

  it("applies --rate-limits slack", async () => {
    const bin = await spawnBin(["--port", "0", "--rate-limits", "slack"]);
    const headers = { authorization: `Bearer ${bin.token}`, "content-type": "application/json" };
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await fetch(`${bin.url}/scim/v1/Groups`, {
        method: "POST",
        headers,
        body: JSON.stringify({ schemas: ["urn:scim:schemas:core:1.0"], displayName: `g${i}` }),
      });
      statuses.push(res.status);
    }
    // 20 is the burst and a token takes 333 ms to come back, so 30 quick requests must meet a 429.
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    expect(statuses).toContain(429);
    bin.child.kill("SIGINT");
    expect((await bin.exited).code).toBe(0);
  });
});
