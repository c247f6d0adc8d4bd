import { SCIMHTTPError, SCIMRequestError, SCIMResponseError } from "../errors.js";
import type { SCIMFilter } from "../filter/scim-filter.js";
import { scimFilter } from "../filter/scim-filter.js";
import type { Logger } from "./logger.js";

/** One way to find what a create may have made: a filter and the test a found resource must pass. */
export interface Lookup<T> {
  /** `userName eq "…"`, `email eq "…"`, `displayName eq "…"`. */
  filter: SCIMFilter;
  /** Whether a found resource is the one the create was for (Slack's `eq` ignores case). */
  matches(found: T): boolean;
}

/** What {@link createOnce} needs from the client. @internal */
export interface SafeCreate<R, T> {
  /** `"createUser"`, for log lines. */
  what: string;
  /** Sends the `POST` once (the pipeline never resends a `POST` that may have reached the server). */
  create(): Promise<R>;
  /** Lookups in order, e.g. by `userName`, then by each email; built only when needed. */
  lookups: () => Lookup<T>[];
  /** Runs one lookup: the resources its filter matches. */
  search(filter: SCIMFilter): Promise<T[]>;
  /** The response for a resource found instead of created (marked as recovered). */
  recovered(found: T): R;
  logger: Logger;
}

/**
 * Whether a failed create may have created the resource: no response after the request may have reached
 * Slack (reset or timeout after sending), a 5xx, or a 2xx whose body could not be read.
 */
function unknownOutcome(error: unknown): boolean {
  if (error instanceof SCIMRequestError) return error.mayHaveReachedServer;
  if (error instanceof SCIMHTTPError) return error.statusCode >= 500;
  return error instanceof SCIMResponseError;
}

function conflict(error: unknown): error is SCIMHTTPError {
  return error instanceof SCIMHTTPError && error.statusCode === 409;
}

async function find<R, T>(spec: SafeCreate<R, T>, lookups: Lookup<T>[]): Promise<T | undefined> {
  for (const lookup of lookups) {
    const found = (await spec.search(lookup.filter)).find((candidate) => lookup.matches(candidate));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A lookup that fails cannot tell: the create's own error is the answer, with the lookup's as its cause. */
async function findOrThrow<R, T>(
  spec: SafeCreate<R, T>,
  lookups: Lookup<T>[],
  original: unknown,
): Promise<T | undefined> {
  try {
    return await find(spec, lookups);
  } catch (lookupError) {
    spec.logger.warn(`${spec.what}: could not check whether the create took effect (${String(lookupError)})`);
    throw original;
  }
}

/**
 * A create that never makes two resources. When its outcome is unknown, the resource is looked up (by
 * `userName`, then email; or by `displayName`) before anything else: found, the call resolves with it, marked
 * as recovered; not found, the create is sent once more, and an unknown outcome or 409 of that second try is
 * settled by a lookup again. A 409 on the first try rejects with the error, the existing resource attached
 * as `error.existing` when the lookup finds it.
 *
 * @internal
 */
export async function createOnce<R, T>(spec: SafeCreate<R, T>): Promise<R> {
  let first: unknown;
  try {
    return await spec.create();
  } catch (error) {
    first = error;
  }
  if (conflict(first)) {
    first.existing = await find(spec, spec.lookups()).catch(() => undefined);
    throw first;
  }
  if (!unknownOutcome(first)) throw first;
  const lookups = spec.lookups();
  if (lookups.length === 0) throw first;
  const found = await findOrThrow(spec, lookups, first);
  if (found !== undefined) {
    spec.logger.info(
      `${spec.what}: the create took effect despite ${describe(first)}; using the resource found`,
    );
    return spec.recovered(found);
  }
  // A 2xx was answered: the resource was created, yet cannot be found; creating again is never right.
  if (first instanceof SCIMResponseError) throw first;
  spec.logger.info(`${spec.what}: ${describe(first)} and nothing was created; sending the create once more`);
  try {
    return await spec.create();
  } catch (second) {
    if (!conflict(second) && !unknownOutcome(second)) throw second;
    // A 409 now most likely means the first request was applied late (it was still in flight).
    const late = await findOrThrow(spec, lookups, second);
    if (late !== undefined) {
      spec.logger.info(`${spec.what}: the first create took effect late; using the resource found`);
      return spec.recovered(late);
    }
    throw second;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Lookups for a user: `userName`, then each email (primary first). @internal */
export function userLookups<T extends { userName?: string; emails?: { value?: string }[] }>(user: {
  userName?: unknown;
  emails?: unknown;
}): Lookup<T>[] {
  const lookups: Lookup<T>[] = [];
  const userName = user.userName;
  if (typeof userName === "string" && userName !== "") {
    const wanted = userName.toLowerCase();
    lookups.push({
      filter: scimFilter`userName eq ${userName}`,
      matches: (found) => found.userName?.toLowerCase() === wanted,
    });
  }
  const emails = Array.isArray(user.emails) ? (user.emails as { value?: unknown; primary?: unknown }[]) : [];
  const ordered = [
    ...emails.filter((e) => e?.primary === true),
    ...emails.filter((e) => e?.primary !== true),
  ];
  for (const email of ordered) {
    const value = email?.value;
    if (typeof value !== "string" || value === "") continue;
    const wanted = value.toLowerCase();
    lookups.push({
      filter: scimFilter`email eq ${value}`,
      matches: (found) => found.emails?.some((e) => e.value?.toLowerCase() === wanted) ?? false,
    });
  }
  return lookups;
}

/** The lookup for a group: `displayName`. @internal */
export function groupLookups<T extends { displayName?: string }>(group: {
  displayName?: unknown;
}): Lookup<T>[] {
  const name = group.displayName;
  if (typeof name !== "string" || name === "") return [];
  const wanted = name.toLowerCase();
  return [
    {
      filter: scimFilter`displayName eq ${name}`,
      matches: (found) => found.displayName?.toLowerCase() === wanted,
    },
  ];
}
