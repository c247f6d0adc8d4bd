import { describe, expect, it } from "vitest";
import {
  allBuiltinRetryHandlers,
  BackoffRetryIntervalCalculator,
  ConnectionErrorRetryHandler,
  defaultRetryHandlers,
  FixedValueRetryIntervalCalculator,
  RandomJitter,
  RateLimitErrorRetryHandler,
  type RetryContext,
  RetryHandler,
  SCIMRequestError,
  SCIMTimeoutError,
  ServerErrorRetryHandler,
} from "../src/index.js";

const none = { recalculate: (ms: number) => ms };
const state = (attempt = 0) => ({ attempt, startedAt: 0, custom: new Map() });
const request = (method: string) => ({ method, url: "https://api.slack.com/scim/v1/Users", headers: {} });
const response = (statusCode: number, headers: Record<string, string> = {}) => ({
  statusCode,
  headers,
  rawBody: "",
});
const connectionError = (mayHaveReachedServer: boolean) =>
  new SCIMRequestError("x", { request: request("POST"), mayHaveReachedServer });

describe("interval calculators and jitter", () => {
  it("backs off exponentially from backoffFactor, capped at maxInterval", () => {
    const calc = new BackoffRetryIntervalCalculator({ backoffFactor: 500, maxInterval: 3000, jitter: none });
    expect([0, 1, 2, 3, 4].map((attempt) => calc.calculate(attempt))).toEqual([500, 1000, 2000, 3000, 3000]);
  });

  it("adds RandomJitter between 0 and max milliseconds", () => {
    expect(new RandomJitter({ max: 1000, random: () => 0.25 }).recalculate(500)).toBe(750);
    expect(new RandomJitter({ random: () => 0.999 }).recalculate(0)).toBeCloseTo(999);
    const calc = new BackoffRetryIntervalCalculator({ jitter: new RandomJitter({ random: () => 0.5 }) });
    expect(calc.calculate(1)).toBe(1500);
  });

  it("FixedValueRetryIntervalCalculator always returns its value", () => {
    expect(new FixedValueRetryIntervalCalculator(0).calculate(9)).toBe(0);
    expect(new FixedValueRetryIntervalCalculator().calculate(0)).toBe(500);
  });

  it("refuses negative or non-finite settings with RangeError naming the option", () => {
    expect(() => new FixedValueRetryIntervalCalculator(-1)).toThrow(/ms must be/);
    expect(() => new BackoffRetryIntervalCalculator({ backoffFactor: Number.NaN })).toThrow(/backoffFactor/);
    expect(() => new RandomJitter({ max: -5 })).toThrow(RangeError);
    expect(() => new ServerErrorRetryHandler({ maxRetryCount: 1.5 })).toThrow(/maxRetryCount/);
    expect(() => new RateLimitErrorRetryHandler({ maxRetryAfter: -1 })).toThrow(/maxRetryAfter/);
  });
});

describe("handlers decide, purely", () => {
  it("canRetry is false once attempt reaches maxRetryCount", () => {
    const handler = new ServerErrorRetryHandler({ maxRetryCount: 2 });
    const ctx = (attempt: number): RetryContext => ({
      state: state(attempt),
      request: request("GET"),
      response: response(503),
    });
    expect([0, 1, 2].map((a) => handler.canRetry(ctx(a)))).toEqual([true, true, false]);
  });

  it("the base RetryHandler retries nothing", () => {
    expect(
      new RetryHandler().canRetry({ state: state(), request: request("GET"), response: response(500) }),
    ).toBe(false);
  });

  it("ConnectionErrorRetryHandler retries idempotent methods, and POST only when it never left", () => {
    const handler = new ConnectionErrorRetryHandler();
    const judge = (method: string, error: Error) =>
      handler.canRetry({ state: state(), request: request(method), error });
    expect(judge("GET", connectionError(true))).toBe(true);
    expect(judge("PUT", connectionError(true))).toBe(true);
    expect(judge("POST", connectionError(true))).toBe(false);
    expect(judge("PATCH", connectionError(true))).toBe(false);
    expect(judge("POST", connectionError(false))).toBe(true);
    const timeout = new SCIMTimeoutError("t", { request: request("GET"), timeout: 1 });
    expect(judge("GET", timeout)).toBe(false);
    expect(judge("GET", new Error("not ours"))).toBe(false);
  });

  it("RateLimitErrorRetryHandler waits Retry-After seconds plus jitter, within maxRetryAfter", () => {
    const handler = new RateLimitErrorRetryHandler({
      jitter: new RandomJitter({ max: 1000, random: () => 0.5 }),
    });
    const ctx = (headers: Record<string, string>): RetryContext => ({
      state: state(),
      request: request("POST"),
      response: response(429, headers),
    });
    expect(handler.canRetry(ctx({ "retry-after": "3" }))).toBe(true);
    expect(handler.delayFor(ctx({ "retry-after": "3" }))).toBe(3500);
    const inTwoSeconds = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    const dated = handler.delayFor(ctx({ "retry-after": inTwoSeconds }));
    expect(dated).toBeGreaterThanOrEqual(2500);
    expect(dated).toBeLessThanOrEqual(3500);
    expect(handler.canRetry(ctx({ "retry-after": "3600" }))).toBe(false);
    expect(handler.canRetry({ state: state(), request: request("GET"), response: response(500) })).toBe(
      false,
    );
  });

  it("RateLimitErrorRetryHandler falls back to its interval calculator without Retry-After", () => {
    const handler = new RateLimitErrorRetryHandler({
      intervalCalculator: new FixedValueRetryIntervalCalculator(42),
    });
    expect(handler.delayFor({ state: state(), request: request("GET"), response: response(429) })).toBe(42);
  });

  it("ServerErrorRetryHandler retries 500, 502, 503, 504 for the methods it is given", () => {
    const handler = new ServerErrorRetryHandler();
    const judge = (method: string, code: number) =>
      handler.canRetry({ state: state(), request: request(method), response: response(code) });
    expect([500, 502, 503, 504, 501, 429].map((code) => judge("GET", code))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(judge("POST", 503)).toBe(false);
    const withPost = new ServerErrorRetryHandler({ methods: ["post"] });
    expect(withPost.canRetry({ state: state(), request: request("POST"), response: response(503) })).toBe(
      true,
    );
  });

  it("defaultRetryHandlers is connection + rate limit; allBuiltinRetryHandlers adds server errors", () => {
    expect(defaultRetryHandlers().map((h) => h.constructor.name)).toEqual([
      "ConnectionErrorRetryHandler",
      "RateLimitErrorRetryHandler",
    ]);
    expect(allBuiltinRetryHandlers().map((h) => h.constructor.name)).toEqual([
      "ConnectionErrorRetryHandler",
      "RateLimitErrorRetryHandler",
      "ServerErrorRetryHandler",
    ]);
    expect(defaultRetryHandlers()[0]?.maxRetryCount).toBe(1);
  });
});
