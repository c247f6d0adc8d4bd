import type { CommandContext } from "./context.js";
import { forEachLimited } from "./refs.js";

/** What a batch of writes did. */
export interface BatchResult<T, R> {
  /** Items written, with what each write returned. */
  readonly done: { item: T; result: R }[];
  /** Items whose write failed, with the error. */
  readonly failed: { item: T; error: unknown }[];
  /** Items never started (Ctrl-C). */
  readonly notStarted: T[];
}

/** Writes sent at once: Slack locks each resource while a write is applied, so a few in parallel is plenty. */
const concurrency = 4;

/**
 * Applies `write` to every item, a few at a time, with a progress bar for more than three. A failed write does
 * not stop the others. Ctrl-C stops starting new writes; writes already sent finish (never aborted halfway),
 * and the result says what was done and what was not started.
 */
export async function applyEach<T, R>(
  ctx: CommandContext,
  items: readonly T[],
  label: string,
  write: (item: T) => Promise<R>,
): Promise<BatchResult<T, R>> {
  const done: { item: T; result: R }[] = [];
  const failed: { item: T; error: unknown }[] = [];
  const started = new Set<number>();
  const progress = items.length > 3 ? ctx.progress(label, items.length) : undefined;
  try {
    await forEachLimited(
      items,
      concurrency,
      async (item, index) => {
        started.add(index);
        try {
          done.push({ item, result: await write(item) });
        } catch (error) {
          failed.push({ item, error });
        }
        progress?.tick();
      },
      ctx.signal,
    );
  } finally {
    progress?.done();
  }
  return { done, failed, notStarted: items.filter((_, index) => !started.has(index)) };
}
