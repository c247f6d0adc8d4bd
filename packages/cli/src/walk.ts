import type { Group, User } from "slack-scim";
import type { CommandContext } from "./context.js";
import type { Format } from "./global-options.js";
import type { ResourceKind } from "./output/fields.js";
import { listWriter, type Resource } from "./output/records.js";
import type { Sink } from "./output/sink.js";

/**
 * What `iterable` yields, in arrays of `size` (a page: the batch is handed over before the next page is asked
 * for). Stops after `limit` items, closing the source. An error of the source comes after a last batch of the
 * items received before it, so a walk stopped by Ctrl-C still writes what it read.
 */
export async function* batches<T>(
  iterable: AsyncIterable<T>,
  size: number,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<T[], void, undefined> {
  let batch: T[] = [];
  let taken = 0;
  let failure: { error: unknown } | undefined;
  try {
    for await (const item of iterable) {
      batch.push(item);
      taken += 1;
      if (batch.length >= size || taken >= limit) {
        const full = batch;
        batch = [];
        yield full;
        if (taken >= limit) return;
      }
    }
  } catch (error) {
    failure = { error };
  }
  if (batch.length > 0) yield batch;
  if (failure) throw failure.error;
}

/** What to walk and how to print it. */
export interface StreamOptions {
  /** Users or groups. */
  kind: ResourceKind;
  /** Output format. */
  format: Format;
  /** Where the data goes: stdout or a file. */
  sink: Sink;
  /** SCIM filter, sent to Slack. */
  filter?: string | undefined;
  /** Kept resources only (a filter Slack cannot do, such as `active`). */
  keep?: ((resource: Resource) => boolean) | undefined;
  /** Stop after this many resources (after `keep`). */
  limit?: number | undefined;
  /** `--fields`: only these columns. */
  fields?: readonly string[] | undefined;
  /** Table columns when `--fields` is not given. */
  tableColumns?: readonly string[];
  /** Progress bar label. */
  label: string;
}

/** What a walk wrote. */
export interface StreamResult {
  /** Resources written. */
  count: number;
  /** Milliseconds the walk took. */
  elapsedMs: number;
  /** Set when Ctrl-C or a closed pipe ended the walk early. */
  stopped: boolean;
}

/**
 * Walks every page of users or groups with the client's iterator and writes them as they come, with a
 * progress bar (count, rate, ETA) on a terminal. The bar's total costs one extra `count=1` read, made only
 * when the bar is shown. Ctrl-C ends the walk after closing the output (a JSON array gets its `]`), so what
 * was written stays readable.
 */
export async function streamResources(ctx: CommandContext, options: StreamOptions): Promise<StreamResult> {
  const client = await ctx.client();
  const writer = await listWriter(ctx, options.sink, options);
  const { kind, filter, keep, limit } = options;
  const pageSize = Math.min(1000, keep ? 1000 : (limit ?? 1000));
  const { signal } = ctx;
  let total: number | undefined;
  if (ctx.err.isTTY && ctx.settings.verbosity !== "quiet") {
    const args = { count: 1, signal, ...(filter ? { filter } : {}) };
    const found =
      kind === "users"
        ? (await client.searchUsers(args)).totalResults
        : (await client.searchGroups(args)).totalResults;
    total = keep ? undefined : limit ? Math.min(limit, found) : found;
  }
  const progress = ctx.progress(options.label, total);
  let stopped = false;
  try {
    const walkArgs = { pageSize, signal, ...(filter ? { filter } : {}) };
    const source: AsyncIterable<User | Group> =
      kind === "users" ? client.iterateUsers(walkArgs) : client.iterateGroups(walkArgs);
    try {
      for await (let batch of batches(source, pageSize, keep ? undefined : limit)) {
        if (keep) batch = batch.filter(keep);
        if (limit !== undefined && writer.count + batch.length > limit)
          batch = batch.slice(0, limit - writer.count);
        await writer.write(batch);
        progress.tick(batch.length);
        if (options.sink.closed || (limit !== undefined && writer.count >= limit)) break;
      }
    } catch (error) {
      if (!ctx.signal.aborted) throw error;
      stopped = true;
    }
    if (!options.sink.closed) await writer.end();
  } finally {
    progress.done();
  }
  return { count: writer.count, elapsedMs: progress.elapsedMs, stopped: stopped || options.sink.closed };
}
