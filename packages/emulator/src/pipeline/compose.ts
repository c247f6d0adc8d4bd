/** One step of a pipeline: does its part, and calls `next()` to run the steps after it (or answers itself). */
export type Step<C> = (ctx: C, next: () => Promise<void>) => Promise<void> | void;

/**
 * Chains steps the way hono's `compose` does: each step gets the context and a `next()` running the rest. An
 * error a step throws (or lets through from `next()`) is handed to `onError` at once, in that step's place, so
 * the steps before it see an answered context, as after any `next()`; `ctx.error` keeps the error.
 */
export function compose<C extends { error: unknown }>(
  steps: readonly Step<C>[],
  onError: (error: unknown, ctx: C) => void,
): (ctx: C) => Promise<void> {
  return (ctx) => {
    let called = -1;
    const dispatch = async (i: number): Promise<void> => {
      if (i <= called) throw new Error("next() called more than once");
      called = i;
      const step = steps[i];
      if (step === undefined) return;
      try {
        await step(ctx, () => dispatch(i + 1));
      } catch (error) {
        ctx.error = error;
        onError(error, ctx);
      }
    };
    return dispatch(0);
  };
}
