import { checkFault, type Fault } from "./faults/fault.js";
import type { RateLimitTable } from "./rate-table.js";

/** Success statuses of the write endpoints, per version (docs/behaviour.md, Success statuses). */
export interface SuccessStatuses {
  /** `POST /Users`. */
  createUser: number;
  /** `PATCH /Users/{id}`. */
  patchUser: number;
  /** `PUT /Users/{id}`. */
  updateUser: number;
  /** `DELETE /Users/{id}` (always an empty body). */
  deleteUser: number;
  /** `POST /Groups`. */
  createGroup: number;
  /** `PATCH /Groups/{id}`; 204 answers without a body. */
  patchGroup: number;
  /** `PUT /Groups/{id}`. */
  updateGroup: number;
  /** `DELETE /Groups/{id}` (always an empty body). */
  deleteGroup: number;
}

/** Rate limiting: off, Slack's published limits, or those limits `scale` times faster. */
export type RateLimitOption =
  | "off"
  | "slack"
  | {
      /** Multiplies every per-minute rate (bucket sizes stay Slack's bursts). @defaultValue 1 */
      scale?: number;
      /** A custom table instead of Slack's. @defaultValue Slack's published table */
      table?: RateLimitTable;
    };

/** Where the org lives. */
export type StorageOption =
  | "memory"
  | {
      /** Path of the journal file; created if missing, replayed on start. */
      file: string;
      /**
       * Rewrite the file as a snapshot once the lines since the last one reach this and the live record count.
       * @defaultValue 10000
       */
      compactEvery?: number;
    };

/** A deterministic generated org. */
export interface SeedOption {
  /** Number of users. */
  users?: number;
  /** Number of groups. */
  groups?: number;
  /** Seed of the pseudo-random generator. @defaultValue 1 */
  random?: number;
}

/** Options of {@link createEmulator}. Every field is optional. */
export interface EmulatorOptions {
  /** The admin token the emulator accepts. @defaultValue `"xoxp-slack-scim-emulator"` */
  token?: string;
  /** Further accepted tokens. */
  tokens?: readonly string[];
  /** Clock, in milliseconds or as a `Date` (the name the public API gives it). @defaultValue `Date.now` */
  clock?: () => number | Date;
  /** Alias of `clock` (give one or the other). */
  now?: () => number | Date;
  /** Id generator for new users (`W…`) and groups (`S…`). @defaultValue random, collision-checked */
  ids?: (kind: "user" | "group") => string;
  /** Time zone whose numeric offset `meta.created` carries. @defaultValue `"America/Los_Angeles"` */
  timeZone?: string;
  /** Org subdomain used in `profileUrl`. @defaultValue `"emulator"` */
  orgDomain?: string;
  /** Storage. @defaultValue `"memory"` */
  storage?: StorageOption;
  /** Generated org loaded when the store is empty (at start and on `reset()`). */
  seed?: SeedOption;
  /** Rate limits. @defaultValue `"off"` */
  rateLimits?: RateLimitOption;
  /** Per-resource write lock in ms: another write to a user or group within this long of an applied write to it gets 429. @defaultValue 0 */
  lockWindowMs?: number;
  /** Faults applied by option; the array stays mutable as `emulator.faults`. */
  faults?: Fault[];
  /** Honour the `x-emulator-fault` request header. @defaultValue true */
  faultHeader?: boolean;
  /**
   * SCIM 2.0 error body style: `"mixed"` (1.1 `Errors` shape for auth errors, RFC shape otherwise), `"rfc"` or
   * `"legacy"`. 429 bodies follow `rateLimitErrorBody`. @defaultValue `"mixed"`
   */
  v2ErrorStyle?: "mixed" | "rfc" | "legacy";
  /** Type of `status` in 2.0 RFC-style error bodies. @defaultValue `"number"` (documented) */
  v2ErrorStatusType?: "number" | "string";
  /**
   * How long (ms) reads keep showing `active: true` after a DELETE or an `active: false` write: Slack's
   * deactivation shows up a few seconds late (docs/behaviour.md). Reactivating ends the delay; `emulator.store` always
   * holds the truth. @defaultValue 0
   */
  deactivationDelayMs?: number;
  /**
   * How long (ms) reads keep showing a user's previous photo (or the default avatar) after a write that sets a new
   * one: Slack processes photos asynchronously. The write's own answer always shows the previous photo.
   * `emulator.store` always holds the truth. @defaultValue 0
   */
  photoDelayMs?: number;
  /**
   * A 2.0 group PATCH `remove` on path `members` with a `value` list (docs/behaviour.md, Groups): `"listed"` removes only the
   * listed members (RFC 7644, Entra), `"all"` removes every member. @defaultValue `"listed"`
   */
  groupRemoveMembersWithValue?: "listed" | "all";
  /**
   * Body of a 429 (rate limit, write lock, injected fault; docs/behaviour.md): `"legacy"` is the 1.1 `Errors` shape on
   * both versions, whatever `v2ErrorStyle` says; `"version"` is the version's own shape (on 2.0 as `v2ErrorStyle`
   * shapes its other errors, so RFC unless that is `"legacy"`). @defaultValue `"legacy"`
   */
  rateLimitErrorBody?: "legacy" | "version";
  /**
   * Refuse a request body whose `Content-Type` is not `application/json` or `application/scim+json` (parameters
   * such as `charset` allowed) with 415 `unsupported_media_type`. Slack documents `application/json` for request
   * bodies but not what it does with another type, so by default the emulator reads any body as JSON.
   * @defaultValue false
   */
  strictContentType?: boolean;
  /** Success statuses of SCIM 1.1 writes (defaults observed: 201/200/200/200/201/204/200/204). */
  v1Statuses?: Partial<SuccessStatuses>;
  /** Success statuses of SCIM 2.0 writes (defaults: 201/200/200/204/201/200/200/204). */
  v2Statuses?: Partial<SuccessStatuses>;
}

