import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { budgetOf } from "../src/checks.js";
import { cli, secret, startOrg } from "./helpers/cli.js";

/** A reverse proxy serving the emulator's SCIM 1.1 API under `/proxy/`, a URL that names no version. */
async function versionlessProxy(target: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").replace(/^\/proxy\//, "/scim/v1/");
    const upstream = request(
      new URL(path, target),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/proxy/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe("whoami and doctor", () => {
  it("print the API, version, token source, user count and rate-limit budget", async () => {
    const org = await startOrg({ seed: { users: 12, groups: 0 } });
    const whoami = await cli(["whoami", "--no-color"], { org, tty: { columns: 200 } });
    expect(whoami.code).toBe(0);
    expect(whoami.stdout).toContain(`• base URL    ${org.v2BaseUrl} (SCIM 2.0, from the base URL)`);
    expect(whoami.stdout).toContain("✓ token       accepted (from SLACK_SCIM_TOKEN)");
    expect(whoami.stdout).toContain("✓ users       12 in the org");
    expect(whoami.stdout).toContain(
      "• rate limit  slack: reads 1,000/min (burst 1,000), writes 600/min (burst 180)",
    );
    const json = await cli(["whoami"], { org });
    expect(JSON.parse(json.stdout)).toEqual({
      baseUrl: org.v2BaseUrl,
      scimVersion: "2.0",
      versionFrom: "the base URL",
      tokenFrom: "SLACK_SCIM_TOKEN",
      users: 12,
      rateLimit: "slack",
      ok: true,
      problems: [],
    });
    const doctor = await cli(["doctor", "--rate-limit", "off", "--format", "csv"], { org, version: 1 });
    expect(doctor.code).toBe(0);
    expect(doctor.stdout.split("\n")[0]).toBe("name,ok,detail,remedy");
    expect(doctor.stdout).toContain("users,true,12 in the org,");
    expect(doctor.stdout).toContain(`rate limit,,${budgetOf("off")},`);
  });

  it("name a refused token with its remedy (exit 1)", async () => {
    const org = await startOrg();
    const { code, stdout } = await cli(["doctor", "--no-color"], {
      org,
      env: { SLACK_SCIM_TOKEN: "xoxp-bad-bad-bad" },
    });
    expect(code).toBe(1);
    expect(stdout).toContain("✓ service");
    expect(stdout).toMatch(/✗ token +SCIM request failed: 401 invalid_authentication/);
    expect(stdout).toContain(
      "fix: Slack refused the token: use an org admin user token (xoxp-…) with the admin scope",
    );
    const json = await cli(["whoami", "--format", "json"], {
      org,
      env: { SLACK_SCIM_TOKEN: "xoxp-bad-bad-bad" },
    });
    expect(JSON.parse(json.stdout).problems[0]).toMatchObject({ name: "token", ok: false });
  });

  it("name a base URL that serves no SCIM (exit 1)", async () => {
    const org = await startOrg();
    const { code, stdout, stderr } = await cli(["doctor", "--no-color", "--base-url", `${org.url}/`], {
      org,
    });
    expect(code).toBe(1);
    expect(stderr).toContain("does not end in /scim/v1/ or /scim/v2/");
    expect(stdout).toMatch(/✗ service +SCIM request failed: 404 bad_endpoint/);
    expect(stdout).toContain(
      "fix: nothing answers SCIM at this base URL: it should end in /scim/v1/ or /scim/v2/",
    );
    expect(stdout).toContain("• token       from SLACK_SCIM_TOKEN (not checked)");
  });

  it("name a 1.1 API spoken to as 2.0, with the flag that fixes it (exit 1)", async () => {
    const org = await startOrg({ seed: { users: 3, groups: 0 } });
    const proxy = await versionlessProxy(org.url);
    try {
      const env = { SLACK_SCIM_TOKEN: secret, SLACK_SCIM_BASE_URL: proxy.url };
      const wrong = await cli(["doctor", "--no-color"], { env });
      expect(wrong.code).toBe(1);
      expect(wrong.stdout).toContain(
        "✗ version     this URL answers in SCIM 1.1, but the CLI speaks SCIM 2.0",
      );
      expect(wrong.stdout).toContain("fix: pass --scim-version 1, or use a base URL ending in /scim/v2/");
      const right = await cli(["doctor", "--no-color", "--scim-version", "1"], { env });
      expect(right.code).toBe(0);
      expect(right.stdout).toContain("✓ users       3 in the org");
    } finally {
      await proxy.close();
    }
  });
});
