import { afterEach, describe, expect, it } from "vitest";
import { SCIM2Client, SCIMFilter, SCIMFilterError, scimFilter } from "../src/index.js";
import { silentLogger, v1Client } from "./helpers/clients.js";
import { json, startServer, type TestServer } from "./helpers/server.js";

describe("scimFilter", () => {
  it("quotes and escapes interpolated strings so input cannot change the filter's shape", () => {
    const input = 'ana "the ace" \\ or userName pr';
    const f = scimFilter`userName eq ${input}`;
    expect(String(f)).toBe('userName eq "ana \\"the ace\\" \\\\ or userName pr"');
    expect(f.text).toBe(String(f));
  });

  it("keeps unicode as is and escapes control characters", () => {
    expect(String(scimFilter`userName eq ${"zoë.李"}`)).toBe('userName eq "zoë.李"');
    expect(String(scimFilter`userName eq ${"😀"}`)).toBe('userName eq "😀"');
    expect(String(scimFilter`userName eq ${"a\nb\u0001"}`)).toBe('userName eq "a\\nb\\u0001"');
  });

  it("leaves booleans, numbers and null bare and quotes Dates as ISO strings", () => {
    expect(String(scimFilter`restricted eq ${true}`)).toBe("restricted eq true");
    expect(String(scimFilter`restricted eq ${1}`)).toBe("restricted eq 1");
    expect(String(scimFilter`restricted eq ${-2.5}`)).toBe("restricted eq -2.5");
    expect(String(scimFilter`email eq ${null}`)).toBe("email eq null");
    const d = new Date(Date.UTC(2024, 2, 5, 9, 14, 27));
    expect(String(scimFilter`meta.created gt ${d}`)).toBe('meta.created gt "2024-03-05T09:14:27.000Z"');
  });

  it("accepts every operator Slack documents, and/or, parentheses and any case", () => {
    for (const op of ["eq", "co", "sw", "gt", "ge", "lt", "le"]) {
      expect(() => SCIMFilter.parse(`userName ${op} "a"`)).not.toThrow();
    }
    expect(() => SCIMFilter.parse("email pr")).not.toThrow();
    const f = scimFilter`(userName eq ${"a"} or email sw ${"b"}) and restricted eq ${1}`;
    expect(f.text).toBe('(userName eq "a" or email sw "b") and restricted eq 1');
    expect(() => SCIMFilter.parse('UserName EQ "Carly"')).not.toThrow();
  });

  it("inserts a built filter in parentheses", () => {
    const a = scimFilter`userName eq ${"a"} or userName eq ${"b"}`;
    expect(scimFilter`${a} and restricted eq ${1}`.text).toBe(
      '(userName eq "a" or userName eq "b") and restricted eq 1',
    );
  });

  it.each([
    ["a missing value", "userName eq", 11],
    ["a trailing space", "userName eq ", 11],
    ["an unknown operator", 'userName is "a"', 9],
    ["a bare word for a value", "userName eq ada", 12],
    ["single quotes", "restricted eq '1'", 14],
    ["an unterminated string", 'userName eq "ada', 12],
    ["an unclosed parenthesis", '(userName eq "a"', 16],
    ["an unmatched parenthesis", 'userName eq "a")', 15],
    ["a dangling and", 'userName eq "a" and', 16],
    ["two spaces", 'userName  eq "a"', 8],
    ["a leading space", ' userName eq "a"', 0],
    ["a tab", 'userName\teq "a"', 8],
    ["an empty filter", "", 0],
    ["a missing operator", "userName", 8],
    ["a bad escape", 'userName eq "a\\q"', 14],
  ])("throws a TypeError naming the position for %s", (_what, text, position) => {
    let error: unknown;
    try {
      SCIMFilter.parse(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(error).toBeInstanceOf(SCIMFilterError);
    expect((error as SCIMFilterError).position).toBe(position);
    expect((error as Error).message).toContain(`at position ${position}`);
  });

  it("throws when an interpolated value is in the place of an attribute or operator", () => {
    expect(() => scimFilter`${"userName"} eq "a"`).toThrow(SCIMFilterError);
    expect(() => scimFilter`userName ${"eq"} "a"`).toThrow(/position 9/);
    expect(() => scimFilter`userName eq ${"a"} ${"or"} email pr`).toThrow(TypeError);
  });

  it.each([
    ["undefined", undefined],
    ["an object", { a: 1 }],
    ["an array", ["a"]],
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["an invalid Date", new Date("nope")],
    ["a symbol", Symbol("s")],
  ])("refuses %s as a value, naming its position", (_what, value) => {
    expect(() => scimFilter`userName eq ${value}`).toThrow(/value 1 .*|position 12/);
    expect(() => scimFilter`userName eq ${value}`).toThrow(TypeError);
  });

  it("is a TypeError when not used as a tag", () => {
    expect(() => (scimFilter as unknown as (s: string) => unknown)("userName eq 1")).toThrow(TypeError);
  });
});

describe("filters on client methods", () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function listing(): Promise<TestServer> {
    return startServer((_req, res) =>
      json(res, 200, { totalResults: 0, itemsPerPage: 0, startIndex: 1, Resources: [] }),
    );
  }

  it("sends a built filter's text", async () => {
    server = await listing();
    const email = 'ada+"x"@acme.example';
    await v1Client(server.v1).searchUsers({ filter: scimFilter`email eq ${email}`, count: 5 });
    const sent = new URL(server.requests[0]?.url ?? "", "http://x").searchParams.get("filter");
    expect(sent).toBe('email eq "ada+\\"x\\"@acme.example"');
  });

  it("refuses attributes and operators Slack does not accept, before any request", async () => {
    server = await listing();
    const client = v1Client(server.v1);
    await expect(client.searchUsers({ filter: 'title eq "x"' })).rejects.toThrow(SCIMFilterError);
    await expect(client.searchUsers({ filter: scimFilter`title eq ${"x"}` })).rejects.toThrow(/"title"/);
    await expect(client.searchUsers({ filter: 'userName ne "x"' })).rejects.toThrow(/operator "ne"/);
    await expect(client.searchUsers({ filter: 'userName ew "x"' })).rejects.toThrow(TypeError);
    await expect(client.searchUsers({ filter: 'not (userName eq "x")' })).rejects.toThrow(/not/);
    await expect(client.searchGroups({ filter: 'userName eq "x"' })).rejects.toThrow(/displayName/);
    await expect(client.searchUsers({ filter: "userName eq" })).rejects.toThrow(/position 11/);
    await expect(client.searchUsers({ filter: 42 as unknown as string })).rejects.toThrow(TypeError);
    expect(server.requests).toHaveLength(0);
  });

  it("accepts Slack's attributes in any case on both versions", async () => {
    server = await listing();
    const v2 = new SCIM2Client("xoxp-1", { baseUrl: server.v2, logger: silentLogger() });
    for (const filter of ['USERNAME eq "a"', 'email co "@"', "restricted eq 1", "ultra_restricted eq true"]) {
      await v1Client(server.v1).searchUsers({ filter });
      await v2.searchUsers({ filter });
    }
    await v2.searchGroups({ filter: 'displayName sw "eng"' });
    expect(server.requests).toHaveLength(9);
  });

  it("with strictFilters: false, logs a warning for an unknown attribute and sends the filter", async () => {
    server = await listing();
    const lines: string[] = [];
    const client = v1Client(server.v1, { strictFilters: false, logger: silentLogger(lines) });
    await client.searchUsers({ filter: 'title eq "CTO"' });
    expect(server.requests).toHaveLength(1);
    expect(lines.some((l) => l.startsWith("warn") && l.includes('"title"'))).toBe(true);
    await expect(client.searchUsers({ filter: 'title eq "CTO' })).rejects.toThrow(SCIMFilterError);
  });
});
