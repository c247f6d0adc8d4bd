import { describe, expect, it } from "vitest";
import { createEmulator } from "../src/index.js";
import { newUser1, newUser2, ops, start } from "./helpers/server.js";

/**
 * `photoDelayMs`: Slack processes photos asynchronously, so the write that sets a photo, and reads shortly after,
 * still show the previous photo (or the default avatar). Driven by an injected clock.
 */

function manualClock(start = Date.UTC(2024, 2, 5, 17, 14, 27)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const ada1 = "https://img.acme.example/ada-1.png";
const ada2 = "https://img.acme.example/ada-2.png";
const photoOf = (res: { json: { photos: { value: string }[] } }) => res.json.photos[0]?.value;

describe("photoDelayMs", () => {
  it("reads show the default avatar until the delay after a create has passed; the store has the truth", async () => {
    const clock = manualClock();
    const { call, emulator } = await start({ photoDelayMs: 5000, now: clock.now });
    const created = await call(2, "POST", "Users", newUser2("ada", { photos: [{ value: ada1 }] }));
    const avatar = photoOf(created);
    expect(avatar).not.toBe(ada1);
    const id = created.json.id as string;
    expect(emulator.store.getUser(id)?.photo).toBe(ada1);
    expect(photoOf(await call(2, "GET", `Users/${id}`))).toBe(avatar);
    clock.advance(4999);
    expect(photoOf(await call(1, "GET", `Users/${id}`))).toBe(avatar);
    clock.advance(1);
    expect(photoOf(await call(1, "GET", `Users/${id}`))).toBe(ada1);
    expect((await call(2, "GET", `Users?filter=userName eq "ada"`)).json.Resources[0].photos[0].value).toBe(
      ada1,
    );
  });

  it("a new photo keeps the previous one on reads, lists included, and other writes in the window do too", async () => {
    const clock = manualClock();
    const { call } = await start({ photoDelayMs: 1000, now: clock.now });
    const id = (await call(1, "POST", "Users", newUser1("ada", { photos: [{ value: ada1 }] }))).json
      .id as string;
    clock.advance(1000);
    const patched = await call(
      2,
      "PATCH",
      `Users/${id}`,
      ops({ op: "add", path: "photos", value: [{ value: ada2 }] }),
    );
    expect(photoOf(patched)).toBe(ada1);
    clock.advance(500);
    const list = await call(1, "GET", `Users?filter=userName eq "ada"`);
    expect(list.json.Resources[0].photos[0].value).toBe(ada1);
    // A write that does not touch the photo answers with what reads show.
    const titled = await call(1, "PATCH", `Users/${id}`, {
      schemas: ["urn:scim:schemas:core:1.0"],
      title: "CTO",
    });
    expect(photoOf(titled)).toBe(ada1);
    clock.advance(500);
    expect(photoOf(await call(2, "GET", `Users/${id}`))).toBe(ada2);
  });

  it("a second change in the window keeps showing the photo from before the first", async () => {
    const clock = manualClock();
    const { call } = await start({ photoDelayMs: 1000, now: clock.now });
    const id = (await call(2, "POST", "Users", newUser2("ada", { photos: [{ value: ada1 }] }))).json
      .id as string;
    clock.advance(1000);
    await call(2, "PATCH", `Users/${id}`, ops({ op: "add", path: "photos", value: [{ value: ada2 }] }));
    clock.advance(600);
    const put = await call(2, "PUT", `Users/${id}`, newUser2("ada", { photos: [{ value: ada1 }] }));
    expect(photoOf(put)).toBe(ada1);
    await call(2, "PATCH", `Users/${id}`, ops({ op: "remove", path: "photos" }));
    clock.advance(999);
    expect(photoOf(await call(2, "GET", `Users/${id}`))).toBe(ada1);
    clock.advance(1);
    expect(photoOf(await call(2, "GET", `Users/${id}`))).not.toBe(ada1);
  });

  it("defaults to 0: the write's answer shows the previous photo, reads the new one at once", async () => {
    const { call } = await start();
    const created = await call(1, "POST", "Users", newUser1("ada", { photos: [{ value: ada1 }] }));
    expect(photoOf(created)).not.toBe(ada1);
    expect(photoOf(await call(1, "GET", `Users/${created.json.id}`))).toBe(ada1);
  });

  it("is validated like deactivationDelayMs", () => {
    expect(() => createEmulator({ photoDelayMs: -1 })).toThrow(
      new RangeError("photoDelayMs must be 0 or more"),
    );
    expect(() => createEmulator({ photoDelayMs: "5" as unknown as number })).toThrow(
      new TypeError("photoDelayMs must be a number"),
    );
  });
});
