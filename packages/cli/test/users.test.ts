import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, clientOf, exampleOrg, ndjson, startOrg, tempDir } from "./helpers/cli.js";

describe("users list", () => {
  it("prints NDJSON when piped: every user, one per line, full SCIM objects", async () => {
    const org = await startOrg({ seed: { users: 25, groups: 0 } });
    const { code, stdout, stderr } = await cli(["users", "list"], { org });
    expect(code).toBe(0);
    const users = ndjson(stdout);
    expect(users).toHaveLength(25);
    expect(new Set(users.map((u) => u["id"])).size).toBe(25);
    expect(users[0]?.["schemas"]).toContain("urn:ietf:params:scim:schemas:core:2.0:User");
    expect(stderr).toBe("");
  });

  it("prints an aligned table on a terminal, cut to its width", async () => {
    const org = await startOrg({ seed: { users: 5, groups: 0 } });
    const { code, stdout } = await cli(["users", "list", "--no-color"], { org, tty: { columns: 60 } });
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^id\s+userName\s+displayName\s+email\s+title\s+active$/);
    expect(lines).toHaveLength(6);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
    // Columns line up: every row has "true" or "false" where the header has "active".
    const at = lines[0]?.indexOf("active") ?? -1;
    for (const line of lines.slice(1)) expect(line.slice(at)).toMatch(/^(true|false)$/);
  });

  it("honours --filter, --limit, --fields and --inactive", async () => {
    const { emulator } = await exampleOrg();
    const filtered = await cli(
      ["users", "list", "--filter", 'email eq "alan@example.com"', "--fields", "userName,email"],
      {
        org: emulator,
      },
    );
    expect(ndjson(filtered.stdout)).toEqual([{ userName: "alan.turing", email: "alan@example.com" }]);
    const limited = await cli(["users", "list", "--limit", "2"], { org: emulator });
    expect(ndjson(limited.stdout)).toHaveLength(2);
    const client = clientOf(emulator);
    await client.deleteUser("W0123ABCDEF");
    const inactive = await cli(["users", "list", "--inactive", "--fields", "id"], { org: emulator });
    expect(ndjson(inactive.stdout)).toEqual([{ id: "W0123ABCDEF" }]);
    const active = await cli(["users", "list", "--active", "--fields", "id", "--format", "csv"], {
      org: emulator,
    });
    expect(active.stdout.trim().split("\n")).toHaveLength(4);
    expect(active.stdout).not.toContain("W0123ABCDEF");
  });

  it("writes JSON as one array and CSV with the documented columns", async () => {
    const org = await startOrg({ seed: { users: 3, groups: 0 } });
    const json = await cli(["users", "list", "--format", "json"], { org });
    expect(JSON.parse(json.stdout)).toHaveLength(3);
    const csv = await cli(["users", "list", "--format", "csv"], { org });
    const [header, ...rows] = csv.stdout.trim().split("\n");
    expect(header).toBe(
      "id,userName,active,displayName,givenName,familyName,nickName,title,email,emails,phone,timezone,userType,preferredLanguage,locale,employeeNumber,costCenter,organization,division,department,managerId,groups,externalId,created",
    );
    expect(rows).toHaveLength(3);
  });

  it("refuses --active with --inactive, an unknown field and a bad --limit (exit 2)", async () => {
    const org = await startOrg();
    const both = await cli(["users", "list", "--active", "--inactive"], { org });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--active and --inactive cannot be used together");
    const field = await cli(["users", "list", "--fields", "id,usrName"], { org });
    expect(field.code).toBe(2);
    expect(field.stderr).toContain('unknown field "usrName"');
    const limit = await cli(["users", "list", "--limit", "0"], { org });
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("must be a whole number of at least 1");
    expect(limit.stderr).toContain("Usage: slack-scim users list");
  });

  it("refuses a filter Slack cannot run before sending it (exit 2)", async () => {
    const org = await startOrg();
    const { code, stderr } = await cli(["users", "list", "--filter", 'title eq "x"'], { org });
    expect(code).toBe(2);
    expect(stderr).toMatch(/title/);
  });
});

