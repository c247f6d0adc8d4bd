import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { ConsoleLogger, LogLevel, SCIMClient } from "../src/index.js";
import { silentLogger, token } from "./helpers/clients.js";
import { json, sampleUser, startServer, type TestServer } from "./helpers/server.js";

type Method = "debug" | "info" | "warn" | "error";
const methods: Method[] = ["debug", "info", "warn", "error"];

let printed: Record<Method, MockInstance>;
beforeEach(() => {
  printed = {
    debug: vi.spyOn(console, "debug").mockImplementation(() => {}),
    info: vi.spyOn(console, "info").mockImplementation(() => {}),
    warn: vi.spyOn(console, "warn").mockImplementation(() => {}),
    error: vi.spyOn(console, "error").mockImplementation(() => {}),
  };
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every console line, as `method: text`. */
function lines(): string[] {
  return methods.flatMap((method) =>
    printed[method].mock.calls.map((args) => `${method}: ${args.map(String).join(" ")}`),
  );
}

function logAll(logger: ConsoleLogger): void {
  for (const method of methods) logger[method](`a ${method} line`);
}

describe("ConsoleLogger", () => {
  it("prints info and above by default, and nothing at debug", () => {
    const logger = new ConsoleLogger();
    logAll(logger);
    expect(logger.getLevel()).toBe(LogLevel.INFO);
    expect(lines()).toEqual([
      "info: [INFO] slack-scim a info line",
      "warn: [WARN] slack-scim a warn line",
      "error: [ERROR] slack-scim a error line",
    ]);
  });

  it.each([
    [LogLevel.DEBUG, ["debug", "info", "warn", "error"]],
    [LogLevel.INFO, ["info", "warn", "error"]],
    [LogLevel.WARN, ["warn", "error"]],
    [LogLevel.ERROR, ["error"]],
  ])("at %s prints exactly %j, each through its own console method", (level, expected) => {
    const logger = new ConsoleLogger();
    logger.setLevel(level);
    expect(logger.getLevel()).toBe(level);
    logAll(logger);
    for (const method of methods) {
      expect(printed[method]).toHaveBeenCalledTimes(expected.includes(method) ? 1 : 0);
    }
  });

  it("passes every argument through after the prefix, objects untouched", () => {
    const logger = new ConsoleLogger();
    const detail = { id: "W1" };
    logger.warn("two", detail, 3);
    expect(printed.warn).toHaveBeenCalledWith("[WARN] slack-scim", "two", detail, 3);
  });

  it("prints the name given to setName in the prefix", () => {
    const logger = new ConsoleLogger();
    logger.setName("provisioning");
    logger.error("boom");
    expect(lines()).toEqual(["error: [ERROR] provisioning boom"]);
  });
});

describe("the client's logger", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startServer((_req, res) => json(res, 200, sampleUser()));
  });
  afterEach(() => server.close());

  it("logLevel: debug makes the default console logger print each request and response", async () => {
    const client = new SCIMClient(token, { baseUrl: server.v1, logLevel: LogLevel.DEBUG });
    await client.readUser("W1");
    const debug = lines().filter((line) => line.startsWith("debug:"));
    expect(debug).toHaveLength(2);
    expect(debug[0]).toBe(`debug: [DEBUG] slack-scim → GET ${server.v1}Users/W1`);
    expect(debug[1]).toMatch(
      new RegExp(`^debug: \\[DEBUG\\] slack-scim ← 200 GET ${server.v1}Users/W1 \\(\\d+\\.\\d ms\\)$`),
    );
    expect(lines().join("\n")).not.toContain(token);
  });

  it("prints nothing for a successful call at the default level", async () => {
    const client = new SCIMClient(token, { baseUrl: server.v1 });
    await client.readUser("W1");
    expect(lines()).toEqual([]);
  });

  it("logLevel is applied to a logger passed in the options", async () => {
    const logger = silentLogger();
    const client = new SCIMClient(token, { baseUrl: server.v1, logger, logLevel: LogLevel.DEBUG });
    expect(logger.getLevel()).toBe(LogLevel.DEBUG);
    await client.readUser("W1");
    expect(logger.lines.filter((line) => line.startsWith("debug"))).toHaveLength(2);
    expect(lines()).toEqual([]);
  });
});
