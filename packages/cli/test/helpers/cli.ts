import { EventEmitter } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { SCIM2Client } from "slack-scim";
import { type EmulatorOptions, type StartedEmulator, startEmulator } from "slack-scim-emulator";
import { afterEach, expect } from "vitest";
import { run } from "../../src/run.js";

/** The token every test org accepts: a secret no output may ever contain. */
export const secret = "xoxp-cli-test-4f1e9c27b8d3a6e5";

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Ids in creation order: the first user created is `W0123ABCDEF` (the examples name it), then `WTEST…`. */
export function exampleIds(): (kind: "user" | "group") => string {
  let users = 0;
  let groups = 0;
  return (kind) => {
    if (kind === "group") return `STEST${String(++groups).padStart(6, "0")}`;
    users += 1;
    return users === 1 ? "W0123ABCDEF" : `WTEST${String(users).padStart(6, "0")}`;
  };
}

/** Starts an emulator accepting {@link secret}; closed after the test. */
export async function startOrg(options: EmulatorOptions = {}): Promise<StartedEmulator> {
  const emulator = await startEmulator({ port: 0, token: secret, ...options });
  cleanups.push(() => emulator.close());
  return emulator;
}

/** A client on `emulator`, for arranging and checking what the CLI did. */
export function clientOf(emulator: StartedEmulator): SCIM2Client {
  const client = new SCIM2Client(secret, { baseUrl: emulator.v2BaseUrl, logLevel: "error" });
  cleanups.push(() => client.close());
  return client;
}

/** The README's `people.csv` for `sync`: the examples read it from their directory. */
export const peopleCsv = `userName,email,givenName,familyName,title,Work Phone,groups
ada.lovelace,ada@example.com,Ada,Lovelace,Principal Analyst,+44 20 7946 0000,pioneers;navy
grace.hopper,grace@example.com,Grace,Hopper,Rear Admiral,,navy
katherine.j,katherine@example.com,Katherine,Johnson,Mathematician,,pioneers
mary.jackson,mary@example.com,Mary,Jackson,Engineer,,
`;

/**
 * The org the examples (help and README) run against: ada.lovelace, alan.turing, barbara.liskov (id
 * W0123ABCDEF), edsger.dijkstra, and the group pioneers with ada in it; plus a directory with the JSON and CSV
 * files the examples read.
 */
export async function exampleOrg(): Promise<{ emulator: StartedEmulator; cwd: string }> {
  const emulator = await startOrg({ ids: exampleIds() });
  const client = clientOf(emulator);
  const person = (userName: string, email: string, givenName: string, familyName: string) =>
    client.createUser({
      userName,
      name: { givenName, familyName },
      title: "Engineer",
      emails: [{ value: email, primary: true }],
    });
  await person("barbara.liskov", "barbara@example.com", "Barbara", "Liskov");
  const { user: ada } = await person("ada.lovelace", "ada@example.com", "Ada", "Lovelace");
  await person("alan.turing", "alan@example.com", "Alan", "Turing");
  await person("edsger.dijkstra", "edsger@example.com", "Edsger", "Dijkstra");
  await client.createGroup({ displayName: "pioneers", members: [{ value: ada.id as string }] });
  const cwd = await tempDir();
  await writeFile(
    join(cwd, "katherine.json"),
    JSON.stringify({
      userName: "katherine.j",
      name: { givenName: "Katherine", familyName: "Johnson" },
      emails: [{ value: "katherine@example.com", primary: true }],
    }),
  );
  await writeFile(
    join(cwd, "ada.json"),
    JSON.stringify({
      userName: "ada.lovelace",
      name: { givenName: "Ada", familyName: "Lovelace" },
      displayName: "Ada",
      emails: [{ value: "ada@example.com", primary: true }],
    }),
  );
  await writeFile(join(cwd, "people.csv"), peopleCsv);
  return { emulator, cwd };
}

/** A temporary directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "slack-scim-cli-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A stream that keeps what is written, optionally pretending to be a terminal. */
export class Collector extends Writable {
  text = "";
  isTTY: boolean | undefined;
  columns: number | undefined;

  constructor(tty?: { columns: number }, highWaterMark?: number) {
    super({ decodeStrings: false, ...(highWaterMark === undefined ? {} : { highWaterMark }) });
    if (tty) {
      this.isTTY = true;
      this.columns = tty.columns;
    }
  }

  override _write(chunk: string | Buffer, _encoding: string, done: () => void): void {
    this.text += String(chunk);
    done();
  }
}

/** How a test runs the command. */
export interface CliOptions {
  /** Environment (besides the token and base URL from `org`). */
  env?: Record<string, string | undefined>;
  /** The org: sets SLACK_SCIM_TOKEN and SLACK_SCIM_BASE_URL (2.0, or 1.1 with `version: 1`). */
  org?: StartedEmulator;
  version?: 1 | 2;
  /** stdout and stderr are terminals this wide. */
  tty?: { columns: number };
  /** Standard input's text, and whether it is a terminal. */
  stdin?: string;
  stdinTTY?: boolean;
  cwd?: string;
  signals?: EventEmitter;
  /** Collects stdout (or stderr) here, to watch a long-running command. */
  stdout?: Collector;
  stderr?: Collector;
}

/** What a run printed and returned. */
export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `slack-scim argv` in process against `org`. Every run's stdout and stderr are scanned for the token:
 * a leak fails the test whatever it asserts.
 */
export async function cli(argv: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  const stdout = options.stdout ?? new Collector(options.tty);
  const stderr = options.stderr ?? new Collector(options.tty);
  const env: Record<string, string | undefined> = {};
  if (options.org) {
    env["SLACK_SCIM_TOKEN"] = secret;
    env["SLACK_SCIM_BASE_URL"] = options.version === 1 ? options.org.v1BaseUrl : options.org.v2BaseUrl;
  }
  Object.assign(env, options.env);
  let stdin: (Readable & { isTTY?: boolean }) | undefined;
  if (options.stdin !== undefined) {
    stdin = Readable.from([options.stdin]);
    if (options.stdinTTY) stdin.isTTY = true;
  }
  const code = await run(argv, {
    env,
    stdout,
    stderr,
    ...(stdin ? { stdin } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
    ...(options.signals ? { signals: options.signals } : {}),
  });
  expectNoSecret(stdout.text, stderr.text);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** Fails when any text holds the token. */
export function expectNoSecret(...texts: string[]): void {
  for (const text of texts) expect(text.includes(secret), "the token appeared in the output").toBe(false);
}

/** Parses NDJSON lines. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A signal source for in-process Ctrl-C. */
export function signalSource(): EventEmitter {
  return new EventEmitter();
}

/** Splits an example command line into words (single and double quotes, no other shell syntax). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const pattern = /'([^']*)'|"((?:[^"\\]|\\.)*)"|([^\s'"]+)/g;
  let word: string | undefined;
  let last = -1;
  for (let match = pattern.exec(line); match; match = pattern.exec(line)) {
    const text = match[1] ?? match[2]?.replace(/\\(.)/g, "$1") ?? match[3] ?? "";
    // Adjacent pieces (title="Principal Analyst") form one word.
    if (word !== undefined && match.index === last) word += text;
    else {
      if (word !== undefined) words.push(word);
      word = text;
    }
    last = match.index + match[0].length;
  }
  if (word !== undefined) words.push(word);
  return words;
}
