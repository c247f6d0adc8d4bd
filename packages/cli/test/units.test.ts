import { describe, expect, it } from "vitest";
import { clearedBy } from "../src/cleared.js";
import { jsonErrorOffset, lineAndColumn } from "../src/json-input.js";
import { cellText, columnsFor, project } from "../src/output/fields.js";
import { clock, formatProgress, ProgressBar } from "../src/output/progress.js";
import { cleanCell, fitWidths, tableLine, truncate } from "../src/output/table.js";
import { terminalOf } from "../src/output/terminal.js";
import { Redactor, secretsOf } from "../src/redact.js";
import { batches } from "../src/walk.js";

describe("tables", () => {
  it("fit the terminal by shrinking the widest columns first, then cut cells with …", () => {
    const rows = [["W1", "a-very-long-user-name", "x"]];
    expect(fitWidths(["id", "userName", "ok"], rows, 80)).toEqual([2, 21, 2]);
    expect(fitWidths(["id", "userName", "ok"], rows, 20)).toEqual([2, 12, 2]);
    expect(tableLine(rows[0] as string[], [2, 12, 2])).toBe("W1  a-very-long…  x");
    expect(truncate("abc", 1)).toBe("…");
    expect(truncate("abc", 0)).toBe("");
    expect(cleanCell("two\nlines\tand\u001b[31m")).toBe("two lines and [31m");
  });
});

describe("progress", () => {
  it("shows count, total, percent, rate and ETA, within the width", () => {
    const line = formatProgress(
      { label: "exporting users", count: 25_000, total: 100_000, elapsedMs: 5_000 },
      100,
    );
    expect(line).toBe("exporting users ▕████████░░░░░░░░░░░░░░░░░░░░░░▏ 25,000/100,000 25% 5,000/s ETA 0:15");
    expect(formatProgress({ label: "x", count: 0, total: 10, elapsedMs: 0 }, 80)).toContain(
      "0/10 0% 0/s ETA –",
    );
    expect(formatProgress({ label: "listing", count: 1234, total: undefined, elapsedMs: 1000 }, 80)).toBe(
      "listing 1,234 1,234/s",
    );
    expect(formatProgress({ label: "narrow", count: 5, total: 10, elapsedMs: 1000 }, 30)).toBe(
      "narrow 5/10 50% 5/s ETA 0:01",
    );
    expect(clock(3725)).toBe("1:02:05");
  });

  it("redraws at most every 100 ms, and always at the end", () => {
    let now = 0;
    const writes: string[] = [];
    const terminal = {
      ...terminalOf({ write: () => true, on: () => 0, off: () => 0 }, { env: {}, color: false }),
      columns: 80,
    };
    const bar = new ProgressBar((text) => writes.push(text), terminal, "work", { total: 3, now: () => now });
    bar.tick();
    now = 50;
    bar.tick();
    expect(writes).toHaveLength(1);
    now = 150;
    bar.tick();
    expect(writes).toHaveLength(2);
    expect(writes[1]).toContain("3/3 100%");
    bar.done();
    expect(writes[2]).toBe("\r\u001b[2K");
    expect(bar.count).toBe(3);
  });
});