/** SCIM 1.1 success statuses as observed. */
export const v1DefaultStatuses: SuccessStatuses = Object.freeze({
  createUser: 201,
  patchUser: 200,
  updateUser: 200,
  deleteUser: 200,
  createGroup: 201,
  patchGroup: 204,
  updateGroup: 200,
  deleteGroup: 204,
});

/** SCIM 2.0 success statuses: DELETE /Users documented, the rest inferred. */
export const v2DefaultStatuses: SuccessStatuses = Object.freeze({
  createUser: 201,
  patchUser: 200,
  updateUser: 200,
  deleteUser: 204,
  createGroup: 201,
  patchGroup: 200,
  updateGroup: 200,
  deleteGroup: 204,
});

function oneOf(name: string, value: unknown, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value as string)) {
    throw new TypeError(`${name} must be ${allowed.map((a) => `"${a}"`).join(" or ")}`);
  }
}

function nonNegative(name: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError(`${name} must be a number`);
  if (value < 0) throw new RangeError(`${name} must be 0 or more`);
}

function count(name: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value))
    throw new TypeError(`${name} must be an integer`);
  if (value < min) throw new RangeError(`${name} must be ${min} or more`);
}

function ofType(name: string, value: unknown, type: "string" | "function" | "boolean"): void {
  if (value !== undefined && typeof value !== type) throw new TypeError(`${name} must be a ${type}`);
}

function plainObject(name: string, value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`${name} must be an object`);
  }
  return true;
}

function knownKeys(name: string, value: Record<string, unknown>, keys: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!keys.includes(key)) throw new TypeError(`${name}: unknown option "${key}"`);
  }
}

const optionNames = [
  "token",
  "tokens",
  "clock",
  "now",
  "ids",
  "timeZone",
  "orgDomain",
  "storage",
  "seed",
  "rateLimits",
  "lockWindowMs",
  "faults",
  "faultHeader",
  "v2ErrorStyle",
  "v2ErrorStatusType",
  "deactivationDelayMs",
  "photoDelayMs",
  "groupRemoveMembersWithValue",
  "rateLimitErrorBody",
  "strictContentType",
  "v1Statuses",
  "v2Statuses",
  // startEmulator's listen options travel in the same object.
  "port",
  "host",
] as const;

function checkStatuses(name: string, value: unknown): void {
  if (value === undefined || !plainObject(name, value)) return;
  knownKeys(name, value, Object.keys(v1DefaultStatuses));
  for (const [key, status] of Object.entries(value)) {
    if (status === undefined) continue;
    count(`${name}.${key}`, status, 200);
    if ((status as number) > 299) throw new RangeError(`${name}.${key} must be a success status (200-299)`);
  }
}

