import type { Group, User } from "slack-scim";
import type { CommandContext } from "./context.js";
import type { Format } from "./global-options.js";
import type { ResourceKind } from "./output/fields.js";
import { listWriter, type Resource } from "./output/records.js";
import type { Sink } from "./output/sink.js";

/**
 * Batches of what `iterable` yields, read ahead: while one batch is being written, the next page is already
 * on its way. At most `highWater` items wait in memory (a page), so memory stays flat however long the walk.
 * Stops pulling after `limit` items. An error of the source comes after the items received before it. A
 * consumer that stops early calls `cancel` (which should abort the source's request in flight) before waiting
 * for the source to end.
 */
export async function* readAhead<T>(
  iterable: AsyncIterable<T>,
  highWater: number,
  limit = Number.POSITIVE_INFINITY,
  cancel?: () => void,
): AsyncGenerator<T[], void, undefined> {
  const iterator = iterable[Symbol.asyncIterator]();
  let buffer: T[] = [];
  let pulled = 0;
  let finished = false;
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let resume: (() => void) | undefined;
  let stopped = false;
  const pump = (async () => {
    try {
      while (!stopped && pulled < limit) {
        if (buffer.length >= highWater) {
          await new Promise<void>((resolve) => {
            resume = resolve;
          });
          continue;
        }
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        buffer.push(next.value);
        pulled += 1;
        wake?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      wake?.();
    }
  })();
  try {
    for (;;) {
      if (buffer.length === 0) {
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        // A page's items arrive as microtasks: let the rest of the page land before taking a batch.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const batch = buffer;
      buffer = [];
      if (resume) {
        resume();
        resume = undefined;
        // Let the source send its next request (a chain of microtasks) before this batch is worked on: the
        // server then prepares the next page while this one is written.
        await new Promise((resolve) => setImmediate(resolve));
      }
      yield batch;
    }
    if (failure) throw failure.error;
  } finally {
    stopped = true;
    resume?.();
    if (!finished) cancel?.();
    await pump;
    if (!exhausted && !failure) await iterator.return?.();
  }
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
  const local = new AbortController();
  const signal = AbortSignal.any([ctx.signal, local.signal]);
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
      for await (let batch of readAhead(source, pageSize, keep ? undefined : limit, () => local.abort())) {
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
    local.abort();
    progress.done();
  }
  return { count: writer.count, elapsedMs: progress.elapsedMs, stopped: stopped || options.sink.closed };
}
