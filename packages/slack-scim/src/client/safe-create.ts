import { SCIMError, SCIMHTTPError, SCIMRequestError, SCIMResponseError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { SCIMFilter } from "../filter/scim-filter.js";

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
  /** Runs one lookup: the resources its filter matches, and the server's clock when it sent them. */
  search(filter: SCIMFilter): Promise<LookupResult<T>>;
  /**
   * Whether a found resource is the one this create made, not someone else's that shares a name or email:
   * see {@link madeByUserCreate} and {@link madeByGroupCreate}.
   */
  isOurs(found: T, clockOffsetMs: number | undefined): boolean;
  /**
   * Whether a create that may or may not have happened, and cannot be found, is sent again. Only where
   * the server refuses a duplicate (users: `userName` and email are unique), so a late first request and
   * the second cannot both succeed.
   */
  resend: boolean;
  /** The response for a resource found instead of created (marked as recovered). */
  recovered(found: T): R;
  logger: Logger;
  /** The caller's signal: an abort during a lookup rejects with its reason, not with the create's error. */
  signal?: AbortSignal | undefined;
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

/** One lookup's answer. */
export interface LookupResult<T> {
  /** The resources its filter matched. */
  resources: T[];
  /** The server's clock minus ours, from the response's `Date` header (undefined without one). */
  clockOffsetMs: number | undefined;
}

/** What the lookups found: the resource this create made, or else another that holds its name or email. */
interface Found<T> {
  ours?: T;
  other?: T;
}

async function find<R, T>(spec: SafeCreate<R, T>, lookups: Lookup<T>[]): Promise<Found<T>> {
  let other: T | undefined;
  for (const lookup of lookups) {
    const { resources, clockOffsetMs } = await spec.search(lookup.filter);
    for (const candidate of resources) {
      if (!lookup.matches(candidate)) continue;
      if (spec.isOurs(candidate, clockOffsetMs)) return { ours: candidate };
      other ??= candidate;
    }
  }
  return other === undefined ? {} : { other };
}

/**
 * A found resource that is not ours (an older user holding the email, another team's group of the same name)
 * means the create failed against it: the original error stands, with that resource attached when it is an
 * HTTP error, and nothing is created again (it could only clash).
 */
function notOurs<R, T>(spec: SafeCreate<R, T>, found: T, original: unknown): never {
  spec.logger.warn(`${spec.what}: ${describe(original)}; an existing resource holds the same name or email`);
  if (original instanceof SCIMError) original.existing = found;
  throw original;
}

/** A lookup that fails cannot tell: the create's own error is the answer, with the lookup's as its cause. */
async function findOrThrow<R, T>(
  spec: SafeCreate<R, T>,
  lookups: Lookup<T>[],
  original: unknown,
): Promise<Found<T>> {
  try {
    return await find(spec, lookups);
  } catch (lookupError) {
    spec.signal?.throwIfAborted();
    spec.logger.warn(`${spec.what}: could not check whether the create took effect (${String(lookupError)})`);
    throw original;
  }
}

/**
 * A create that never makes two resources. When its outcome is unknown, the resource is looked up (by
 * `userName`, then email; or by `displayName`; see `create-identity.ts`) before anything else: found, the call resolves with it, marked
 * as recovered; not found, the create is sent once more where the server refuses duplicates (`resend`), and an
 * unknown outcome or 409 of that second try is settled by a lookup again; elsewhere the original error stands.
 * A 409 on the first try rejects with the error, the existing resource attached as `error.existing` when the
 * lookup finds it.
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
    const found = await find(spec, spec.lookups()).catch((): Found<T> => {
      spec.signal?.throwIfAborted();
      return {};
    });
    first.existing = found.ours ?? found.other;
    throw first;
  }
  if (!unknownOutcome(first)) throw first;
  const lookups = spec.lookups();
  if (lookups.length === 0) throw first;
  const found = await findOrThrow(spec, lookups, first);
  if (found.ours !== undefined) {
    spec.logger.info(
      `${spec.what}: the create took effect despite ${describe(first)}; using the resource found`,
    );
    return spec.recovered(found.ours);
  }
  if (found.other !== undefined) notOurs(spec, found.other, first);
  // A 2xx was answered: the resource was created, yet cannot be found; creating again is never right.
  if (first instanceof SCIMResponseError) throw first;
  if (!spec.resend) {
    // Groups: nothing stops a late first request and a second one from both creating a group.
    spec.logger.warn(
      `${spec.what}: ${describe(first)}; not found, and not sent again (it may still be applied)`,
    );
    throw first;
  }
  spec.logger.info(
    `${spec.what}: ${describe(first)}; a lookup found nothing, so the create is sent once more (Slack refuses a duplicate, so a late first request cannot make a twin)`,
  );
  try {
    return await spec.create();
  } catch (second) {
    if (!conflict(second) && !unknownOutcome(second)) throw second;
    // A 409 now most likely means the first request was applied late (it was still in flight).
    const late = await findOrThrow(spec, lookups, second);
    if (late.ours !== undefined) {
      spec.logger.info(`${spec.what}: the first create took effect late; using the resource found`);
      return spec.recovered(late.ours);
    }
    if (late.other !== undefined) notOurs(spec, late.other, second);
    throw second;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
