const maxTimeout = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds. Rejects at once with `signal.reason` on abort; the timer and the abort listener are
 * removed on both paths. Delays are capped at 2³¹−1 ms, the most `setTimeout` can hold.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.min(Math.max(ms, 0), maxTimeout),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
