import { randomInt } from "node:crypto";

const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** `W…` / `S…` followed by 10 upper-case alphanumerics, from `random(n)` returning an integer in [0, n). */
export function slackId(prefix: "W" | "S", random: (n: number) => number): string {
  let id = prefix;
  for (let i = 0; i < 10; i++) id += alphabet[random(alphabet.length)];
  return id;
}

/** The default id generator: cryptographically random ids (the org checks collisions). */
export function randomIds(kind: "user" | "group"): string {
  return slackId(kind === "user" ? "W" : "S", (n) => randomInt(n));
}

/** A small deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