describe("users get", () => {
  it("finds a user by id, userName or email", async () => {
    const { emulator } = await exampleOrg();
    for (const ref of ["W0123ABCDEF", "barbara.liskov", "barbara@example.com"]) {
      const { code, stdout } = await cli(["users", "get", ref], { org: emulator });
      expect(code).toBe(0);
      expect(JSON.parse(stdout).id).toBe("W0123ABCDEF");
    }
  });

  it("prints a two-column table on a terminal", async () => {
    const { emulator } = await exampleOrg();
    const { stdout } = await cli(["users", "get", "ada.lovelace", "--no-color"], {
      org: emulator,
      tty: { columns: 80 },
    });
    const lines = stdout.trimEnd().split("\n");
    expect(lines).toContain(`${"id".padEnd(12)}WTEST000002`);
    expect(lines).toContain(`${"email".padEnd(12)}ada@example.com`);
    // Only attributes with a value are shown.
    expect(stdout).not.toMatch(/^phone/m);
  });

  it("names the lookups it tried when no user matches (exit 2)", async () => {
    const { emulator } = await exampleOrg();
    const byName = await cli(["users", "get", "nobody"], { org: emulator });
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain('no user matches "nobody" (tried filter userName eq "nobody")');
    const byId = await cli(["users", "get", "W999999999"], { org: emulator });
    expect(byId.stderr).toContain('tried id W999999999, then filter userName eq "W999999999"');
    const byEmail = await cli(["users", "get", "nobody@example.com"], { org: emulator });
    expect(byEmail.stderr).toContain('email eq "nobody@example.com"');
  });
});

describe("users create", () => {
  it("creates from flags and prints only the id", async () => {
    const org = await startOrg();
    const { code, stdout, stderr } = await cli(
      [
        "users",
        "create",
        "--user-name",
        "grace",
        "--email",
        "grace@example.com",
        "--given-name",
        "Grace",
        "--title",
        "Admiral",
      ],
      { org },
    );
    expect(code).toBe(0);
    const id = stdout.trim();
    expect(id).toMatch(/^W/);
    expect(stderr).toContain(`created grace (${id})`);
    const { user } = await clientOf(org).readUser(id);
    expect(user).toMatchObject({ userName: "grace", title: "Admiral", name: { givenName: "Grace" } });
  });

  it("creates from a file or stdin, and prints the user with --format json", async () => {
    const org = await startOrg();
    const cwd = await tempDir();
    await writeFile(
      join(cwd, "u.json"),
      JSON.stringify({ userName: "kj", emails: [{ value: "kj@example.com" }] }),
    );
    const fromFile = await cli(["users", "create", "--from", "u.json", "--format", "json"], { org, cwd });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(fromFile.stdout)).toMatchObject({ userName: "kj" });
    const fromStdin = await cli(["users", "create", "--from", "-"], {
      org,
      stdin: JSON.stringify({ userName: "ed", emails: [{ value: "ed@example.com" }] }),
    });
    expect(fromStdin.code).toBe(0);
    expect((await clientOf(org).readUser(fromStdin.stdout.trim())).user.userName).toBe("ed");
  });

  it("names the file, line and column of broken JSON (exit 2), and creates nothing", async () => {
    const org = await startOrg();
    const cwd = await tempDir();
    await writeFile(join(cwd, "broken.json"), '{\n  "userName": "x",\n  "emails": [}\n');
    const { code, stderr } = await cli(["users", "create", "--from", "broken.json"], { org, cwd });
    expect(code).toBe(2);
    expect(stderr).toMatch(/broken\.json:3:14: broken JSON/);
    expect(org.store.userCount).toBe(0);
    const truncated = await cli(["users", "create", "--from", "-"], { org, stdin: '{"userName": "x"' });
    expect(truncated.stderr).toMatch(/stdin:1:17: broken JSON/);
    const array = await cli(["users", "create", "--from", "-"], { org, stdin: "[]" });
    expect(array.stderr).toContain("stdin: expected a JSON object (a SCIM user)");
  });

  it("needs --user-name and --email, and --from alone", async () => {
    const org = await startOrg();
    expect((await cli(["users", "create", "--user-name", "x"], { org })).code).toBe(2);
    const both = await cli(["users", "create", "--from", "-", "--title", "x"], { org, stdin: "{}" });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--from cannot be combined");
  });
});

