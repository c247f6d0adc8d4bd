#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startEmulator } from "./emulator.js";
import type { EmulatorOptions } from "./options.js";

const usage = `Usage: slack-scim-emulator [options]

  --port N            port to listen on (default 8787; 0 picks a free one)
  --host H            interface to bind (default 127.0.0.1)
  --file PATH         keep the org in PATH (created if missing) instead of memory
  --seed-users N      generate N users when the org is empty
  --seed-groups N     generate N groups when the org is empty
  --seed N            random seed of the generated org (default 1)
  --rate-limits MODE  slack | off (default off)
  --token T           accepted admin token (default xoxp-slack-scim-emulator)
  -h, --help          this text
`;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new TypeError(`--${name} must be a non-negative integer`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const options: EmulatorOptions & { port?: number; host?: string } = {};
  try {
    options.port = integer(values.port, "port") ?? 8787;
    if (values.host) options.host = values.host;
    if (values.file) options.storage = { file: values.file };
    const users = integer(values["seed-users"], "seed-users");
    const groups = integer(values["seed-groups"], "seed-groups");
    const random = integer(values.seed, "seed");
    if (users !== undefined || groups !== undefined) {
      options.seed = { users: users ?? 0, groups: groups ?? 0, random: random ?? 1 };
    }
    const mode = values["rate-limits"] ?? "off";
    if (mode !== "slack" && mode !== "off") throw new TypeError("--rate-limits must be slack or off");
    options.rateLimits = mode;
    if (values.token) options.token = values.token;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  const server = await startEmulator(options);
  process.stdout.write(
    `slack-scim-emulator listening\n  SCIM 1.1: ${server.v1BaseUrl}\n  SCIM 2.0: ${server.v2BaseUrl}\n` +
      `  token:    ${server.adminToken}\n  users:    ${server.store.userCount}, groups: ${server.store.groupCount}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await server.close();
  process.stdout.write("slack-scim-emulator stopped\n");
  return 0;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      file: { type: "string" },
      "seed-users": { type: "string" },
      "seed-groups": { type: "string" },
      seed: { type: "string" },
      "rate-limits": { type: "string" },
      token: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`slack-scim-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
