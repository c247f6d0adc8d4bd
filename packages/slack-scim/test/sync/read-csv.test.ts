import { execFile } from "node:child_process";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { isSCIMError } from "../../src/index.js";
import { readDesiredUsers, SyncInputError } from "../../src/sync/index.js";
import { issuesOf, tempDir } from "./helpers.js";

const temp = tempDir();
afterAll(() => temp.remove());

let n = 0;
/** Writes `text` to a fresh .csv file and reads it. */
function read(text: string, options: Parameters<typeof readDesiredUsers>[1] = {}, ext = "csv") {
  n += 1;
  return readDesiredUsers(temp.file(`people-${n}.${ext}`, text), options);
}
/** The issues of reading `text`, with the file name dropped. */
async function problems(text: string, options: Parameters<typeof readDesiredUsers>[1] = {}) {
  const issues = await issuesOf(read(text, options));
  return issues.map(({ file: _file, ...rest }) => rest);
}

describe("readDesiredUsers: CSV", () => {
  it("reads a BOM, CRLF line ends, quoted commas and line breaks, and trailing empty lines", async () => {
    const text =
      "\uFEFFuserName,email,givenName,title,groups,active\r\n" +
      'ada,ada@acme.example,Ada,"Analyst, Senior","Engineering; Analytics",\r\n' +
      'grace,grace@acme.example,Grace,"Rear\r\nAdmiral",,false\r\n' +
      "\r\n" +
      'cal,cal@acme.example,"Cal ""the pal""",CTO,Engineering,yes\r\n' +
      "\r\n\r\n,,,,,\r\n";
    const users = await read(text);
    // Frozen, list and records: planSync need not check them again.
    expect(
      Object.isFrozen(users) && users.every((u) => Object.isFrozen(u) && Object.isFrozen(u.groups)),
    ).toBe(true);
    expect(users.map(({ source, ...u }) => [source?.line, u])).toEqual([
      [
        2,
        {
          userName: "ada",
          email: "ada@acme.example",
          givenName: "Ada",
          title: "Analyst, Senior",
          groups: ["Engineering", "Analytics"],
        },
      ],
      [
        3,
        {
          userName: "grace",
          email: "grace@acme.example",
          givenName: "Grace",
          title: "Rear\nAdmiral",
          groups: [],
          active: false,
        },
      ],
      [
        6,
        {
          userName: "cal",
          email: "cal@acme.example",
          givenName: 'Cal "the pal"',
          title: "CTO",
          groups: ["Engineering"],
          active: true,
        },
      ],
    ]);
  });

  it("reads every documented column, headers in any case, and maps other headers", async () => {
    const text = [
      "USERNAME,Work Email,givenname,familyName,displayName,title,department,division,organization,costCenter,Employee ID,manager,phone,externalId,Badge",
      "ada,ada@acme.example,Ada,Lovelace,Ada L,Analyst,Engines,R&D,Acme,CC-1,1815,grace,+44 20 7946 0000,okta-1,blue",
    ].join("\n");
    const [user] = await read(text, {
      map: { "Work Email": "email", "employee id": "employeeNumber", Badge: null },
    });
    expect(user).toMatchObject({
      userName: "ada",
      email: "ada@acme.example",
      givenName: "Ada",
      familyName: "Lovelace",
      displayName: "Ada L",
      title: "Analyst",
      department: "Engines",
      division: "R&D",
      organization: "Acme",
      costCenter: "CC-1",
      employeeNumber: "1815",
      manager: "grace",
      phone: "+44 20 7946 0000",
      externalId: "okta-1",
    });
    expect(Object.keys(user ?? {})).not.toContain("Badge");
  });

  it("reads a stream, a .tsv file, and a file without a final line break", async () => {
    const stream = Readable.from([Buffer.from("userName,email\nada,ada@acme."), Buffer.from("example\n")]);
    const fromStream = await readDesiredUsers(stream, { format: "csv", fileName: "hr-export" });
    expect(fromStream).toEqual([
      { userName: "ada", email: "ada@acme.example", source: { file: "hr-export", line: 2 } },
    ]);
    const tsv = await read("userName\temail\nada\tada@acme.example", {}, "tsv");
    expect(tsv.map((u) => u.email)).toEqual(["ada@acme.example"]);
  });

  it("clears attributes for empty cells, or keeps them with emptyValues: keep", async () => {
    const text = "userName,email,title,givenName,familyName,manager,externalId\nada,ada@acme.example,,,,,\n";
    const [cleared] = await read(text);
    // Both name parts empty leave the name alone: Slack refuses a user without one.
    expect(cleared).toMatchObject({ title: null, manager: null });
    expect(cleared).not.toHaveProperty("givenName");
    expect(cleared).not.toHaveProperty("externalId");
    const [kept] = await read(text, { emptyValues: "keep" });
    expect(kept).not.toHaveProperty("title");
  });

  it("reports every bad record at once, each with its line, column and reason", async () => {
    const text = [
      "userName,email,displayName,active,manager",
      "ada,ada@acme.example,Ada,true,",
      "Ada,ada2@acme.example,,,",
      "grace,ADA@acme.example,,,",
      "a.very.long.user.name.x,long@acme.example,,,",
      "cal henderson,cal@acme.example,@cal,,",
      "dan,dan@acme,<dan>,maybe,dan",
      "eve,eve@acme.example,Eve 🎉,,here",
      "slackbot,bot@acme.example,here,,",
    ].join("\n");
    expect(await problems(text)).toEqual([
      { line: 3, column: "userName", columnNumber: 1, message: 'userName "Ada" is already used on line 2' },
      {
        line: 4,
        column: "email",
        columnNumber: 2,
        message: 'email "ADA@acme.example" is already used on line 2',
      },
      {
        line: 5,
        column: "userName",
        columnNumber: 1,
        message: 'userName "a.very.long.user.name.x" has 23 characters; Slack allows at most 21',
      },
      {
        line: 6,
        column: "userName",
        columnNumber: 1,
        message:
          'userName "cal henderson" has characters Slack does not keep (" "); use letters, digits, ".", "_" and "-"',
      },
      {
        line: 6,
        column: "displayName",
        columnNumber: 3,
        message: 'displayName "@cal" starts with "@", which Slack refuses',
      },
      { line: 7, column: "email", columnNumber: 2, message: '"dan@acme" is not an email address' },
      {
        line: 7,
        column: "displayName",
        columnNumber: 3,
        message: 'displayName "<dan>" contains "<", which Slack refuses',
      },
      { line: 7, column: "active", columnNumber: 4, message: 'active must be true or false; got "maybe"' },
      {
        line: 8,
        column: "displayName",
        columnNumber: 3,
        message: 'displayName "Eve 🎉" contains an emoji, which Slack refuses',
      },
      {
        line: 8,
        column: "manager",
        columnNumber: 5,
        message: 'manager: userName "here" is reserved by Slack',
      },
      { line: 9, column: "userName", columnNumber: 1, message: 'userName "slackbot" is reserved by Slack' },
      {
        line: 9,
        column: "displayName",
        columnNumber: 3,
        message: 'displayName "here" is a word Slack reserves for mentions',
      },
    ]);
  });

  it("reports a manager who is the person themselves, and with managers: file, a manager nobody in the file is", async () => {
    const text =
      "userName,email,manager\nada,ada@acme.example,ADA@acme.example\ngrace,grace@acme.example,nobody\n";
    expect(await problems(text)).toEqual([
      {
        line: 2,
        column: "manager",
        columnNumber: 3,
        message: '"ADA@acme.example" is this person\'s own manager',
      },
    ]);
    const ok = "userName,email,manager\nada,ada@acme.example,\ngrace,grace@acme.example,nobody\n";
    expect(await read(ok)).toHaveLength(2);
    expect(await problems(ok, { managers: "file" })).toEqual([
      { line: 3, column: "manager", columnNumber: 3, message: 'manager "nobody" names nobody in the file' },
    ]);
  });

  it("reports header problems once, on line 1, before reading any record", async () => {
    const text = "userName,titel,,Title,title\nada,x,y,z,w\n";
    expect(await problems(text)).toEqual([
      {
        line: 1,
        column: "titel",
        columnNumber: 2,
        message:
          'unknown column "titel": map it to an attribute (map: { "titel": "title" }), map it to null to ignore it, or set unknownColumns: "ignore"',
      },
      { line: 1, column: "#3", columnNumber: 3, message: "the header is empty" },
      { line: 1, column: "title", columnNumber: 5, message: "column 4 already gives title" },
      { line: 1, message: "required column email is missing" },
    ]);
    const ignored = "userName,email,titel\nada,ada@acme.example,x\n";
    expect(await read(ignored, { unknownColumns: "ignore" })).toHaveLength(1);
  });

  it("names the line of a malformed record, after records with line breaks inside quotes", async () => {
    const head = 'userName,email,title\nada,ada@acme.example,"two\nlines"\n';
    expect(await problems(`${head}bob,bob@acme.example,"never closed\ncal,cal@acme.example,x\n`)).toEqual([
      { line: 4, message: "a quoted field is never closed (its opening quote is in this record)" },
    ]);
    expect(await problems(`${head}bob,bob@acme.example,Ana"lyst"\n`)).toEqual([
      {
        line: 4,
        message:
          'a quote in the middle of a field; put the whole field in quotes and double the quotes inside it ("")',
      },
    ]);
    expect(await problems(`${head}bob,bob@acme.example,"Analyst" Senior\n`)).toEqual([
      {
        line: 4,
        message:
          'text after a closing quote; put the whole field in quotes and double the quotes inside it ("")',
      },
    ]);
    expect(await problems(`${head}bob,bob@acme.example\ncal,cal@acme.example,x,y\n`)).toEqual([
      {
        line: 4,
        message: "the record has 2 fields; the header has 3 (a quote or a delimiter out of place?)",
      },
      {
        line: 5,
        message: "the record has 4 fields; the header has 3 (a quote or a delimiter out of place?)",
      },
    ]);
  });

  it("reports an empty file, and reads a header-only file as nobody", async () => {
    expect(await problems("")).toEqual([{ line: 1, message: "the file has no header row" }]);
    expect(await problems("\r\n\r\n")).toEqual([{ line: 1, message: "the file has no header row" }]);
    expect(await read("userName,email\r\n")).toEqual([]);
  });

  it("stops at maxErrors and says there were more", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `user${i},not-an-email`);
    const error = await read(["userName,email", ...rows].join("\n"), { maxErrors: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(SyncInputError);
    expect(isSCIMError(error)).toBe(true);
    expect(error.code).toBe("slack_scim_sync_input_error");
    expect(error.issues).toHaveLength(5);
    expect(error.truncated).toBe(true);
    expect(error.message).toMatch(/^Sync input is not valid \(5\+ problems\); nothing was planned:\n/);
    expect(error.message).toContain(`people-${n}.csv:2:2 (email): "not-an-email" is not an email address`);
    expect(error.message).toMatch(/… and more; fix these and read the file again$/);
  });

  it("refuses bad options with a TypeError or RangeError naming them", async () => {
    await expect(read("a", { format: "xml" as "csv" })).rejects.toThrow(/option format must be one of/);
    await expect(read("a", { delimiter: '"' })).rejects.toThrow(/option delimiter/);
    await expect(read("a", { maxErrors: 0 })).rejects.toThrow(RangeError);
    await expect(read("a", { map: { Email: "mail" as "email" } })).rejects.toThrow(
      /option map\["Email"\] must be one of userName, email/,
    );
    await expect(readDesiredUsers(Readable.from(["x"]))).rejects.toThrow(
      /option format is required for a stream/,
    );
    await expect(readDesiredUsers(temp.file("people.xml", "x"))).rejects.toThrow(/option format is required/);
    await expect(readDesiredUsers(42 as unknown as string)).rejects.toThrow(/source must be a path/);
  });

  it("asks for csv-parse, by name, when it is not installed", async () => {
    // A resolve hook in a child process refuses the "csv-parse" specifier, as if it were not installed.
    const hook = `data:text/javascript,${encodeURIComponent(
      'export async function resolve(s, c, next) { if (s === "csv-parse") throw new Error("Cannot find package \'csv-parse\'"); return next(s, c); }',
    )}`;
    const file = temp.file("hook.csv", "userName,email\nada,ada@acme.example\n");
    const json = temp.file("hook.ndjson", '{"userName":"ada","email":"ada@acme.example"}\n');
    const script = [
      'import { register } from "node:module";',
      `register(${JSON.stringify(hook)});`,
      'const { readDesiredUsers } = await import("slack-scim/sync");',
      `console.log((await readDesiredUsers(${JSON.stringify(json)})).length);`,
      `await readDesiredUsers(${JSON.stringify(file)}).catch((e) => console.log(e.message));`,
    ].join("\n");
    const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", script], {
      cwd: fileURLToPath(new URL("../../", import.meta.url)),
    });
    expect(stdout.trim().split("\n")).toEqual([
      "1",
      'Reading CSV needs the "csv-parse" package, an optional peer dependency of slack-scim: run `npm install csv-parse`',
    ]);
  });
});