describe("users set and unset", () => {
  it("PATCHes only the named attributes, on SCIM 2.0 and 1.1", async () => {
    for (const version of [2, 1] as const) {
      const { emulator } = await exampleOrg();
      const set = await cli(
        [
          "users",
          "set",
          "ada.lovelace",
          "title=Principal Analyst",
          "department=Research",
          "givenName=Augusta",
        ],
        {
          org: emulator,
          version,
        },
      );
      expect(set.code).toBe(0);
      expect(set.stderr).toContain("set title, department, name.givenName on ada.lovelace");
      const client = clientOf(emulator);
      const { user } = await client.readUser(
        (await client.searchUsers({ filter: 'userName eq "ada.lovelace"' })).users[0]?.id as string,
      );
      expect(user.title).toBe("Principal Analyst");
      expect(user.name?.givenName).toBe("Augusta");
      expect(user.name?.familyName).toBe("Lovelace");
      expect(user["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?.department).toBe("Research");
      const unset = await cli(["users", "unset", "ada.lovelace", "title", "department"], {
        org: emulator,
        version,
      });
      expect(unset.code).toBe(0);
      const { user: after } = await client.readUser(user.id as string);
      expect(after.title ?? "").toBe("");
      expect(after.name?.givenName).toBe("Augusta");
    }
  });

  it("sets the primary email and JSON values, and prints the user with --format", async () => {
    const { emulator } = await exampleOrg();
    const { code, stdout } = await cli(
      [
        "users",
        "set",
        "alan@example.com",
        "email=alan.turing@example.com",
        'addresses:=[{"locality":"Wilmslow","primary":true}]',
        "--format",
        "ndjson",
      ],
      { org: emulator },
    );
    expect(code).toBe(0);
    const [user] = ndjson(stdout);
    expect(JSON.stringify(user?.["emails"])).toContain("alan.turing@example.com");
    expect(JSON.stringify(user?.["addresses"])).toContain("Wilmslow");
  });

  it("refuses malformed assignments and attributes with their own commands (exit 2)", async () => {
    const { emulator } = await exampleOrg();
    for (const [args, message] of [
      [["title"], "is not name=value"],
      [["title="], "users unset <ref> title"],
      [["active=false"], "users deactivate"],
      [["roles:=[oops"], "roles:= needs JSON"],
      [["id=W1"], "id"],
    ] as const) {
      const { code, stderr } = await cli(["users", "set", "ada.lovelace", ...args], { org: emulator });
      expect(code, args.join(" ")).toBe(2);
      expect(stderr).toContain(message);
    }
    const email = await cli(["users", "unset", "ada.lovelace", "email"], { org: emulator });
    expect(email.code).toBe(2);
    expect(email.stderr).toContain("the primary email cannot be removed");
  });
});

describe("users replace", () => {
  it("lists what the PUT clears, then replaces with --yes", async () => {
    const { emulator, cwd } = await exampleOrg();
    const { code, stderr } = await cli(["users", "replace", "ada.lovelace", "--from", "ada.json", "--yes"], {
      org: emulator,
      cwd,
    });
    expect(code).toBe(0);
    expect(stderr).toContain("clears 1 attribute: title");
    const { users } = await clientOf(emulator).searchUsers({ filter: 'userName eq "ada.lovelace"' });
    expect(users[0]?.title ?? "").toBe("");
    expect(users[0]?.displayName).toBe("Ada");
  });

  it("asks on a terminal and changes nothing on no", async () => {
    const { emulator, cwd } = await exampleOrg();
    const no = await cli(["users", "replace", "ada.lovelace", "--from", "ada.json"], {
      org: emulator,
      cwd,
      stdin: "n\n",
      stdinTTY: true,
    });
    expect(no.code).toBe(1);
    expect(no.stderr).toContain("Replace ada.lovelace (");
    expect(no.stderr).toContain("not confirmed: nothing was changed");
    const client = clientOf(emulator);
    expect((await client.searchUsers({ filter: 'userName eq "ada.lovelace"' })).users[0]?.title).toBe(
      "Engineer",
    );
    const yes = await cli(["users", "replace", "ada.lovelace", "--from", "ada.json"], {
      org: emulator,
      cwd,
      stdin: "y\n",
      stdinTTY: true,
    });
    expect(yes.code).toBe(0);
    expect((await client.searchUsers({ filter: 'userName eq "ada.lovelace"' })).users[0]?.title ?? "").toBe(
      "",
    );
  });

  it("refuses without a terminal and without --yes, and a file for another user (exit 2)", async () => {
    const { emulator, cwd } = await exampleOrg();
    const piped = await cli(["users", "replace", "ada.lovelace", "--from", "ada.json"], {
      org: emulator,
      cwd,
    });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain("rerun with --yes");
    await writeFile(join(cwd, "other.json"), JSON.stringify({ id: "W0123ABCDEF", userName: "ada.lovelace" }));
    const other = await cli(["users", "replace", "ada.lovelace", "--from", "other.json", "--yes"], {
      org: emulator,
      cwd,
    });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("is for user W0123ABCDEF");
  });
});

describe("users deactivate and reactivate", () => {
  it("deactivates several users and reactivates them", async () => {
    const { emulator } = await exampleOrg();
    const off = await cli(
      ["users", "deactivate", "alan.turing", "W0123ABCDEF", "edsger@example.com", "--format", "ndjson"],
      {
        org: emulator,
      },
    );
    expect(off.code).toBe(0);
    expect(
      ndjson(off.stdout)
        .map((u) => [u["userName"], u["active"]])
        .sort(),
    ).toEqual([
      ["alan.turing", false],
      ["barbara.liskov", false],
      ["edsger.dijkstra", false],
    ]);
    expect(off.stderr).toContain("deactivated 3 of 3 users");
    const client = clientOf(emulator);
    expect((await client.readUser("W0123ABCDEF")).user.active).toBe(false);
    const on = await cli(["users", "reactivate", "W0123ABCDEF"], { org: emulator });
    expect(on.code).toBe(0);
    expect(on.stderr).toContain("reactivated barbara.liskov (W0123ABCDEF)");
    expect((await client.readUser("W0123ABCDEF")).user.active).toBe(true);
  });

  it("changes a user named twice (by userName and by email) once", async () => {
    const { emulator } = await exampleOrg();
    const { code, stderr } = await cli(["users", "deactivate", "alan.turing", "alan@example.com"], {
      org: emulator,
    });
    expect(code).toBe(0);
    expect(stderr).toContain("deactivated alan.turing (WTEST000003)");
  });

  it("changes nothing when a ref does not resolve, and lists every bad ref (exit 2)", async () => {
    const { emulator } = await exampleOrg();
    const { code, stderr } = await cli(
      ["users", "deactivate", "alan.turing", "nobody", "ghost@example.com"],
      { org: emulator },
    );
    expect(code).toBe(2);
    expect(stderr).toContain("2 user refs could not be resolved");
    expect(stderr).toContain('no user matches "nobody"');
    expect(stderr).toContain('no user matches "ghost@example.com"');
    expect(stderr).toContain("nothing was changed");
    expect((await clientOf(emulator).readUser("W0123ABCDEF")).user.active).toBe(true);
  });

  it("shows a progress bar on a terminal for more than a few users", async () => {
    const org = await startOrg({ seed: { users: 7, groups: 0 } });
    // The first seeded user is the primary owner, whom Slack never deactivates.
    const ids = (await clientOf(org).searchUsers({ count: 7 })).users.slice(1).map((u) => u.id as string);
    const { code, stderr } = await cli(["users", "deactivate", ...ids], { org, tty: { columns: 100 } });
    expect(code).toBe(0);
    expect(stderr).toMatch(/deactivating .*6\/6 100%/);
    expect(stderr).toContain("\r\u001b[2K");
  });
});
