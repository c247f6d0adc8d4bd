import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { terminalOf } from "../src/output/terminal.js";
import { remedies, remedyFor } from "../src/remedies.js";
import { describeError } from "../src/report.js";
import { cli, clientOf, exampleOrg, secret, startOrg } from "./helpers/cli.js";

describe("API errors print Slack's code and a one-line remedy (exit 1)", () => {
  it("long_username, username_taken, email_taken and invalid_name_specials, from real refusals", async () => {
    const { emulator } = await exampleOrg();
    const cases = [
      [["--user-name", "a".repeat(22), "--email", "long@example.com"], "long_username", "21 characters"],
      [["--user-name", "ada.lovelace", "--email", "new@example.com"], "username_taken", "users reactivate"],
      [["--user-name", "ada2", "--email", "ada@example.com"], "email_taken", "users get <email>"],
      [
        ["--user-name", "ada3", "--email", "a3@example.com", "--display-name", "<ada>"],
        "invalid_name_specials",
        "such as @",
      ],
    ] as const;
    for (const [flags, code, remedy] of cases) {
      const result = await cli(["users", "create", ...flags], { org: emulator });
      expect(result.code, code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^error: .*${code}.*\\nhint: .*${remedy.replace(/[.*?()[\]<>]/g, "\\$&")}`, "s"),
      );
    }
  });

  it("no_filters, insufficient_scope and rate limits, from injected answers", async () => {
    const org = await startOrg({ seed: { users: 3, groups: 0 } });
    org.faults.push({ match: "GET /Users", status: 400, code: "no_filters" });
    const noFilters = await cli(["users", "list"], { org });
    expect(noFilters.code).toBe(1);
    expect(noFilters.stderr).toContain("no_filters");
    expect(noFilters.stderr).toContain(remedies["no_filters"]);
    org.faults.push({ match: "GET /Users", status: 403, code: "insufficient_scope" });
    const scope = await cli(["users", "list"], { org });
    expect(scope.stderr).toContain("insufficient_scope");
    expect(scope.stderr).toContain("lacks the admin scope");
    // More 429s than the default retry budget (20) allows.
    org.faults.push({ match: "GET /Users", status: 429, retryAfter: 0, times: 30 });
    const limited = await cli(["users", "list"], { org });
    expect(limited.code).toBe(1);
    expect(limited.stderr).toContain("429");
    expect(limited.stderr).toContain("rate limit (per org, shared by every SCIM app)");
    expect(limited.stderr).toContain("Slack asked to wait 0 s");
    // 20 retries, each after Retry-After plus up to a second of jitter.
  }, 40_000);

  it("invalid_authentication: a refused token gets the set-up remedy, never the token", async () => {
    const org = await startOrg();
    const { code, stderr } = await cli(["users", "list"], {
      org,
      env: { SLACK_SCIM_TOKEN: "xoxp-not-the-right-one" },
    });
    expect(code).toBe(1);
    expect(stderr).toContain("401 invalid_authentication");
    expect(stderr).toContain(
      "hint: Slack refused the token: use an org admin user token (xoxp-…) with the admin scope",
    );
    expect(stderr).not.toContain("xoxp-not-the-right-one");
  });

  it("a failure in a batch does not stop the others, and exits 1 with what was done", async () => {
    const org = await startOrg({ seed: { users: 3, groups: 0 } });
    const [owner, ...others] = (await clientOf(org).searchUsers({ count: 3 })).users.map(
      (u) => u.id as string,
    );
    const { code, stderr } = await cli(["users", "deactivate", owner as string, ...others], { org });
    expect(code).toBe(1);
    expect(stderr).toContain("403 cannot_disable_primary_owner");
    expect(stderr).toContain("transfer ownership first");
    expect(stderr).toContain("deactivated 2 of 3 users; 1 failed");
  });

  it("an API that cannot be reached, or answers something that is not SCIM", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await cli(["users", "list"], {
      env: { SLACK_SCIM_TOKEN: secret, SLACK_SCIM_BASE_URL: `http://127.0.0.1:${port}/scim/v2/` },
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("ECONNREFUSED");
    expect(refused.stderr).toContain("check --base-url");
    const org = await startOrg({ seed: { users: 2, groups: 0 } });
    org.faults.push({ match: "GET /Users", truncate: true });
    const truncated = await cli(["users", "list"], { org });
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain("the answer was not SCIM");
  });
});

describe("describeError", () => {
  const plain = terminalOf(
    { write: () => true, on: () => undefined, off: () => undefined },
    { env: {}, color: false },
  );

  it("maps timeouts, filter errors and unknown errors to their exit codes", () => {
    expect(
      describeError(
        Object.assign(new Error("took too long"), { code: "slack_scim_timeout_error" }),
        plain,
        "x",
      ),
    ).toEqual({
      exitCode: 1,
      lines: ["error: took too long", "hint: Slack did not answer in time: rerun; reads are safe to repeat"],
    });
    const filter = Object.assign(new TypeError("bad filter at 3"), { name: "SCIMFilterError" });
    expect(describeError(filter, plain, "users list").exitCode).toBe(2);
    expect(describeError(new Error("boom"), plain, "x")).toEqual({ exitCode: 1, lines: ["error: boom"] });
    expect(describeError("text", plain, "x")).toEqual({ exitCode: 1, lines: ["error: text"] });
  });

  it("gives every status a remedy where Slack names no code", () => {
    expect(remedyFor({ statusCode: 401 })).toContain("Slack refused the token");
    expect(remedyFor({ statusCode: 403 })).toContain("admin scope");
    expect(remedyFor({ statusCode: 429, retryAfter: 7 })).toContain("wait 7 s");
    expect(remedyFor({ statusCode: 429, errorCode: "resource_locked" })).toContain("still being applied");
    expect(remedyFor({ statusCode: 500, errorCode: "something_new" })).toBeUndefined();
  });
});

describe("refs that match two users", () => {
  it("names both matches and asks for an id (exit 2)", async () => {
    // Slack keeps userName and email unique, but a filter answer is what the CLI trusts: a server answering
    // two users for one email must not make the CLI pick one.
    const twins = [
      { id: "W1TWIN", userName: "ada.a", emails: [{ value: "ada@example.com", primary: true }] },
      { id: "W2TWIN", userName: "ada.b", emails: [{ value: "ada@example.com" }] },
    ];
    const server = createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ totalResults: 2, itemsPerPage: 2, startIndex: 1, Resources: twins }));
      req.resume();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { code, stderr } = await cli(["users", "get", "ada@example.com"], {
        env: { SLACK_SCIM_TOKEN: secret, SLACK_SCIM_BASE_URL: `http://127.0.0.1:${port}/scim/v2/` },
      });
      expect(code).toBe(2);
      expect(stderr).toContain(
        '"ada@example.com" matches 2 users: W1TWIN (ada.a, ada@example.com); W2TWIN (ada.b, ada@example.com)',
      );
      expect(stderr).toContain("hint: use the id of the one you mean");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
