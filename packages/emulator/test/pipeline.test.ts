import { describe, expect, it } from "vitest";
import { compose, type Step } from "../src/pipeline/compose.js";

/** The step chain the emulator's request pipeline is built with (hono-style `compose`). */

interface Ctx {
  log: string[];
  error: unknown;
}

const note =
  (name: string): Step<Ctx> =>
  async (ctx, next) => {
    ctx.log.push(`>${name}`);
    await next();
    ctx.log.push(`<${name}`);
  };

describe("compose", () => {
  it("runs the steps in order, each around the ones after it", async () => {
    const ctx: Ctx = { log: [], error: undefined };
    await compose([note("a"), note("b"), note("c")], () => {})(ctx);
    expect(ctx.log).toEqual([">a", ">b", ">c", "<c", "<b", "<a"]);
  });

  it("hands an error to onError in the throwing step's place: the steps before it carry on", async () => {
    const ctx: Ctx = { log: [], error: undefined };
    const boom: Step<Ctx> = () => {
      throw new Error("boom");
    };
    await compose([note("a"), boom, note("never")], (error, c) => c.log.push(`onError ${String(error)}`))(
      ctx,
    );
    expect(ctx.log).toEqual([">a", "onError Error: boom", "<a"]);
    expect(ctx.error).toEqual(new Error("boom"));
  });

  it("a step that does not call next() ends the chain", async () => {
    const ctx: Ctx = { log: [], error: undefined };
    const stop: Step<Ctx> = (c) => {
      c.log.push("stop");
    };
    await compose([note("a"), stop, note("never")], () => {})(ctx);
    expect(ctx.log).toEqual([">a", "stop", "<a"]);
  });

  it("refuses next() called twice by one step", async () => {
    const ctx: Ctx = { log: [], error: undefined };
    const twice: Step<Ctx> = async (_c, next) => {
      await next();
      await next();
    };
    await compose([twice, note("b")], () => {})(ctx);
    expect(ctx.error).toEqual(new Error("next() called more than once"));
  });
});