describe("fields", () => {
  it("read 1.1 and 2.0 extension blocks, primary entries and paths", () => {
    const v1 = {
      id: "W1",
      emails: [{ value: "b@x" }, { value: "a@x", primary: true }],
      "urn:scim:schemas:extension:enterprise:1.0": { department: "R&D", manager: { managerId: "W2" } },
    };
    const columns = columnsFor("users", ["email", "emails", "department", "managerId", "name.givenName"]);
    expect(project(v1, columns)).toEqual({
      email: "a@x",
      emails: ["b@x", "a@x"],
      department: "R&D",
      managerId: "W2",
      "name.givenName": null,
    });
    const urn = columnsFor("users", [
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    ]);
    expect(
      urn[0]?.get({ "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "Ops" } }),
    ).toBe("Ops");
    expect(() => columnsFor("groups", ["title"])).toThrow('unknown field "title"');
  });

  it("turn values into cell text", () => {
    expect([
      cellText(null),
      cellText(3),
      cellText(false),
      cellText(["a", 1]),
      cellText([{ a: 1 }]),
      cellText({ a: 1 }),
    ]).toEqual(["", "3", "false", "a;1", '[{"a":1}]', '{"a":1}']);
  });
});

describe("what a PUT clears", () => {
  it("lists set attributes the new object leaves out, but not those Slack keeps or defaults", () => {
    const current = {
      id: "W1",
      userName: "ada",
      nickName: "ada",
      name: { givenName: "Ada", familyName: "L", honorificPrefix: "Dr" },
      title: "Analyst",
      timezone: "America/Los_Angeles",
      active: true,
      photos: [{ value: "https://a.slack-edge.com/80588/img/avatars/ava_0001-192.png" }],
      phoneNumbers: [{ value: "+1 555" }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R", division: "D" },
      displayName: "",
    };
    const desired = {
      userName: "ada",
      name: { givenName: "Ada", familyName: "L" },
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { department: "R" },
    };
    expect(clearedBy(current, desired)).toEqual([
      "name.honorificPrefix",
      "title",
      "phoneNumbers",
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division",
    ]);
    expect(clearedBy({ ...current, timezone: "Europe/London", nickName: "countess" }, current)).toEqual([]);
    expect(
      clearedBy({ userName: "ada", nickName: "countess", timezone: "Europe/London" }, { userName: "ada" }),
    ).toEqual(["nickName", "timezone"]);
  });
});

describe("JSON positions", () => {
  it("finds the first character that breaks the grammar", () => {
    for (const [text, offset] of [
      ['{"a": 1}', -1],
      ['{"a": [1, 2,]}', 12],
      ['{"a" 1}', 5],
      ['{"a": tru}', 6],
      ['{"a": "x}', 9],
      ['{"a": "\n"}', 7],
      ['{"a": 1} x', 9],
      ['{"a": {}, "b": [], "c": -1.5e3, "d": "\\"", "e": null}', -1],
      ["", 0],
    ] as const) {
      expect(jsonErrorOffset(text), text).toBe(offset);
    }
    expect(lineAndColumn("ab\ncd\nef", 7)).toEqual({ line: 3, column: 2 });
    expect(lineAndColumn("ab", 0)).toEqual({ line: 1, column: 1 });
  });
});

describe("secrets", () => {
  it("are replaced wherever they appear, from the environment and --token", () => {
    const secrets = secretsOf(["--token", "xoxp-aaaaaaaa", "--token=xoxp-bbbbbbbb"], {
      SLACK_SCIM_TOKEN: "xoxp-cccccccc",
    });
    expect(secrets.sort()).toEqual(["xoxp-aaaaaaaa", "xoxp-bbbbbbbb", "xoxp-cccccccc"]);
    const redactor = new Redactor();
    for (const secret of secrets) redactor.add(secret);
    redactor.add("short");
    expect(redactor.apply("a xoxp-aaaaaaaa b xoxp-cccccccc xoxp-aaaaaaaa short")).toBe(
      "a [redacted] b [redacted] [redacted] short",
    );
  });
});

describe("batches", () => {
  async function* numbers(n: number, log: string[]) {
    try {
      for (let i = 0; i < n; i += 1) {
        log.push(`pull ${i}`);
        yield i;
      }
      log.push("end");
    } finally {
      log.push("closed");
    }
  }

  it("hands over full batches before pulling more, and the rest at the end", async () => {
    const log: string[] = [];
    const seen: string[] = [];
    for await (const batch of batches(numbers(25, log), 10)) {
      seen.push(`${batch[0]}..${batch.at(-1)} after ${log.at(-1)}`);
    }
    expect(seen).toEqual(["0..9 after pull 9", "10..19 after pull 19", "20..24 after closed"]);
  });

  it("stops pulling at the limit and closes the source", async () => {
    const log: string[] = [];
    const seen: number[] = [];
    for await (const batch of batches(numbers(100, log), 10, 15)) seen.push(...batch);
    expect(seen).toHaveLength(15);
    expect(log.at(-2)).toBe("pull 14");
    expect(log.at(-1)).toBe("closed");
  });

  it("passes on the source's error after the items before it", async () => {
    async function* failing() {
      yield 1;
      yield 2;
      throw new Error("page 2 failed");
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const batch of batches(failing(), 10)) seen.push(...batch);
      })(),
    ).rejects.toThrow("page 2 failed");
    expect(seen).toEqual([1, 2]);
  });
});

describe("SignalRelay", () => {
  it("keeps a Ctrl-C that comes before anyone listens, and hands it over on registration", async () => {
    const { EventEmitter } = await import("node:events");
    const { SignalRelay } = await import("../src/signal-relay.js");
    const source = new EventEmitter();
    const relay = new SignalRelay(source);
    source.emit("SIGINT");
    const heard: string[] = [];
    relay.once("SIGINT", () => heard.push("late"));
    await Promise.resolve();
    expect(heard).toEqual(["late"]);
    const ignored = () => heard.push("removed");
    relay.once("SIGTERM", ignored);
    relay.off("SIGTERM", ignored);
    source.emit("SIGTERM");
    expect(heard).toEqual(["late"]);
    relay.close();
    expect(source.listenerCount("SIGINT") + source.listenerCount("SIGTERM")).toBe(0);
  });
});
