/**
 * `docs/reliability.md` is the fault matrix's table. It is rendered from the rules here and must match the
 * committed page; `npm run docs:reliability` runs the matrix and writes the page from what it observed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CaseResult,
  expectedResults,
  reliabilityDocPath,
  renderReliabilityDoc,
} from "./helpers/reliability-doc.js";

const page = new URL(`../${reliabilityDocPath}`, import.meta.url);
const key = (r: CaseResult) => `${r.fault} ${r.times} ${r.kind} ${r.handlers} ${r.version}`;
const byKey = (results: CaseResult[]) => new Map(results.map((r) => [key(r), r.outcome]));

describe(reliabilityDocPath, () => {
  const out = process.env["SLACK_SCIM_RELIABILITY_OUT"];
  if (out !== undefined && process.env["SLACK_SCIM_RELIABILITY_WRITE"] === "1") {
    it("is written from the observed outcomes, each as the rules expect", () => {
      const observed = [1, 2].flatMap(
        (v) => JSON.parse(readFileSync(join(out, `observed-v${v}.json`), "utf8")) as CaseResult[],
      );
      const expected = expectedResults();
      expect(byKey(observed)).toEqual(byKey(expected));
      // In the rules' order, so the page does not depend on which case finished first.
      const seen = byKey(observed);
      writeFileSync(
        page,
        renderReliabilityDoc(expected.map((r) => ({ ...r, outcome: seen.get(key(r)) ?? r.outcome }))),
      );
    });
  }

  it("matches the rules of the fault matrix (regenerate with `npm run docs:reliability`)", () => {
    expect(readFileSync(page, "utf8")).toBe(renderReliabilityDoc(expectedResults()));
  });

  it("is linked from the README", () => {
    expect(readFileSync(new URL("../README.md", import.meta.url), "utf8")).toContain(
      `(${reliabilityDocPath})`,
    );
  });
});

describe("the rules of the fault matrix", () => {
  it("never send a create twice unless the first was refused, rate limited, or proved absent by lookups", () => {
    for (const { kind, outcome, fault } of expectedResults()) {
      if (kind !== "create") continue;
      const posts = outcome.requests.flatMap((r, i) => (r === "POST" ? [i] : []));
      for (let n = 1; n < posts.length; n += 1) {
        const between = outcome.requests.slice((posts[n - 1] ?? 0) + 1, posts[n]);
        const proved = between.length > 0 && between.every((r) => r === "lookup");
        expect(
          proved || fault === "refused" || fault.startsWith("429"),
          `${fault}: ${outcome.requests}`,
        ).toBe(true);
      }
    }
  });
});
