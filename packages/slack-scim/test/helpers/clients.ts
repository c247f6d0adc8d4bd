import {
  ConnectionErrorRetryHandler,
  FixedValueRetryIntervalCalculator,
  type Logger,
  type LogLevel,
  RateLimitErrorRetryHandler,
  type RetryHandler,
  SCIMClient,
  type SCIMClientOptions,
} from "../../src/index.js";

/** A token shaped like a real one, so a leak is easy to grep for. */
export const token = "xoxp-1234567890-secret-token-value";

/** Instant-retry interval for tests. */
export const instant = new FixedValueRetryIntervalCalculator(0);

/** No jitter, so delays are exactly `Retry-After`. */
export const noJitter = { recalculate: (ms: number) => ms };

/** The default handlers, retrying at once. */
export function instantHandlers(): RetryHandler[] {
  return [
    new ConnectionErrorRetryHandler({ intervalCalculator: instant }),
    new RateLimitErrorRetryHandler({ intervalCalculator: instant, jitter: noJitter }),
  ];
}

/** A 1.1 client with instant retries and a silent logger. */
export function v1Client(baseUrl: string, options: SCIMClientOptions = {}): SCIMClient {
  return new SCIMClient(token, {
    baseUrl,
    logger: silentLogger(),
    retryHandlers: instantHandlers(),
    ...options,
  });
}

/** A logger that keeps every line for assertions. */
export function silentLogger(lines: string[] = []): Logger & { lines: string[] } {
  let level: LogLevel = "info";
  const keep =
    (name: string) =>
    (...msg: unknown[]) => {
      lines.push(`${name} ${msg.map((m) => (typeof m === "string" ? m : JSON.stringify(m))).join(" ")}`);
    };
  return {
    lines,
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
