import { describe, expect, it } from "vitest";
import { filterText, parseFilterText, parsePathText } from "../src/filter/grammar.js";
import { FilterSyntaxError, tokenize } from "../src/filter/lexer.js";
import { start } from "./helpers/server.js";

/** The emulator's own SCIM filter grammar (RFC 7644 section 3.4.2.2), shared by list filters and PATCH paths. */

function syntaxError(run: () => unknown): FilterSyntaxError {
  try {
    run();
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error("no FilterSyntaxError");
}

describe("filter grammar", () => {
  it("binds and tighter than or, groups with parentheses, and reads not (...)", () => {
    expect(parseFilterText('a eq "1" or b eq "2" and c pr')).toEqual({
      op: "or",
      filters: [
        { op: "eq", attr: "a", value: "1" },
        {
          op: "and",
          filters: [
            { op: "eq", attr: "b", value: "2" },
            { op: "pr", attr: "c" },
          ],
        },
      ],
    });
    expect(parseFilterText('(a eq "1" or b eq "2") AND NOT (c Pr)')).toEqual({
      op: "and",
      filters: [
        {
          op: "or",
          filters: [
            { op: "eq", attr: "a", value: "1" },
            { op: "eq", attr: "b", value: "2" },
          ],
        },
        { op: "not", filter: { op: "pr", attr: "c" } },
      ],
    });
  });

  it("reads every comparison operator in any case, and chains of one operator flat", () => {
    for (const op of ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"]) {
      expect(parseFilterText(`userName ${op.toUpperCase()} "x"`)).toEqual({
        op,
        attr: "userName",
        value: "x",
      });
    }
    expect(parseFilterText("a pr or b pr or c pr")).toMatchObject({ op: "or", filters: [{}, {}, {}] });
  });

  it("reads JSON literals: strings with escapes, numbers, true, false, null, and Slack's single quotes", () => {
    const value = (text: string) => (parseFilterText(`x eq ${text}`) as { value: unknown }).value;
    expect(value(String.raw`"a \"b\" \\ \u00e9 \/"`)).toBe('a "b" \\ é /');
    expect(value("-1.5e3")).toBe(-1500);
    expect(value("0")).toBe(0);
    expect(value("true")).toBe(true);
    expect(value("False")).toBe(false);
    expect(value("null")).toBeNull();
    expect(value(String.raw`'R&D \ Ops'`)).toBe("R&D \\ Ops");
  });

  it("reads value paths, URN-qualified and sub-attribute paths", () => {
    expect(parseFilterText('emails[type eq "work" and value co "@"]')).toEqual({
      op: "[]",
      attr: "emails",
      filter: {
        op: "and",
        filters: [
          { op: "eq", attr: "type", value: "work" },
          { op: "co", attr: "value", value: "@" },
        ],
      },
    });
    const urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department";
    expect(parseFilterText(`${urn} sw "R"`)).toEqual({ op: "sw", attr: urn, value: "R" });
    expect(parseFilterText("name.givenName pr")).toEqual({ op: "pr", attr: "name.givenName" });
  });

  it("says why a filter does not parse, and where", () => {
    const cases: [string, string, number][] = [
      ["userName eq", "end", 11],
      ['a eq "1" or', "end", 11],
      ['(a eq "1"', "end", 9],
      ["userName eq ada", "unexpected", 12],
      ['a eq "1" b', "unexpected", 9],
      ['a xx "1"', "unexpected", 2],
      ['"a" eq "1"', "unexpected", 0],
      ['1a eq "1"', "unexpected", 0],
      ["a eq (", "unexpected", 5],
      ['not a eq "1"', "unexpected", 4],
      ['a[b[c eq "1"]]', "unexpected", 3],
      ['a eq "open', "unterminated", 5],
      ["a eq 'open", "unterminated", 5],
      [String.raw`a eq "\x"`, "escape", 5],
    ];
    for (const [text, reason, at] of cases) {
      const error = syntaxError(() => parseFilterText(text));
      expect({ reason: error.reason, at: error.at }, text).toEqual({ reason, at });
    }
    expect(syntaxError(() => parseFilterText(String.raw`a eq "\q"`)).literal).toBe("\\q");
  });

  it("refuses nesting deeper than 50 parentheses instead of recursing into it", () => {
    const nested = (n: number) => `${"(".repeat(n)}a pr${")".repeat(n)}`;
    expect(parseFilterText(nested(50))).toEqual({ op: "pr", attr: "a" });
    const error = syntaxError(() => parseFilterText(nested(100_000)));
    expect({ reason: error.reason, at: error.at }).toEqual({ reason: "unexpected", at: 50 });
  });

  it("takes unquoted words as values only when asked (Slack's PATCH paths)", () => {
    expect(syntaxError(() => parseFilterText("value eq W1")).reason).toBe("unexpected");
    expect(parseFilterText("value eq W1", { bareWords: true })).toEqual({
      op: "eq",
      attr: "value",
      value: "W1",
    });
  });

  it("writes a filter back as text", () => {
    const text = 'a eq "x" or (b ne 1 and c pr) or not (d eq null) or e[f eq true]';
    expect(filterText(parseFilterText(text))).toBe(text);
  });

  it("tokenizes whitespace of any kind as a separator, keeping offsets", () => {
    expect(tokenize('a\teq\n"x"').map((t) => [t.kind, t.start, t.end])).toEqual([
      ["word", 0, 1],
      ["word", 2, 4],
      ["string", 5, 8],
    ]);
  });
});

describe("PATCH path grammar", () => {
  it("reads an attribute, a sub-attribute, a value path and a value path's sub-attribute", () => {
    expect(parsePathText("title")).toEqual({ attr: "title" });
    expect(parsePathText(" name.givenName ")).toEqual({ attr: "name", sub: "givenName" });
    expect(parsePathText('emails[type eq "work"].value')).toEqual({
      attr: "emails",
      filter: { op: "eq", attr: "type", value: "work" },
      sub: "value",
    });
    expect(parsePathText("members[value eq W1]", { bareWords: true })).toEqual({
      attr: "members",
      filter: { op: "eq", attr: "value", value: "W1" },
    });
    const urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber";
    expect(parsePathText(urn)).toEqual({ attr: urn });
  });

  it("refuses text after the path, a detached sub-attribute and a bad one", () => {
    for (const [text, reason] of [
      ["title extra", "unexpected"],
      ['emails[type eq "work"] .value', "unexpected"],
      ['emails[type eq "work"].1', "unexpected"],
      ['emails[type eq "work"]value', "unexpected"],
      ['emails[type eq "work"', "end"],
      ["", "end"],
      ["a.b.c", "unexpected"],
    ] as const) {
      expect(syntaxError(() => parsePathText(text)).reason, text).toBe(reason);
    }
  });
});

describe("list filters share the grammar's limits", () => {
  it("answers a filter nested 1,500 parentheses deep with invalid_query, not a 500", async () => {
    const { call } = await start();
    const filter = `${"(".repeat(1500)}userName pr${")".repeat(1500)}`;
    const res = await call(2, "GET", `Users?filter=${encodeURIComponent(filter)}`);
    expect(res).toMatchObject({ status: 400, json: { detail: "invalid_query" } });
  });
});