function checkStorage(value: unknown): void {
  if (value === undefined || value === "memory") return;
  if (typeof value === "string") {
    throw new TypeError(`storage must be "memory" or { file: "${value}" }, not a bare string`);
  }
  if (!plainObject("storage", value)) return;
  knownKeys("storage", value, ["file", "compactEvery"]);
  if (typeof value["file"] !== "string" || value["file"] === "") {
    throw new TypeError("storage.file must be a non-empty string");
  }
  count("storage.compactEvery", value["compactEvery"], 1);
}

function checkRateLimits(value: unknown): void {
  if (value === undefined || value === "off" || value === "slack") return;
  if (typeof value === "string")
    throw new TypeError('rateLimits must be "off", "slack" or { scale?, table? }');
  if (!plainObject("rateLimits", value)) return;
  knownKeys("rateLimits", value, ["scale", "table"]);
  const scale = value["scale"];
  if (scale !== undefined && (typeof scale !== "number" || !(scale > 0) || !Number.isFinite(scale))) {
    throw new RangeError("rateLimits.scale must be a positive number");
  }
  if (value["table"] !== undefined) plainObject("rateLimits.table", value["table"]);
}

function checkSeed(value: unknown): void {
  if (value === undefined || !plainObject("seed", value)) return;
  knownKeys("seed", value, ["users", "groups", "random"]);
  count("seed.users", value["users"], 0);
  count("seed.groups", value["groups"], 0);
  count("seed.random", value["random"], Number.MIN_SAFE_INTEGER);
}

/**
 * Checks every option, so a typo fails loudly instead of being ignored or misread: `TypeError` (wrong type,
 * unknown name or choice) or `RangeError` (out of range) naming the option.
 */
export function validateOptions(options: EmulatorOptions): void {
  plainObject("options", options);
  knownKeys("createEmulator options", options as unknown as Record<string, unknown>, optionNames);
  if (options.token !== undefined && (typeof options.token !== "string" || options.token.trim() === "")) {
    throw new TypeError("token must be a non-empty string");
  }
  if (
    options.tokens !== undefined &&
    (!Array.isArray(options.tokens) || !options.tokens.every((t) => typeof t === "string" && t !== ""))
  ) {
    throw new TypeError("tokens must be a list of non-empty strings");
  }
  ofType("clock", options.clock, "function");
  ofType("now", options.now, "function");
  if (options.clock !== undefined && options.now !== undefined) {
    throw new TypeError("give clock or now (its alias), not both");
  }
  ofType("ids", options.ids, "function");
  ofType("timeZone", options.timeZone, "string");
  if (options.timeZone !== undefined) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: options.timeZone });
    } catch {
      throw new RangeError(`timeZone: unknown time zone "${options.timeZone}"`);
    }
  }
  ofType("orgDomain", options.orgDomain, "string");
  if (options.orgDomain !== undefined && !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/i.test(options.orgDomain)) {
    throw new TypeError("orgDomain must be a host name part (letters, digits, - and .)");
  }
  checkStorage(options.storage);
  checkSeed(options.seed);
  checkRateLimits(options.rateLimits);
  nonNegative("lockWindowMs", options.lockWindowMs);
  nonNegative("deactivationDelayMs", options.deactivationDelayMs);
  nonNegative("photoDelayMs", options.photoDelayMs);
  if (options.faults !== undefined) {
    if (!Array.isArray(options.faults)) throw new TypeError("faults must be an array");
    options.faults.forEach((fault, i) => {
      checkFault(fault, `faults[${i}]`);
    });
  }
  ofType("faultHeader", options.faultHeader, "boolean");
  oneOf("v2ErrorStyle", options.v2ErrorStyle, ["mixed", "rfc", "legacy"]);
  oneOf("v2ErrorStatusType", options.v2ErrorStatusType, ["number", "string"]);
  oneOf("groupRemoveMembersWithValue", options.groupRemoveMembersWithValue, ["listed", "all"]);
  oneOf("rateLimitErrorBody", options.rateLimitErrorBody, ["legacy", "version"]);
  ofType("strictContentType", options.strictContentType, "boolean");
  checkStatuses("v1Statuses", options.v1Statuses);
  checkStatuses("v2Statuses", options.v2Statuses);
}
