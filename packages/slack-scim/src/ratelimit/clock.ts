/**
 * The limiter's time and timers. The default reads `performance.now()` and uses `setTimeout`; tests drive a
 * limiter with a virtual clock instead.
 *
 * @internal
 */
export interface LimiterClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Calls `callback` once, `ms` from now. */
  setTimer(callback: () => void, ms: number): unknown;
  /** Cancels a timer {@link LimiterClock.setTimer} returned. */
  clearTimer(handle: unknown): void;
}

// The longest delay a timer can hold.
const maxTimeout = 2 ** 31 - 1;

/** `performance.now()` and the global timers. @internal */
export const systemClock: LimiterClock = {
  now: () => performance.now(),
  setTimer: (callback, ms) => setTimeout(callback, Math.min(Math.max(ms, 1), maxTimeout)),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
