import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { readDesiredUsers } from "../../src/sync/index.js";
import { issuesOf, tempDir } from "./helpers.js";

const temp = tempDir();
afterAll(() => temp.remove());

describe("readDesiredUsers: NDJSON and JSON", () => {
  it("reads NDJSON line by line: CRLF, a BOM, blank lines, booleans, numbers and group lists", async () => {
    const file = temp.file(
      "people.ndjson",
      '\uFEFF{"userName":"ada","email":"ada@acme.example","active":true,"groups":["Eng"," Ops "],"employeeNumber":1815}\r\n' +
        "\r\n" +
        '{"userName":"grace","email":"grace@acme.example","active":"no","groups":"Eng;Ops","title":null}\r\n',
    );
    const users = await readDesiredUsers(file);
    expect(users).toEqual([
      {
        userName: "ada",
        email: "ada@acme.example",
        active: true,
        groups: ["Eng", "Ops"],
        employeeNumber: "1815",
        source: { file, line: 1 },
      },
      {
        userName: "grace",
        email: "grace@acme.example",
        active: false,
        groups: ["Eng", "Ops"],
        title: null,
        source: { file, line: 3 },
      },
    ]);
  });

  it("reports each bad NDJSON line, and an unknown key once", async () => {
    const text = [
      '{"userName":"ada","email":"ada@acme.example","titel":"x"}',
      "not json",
      "[1,2]",
      '{"userName":"grace","titel":"y","active":"sometimes","groups":[1],"title":{"a":1}}',
    ].join("\n");
    const issues = await issuesOf(
      readDesiredUsers(Readable.from([text]), { format: "ndjson", fileName: "in" }),
    );
    expect(issues.map((i) => [i.line, i.column, i.message.replace(/\(.*\)$/, "(…)")])).toEqual([
      [
        1,
        "titel",
        'unknown key "titel": map it to an attribute, map it to null to ignore it, or set unknownColumns: "ignore"',
      ],
      [2, undefined, "not valid JSON (…)"],
      [3, undefined, "each record must be a JSON object"],
      [4, "active", 'active must be true or false; got "sometimes"'],
      [4, "groups", "groups must be display names separated by ';'"],
      [4, "title", 'title must be text; got {"a":1}'],
      [4, undefined, "email is missing"],
    ]);
  });

  it("reads a JSON array, naming the line each element starts on", async () => {
    const file = temp.file(
      "people.json",
      [
        "[",
        '  {"userName": "ada", "email": "ada@acme.example", "title": "a \\"quoted\\" [title]"},',
        "  {",
        '    "userName": "grace",',
        '    "email": "grace@"',
        "  }",
        "]",
      ].join("\n"),
    );
    const issues = await issuesOf(readDesiredUsers(file));
    expect(issues).toEqual([{ file, line: 3, column: "email", message: '"grace@" is not an email address' }]);
  });

  it("reports JSON that does not parse, or is not an array", async () => {
    const broken = temp.file(
      "broken.json",
      '[\n  {"userName": "ada", "email": "ada@acme.example"},\n  {"userName": "grace", "email": }\n]',
    );
    const [issue] = await issuesOf(readDesiredUsers(broken));
    expect(issue?.line).toBe(3);
    expect(issue?.message).toMatch(/^not valid JSON/);
    const object = temp.file("object.json", '{"users": []}');
    expect(await issuesOf(readDesiredUsers(object))).toEqual([
      { file: object, line: 1, message: "a JSON file must hold an array of objects" },
    ]);
  });

  it("reads objects already parsed, numbering them from 1", async () => {
    const users = await readDesiredUsers(
      [
        { userName: "ada", email: "ada@acme.example" },
        { "Work Email": "grace@acme.example", userName: "grace" },
      ],
      { map: { "Work Email": "email" } },
    );
    expect(users.map((u) => [u.email, u.source])).toEqual([
      ["ada@acme.example", { file: "<array>", line: 1 }],
      ["grace@acme.example", { file: "<array>", line: 2 }],
    ]);
    expect(
      await issuesOf(
        readDesiredUsers(
          [
            { userName: "ada", email: "ada@acme.example", mail: "x" },
            { userName: "ada", email: "b@acme.example", email2: "y" },
          ],
          { fileName: "api", maxErrors: 2 },
        ),
      ),
    ).toEqual([
      {
        file: "api",
        line: 1,
        column: "mail",
        message:
          'unknown key "mail": map it to an attribute, map it to null to ignore it, or set unknownColumns: "ignore"',
      },
      {
        file: "api",
        line: 2,
        column: "email2",
        message:
          'unknown key "email2": map it to an attribute, map it to null to ignore it, or set unknownColumns: "ignore"',
      },
    ]);
  });

  it("stops reading when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort(new Error("stop"));
    await expect(
      readDesiredUsers(Readable.from(['{"userName":"a","email":"a@b.co"}\n']), {
        format: "ndjson",
        signal: controller.signal,
      }),
    ).rejects.toThrow("stop");
  });
});
