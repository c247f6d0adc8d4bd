import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The repository stands alone: no file may send a reader to a document that is not in it (the design notes the
 * project was written from, its style guide, or their numbered sections). Facts are written in the repository's
 * own words, with their public source: Slack's documentation, an RFC, an SDK (see docs/behaviour.md).
 */
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const self = "packages/emulator/test/stands-alone.test.ts";

/** Tracked files, and new ones not ignored: what a commit of the working tree would hold. */
function repositoryFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repo,
    maxBuffer: 16 * 1024 * 1024,
  }).toString();
  return out.split("\0").filter((file) => file !== "" && file !== self && file !== "package-lock.json");
}

const outside: [RegExp, string][] = [
  [/slack-scim-api/, "the design reference"],
  [/\.\.\/shared\b|\/work\/shared/, "a folder outside the repository"],
  [/\bSTYLE(\.md|\s*§)/, "the style guide"],
  [/§/, "a numbered section of an outside document"],
  [/wire reference/i, "the design reference"],
  [/\b(API|ARCHITECTURE)\.md\b/, "a design document"],
  [/\bdesign\/[\w-]+\.md\b/, "a design document"],
  [/\(9\.\d+\)/, "an item of the design reference's open questions"],
];

/** "section 4.4" cites an outside document unless an RFC is named just before it. */
function sectionCitations(line: string): string[] {
  const found: string[] = [];
  for (const match of line.matchAll(/\b[Ss]ections? \d+(\.\d+)*/g)) {
    const before = line.slice(Math.max(0, (match.index ?? 0) - 80), match.index);
    if (!/\bRFC ?\d{4}\b/.test(before)) found.push(match[0]);
  }
  return found;
}

/** Every place in `text` that cites an outside document, as `line N: why`. */
function citations(text: string): string[] {
  const found: string[] = [];
  text.split("\n").forEach((line, i) => {
    for (const [pattern, what] of outside)
      if (pattern.test(line)) found.push(`line ${i + 1}: ${what}: ${line.trim()}`);
    for (const section of sectionCitations(line)) found.push(`line ${i + 1}: "${section}": ${line.trim()}`);
  });
  return found;
}

describe("the repository stands alone", () => {
  it("the checks catch each kind of outside citation, and let public ones through", () => {
    for (const cited of [
      "see slack-scim-api.md",
      "as in ../shared/design/API.md",
      "the house gate (STYLE §10)",
      "reference §6.3",
      "the wire reference, 4.1",
      "Slack's lock (section 6.3)",
      "(9.21)",
    ]) {
      expect(citations(cited), cited).not.toEqual([]);
    }
    for (const fine of [
      "RFC 7644 section 3.5.2",
      "with RFC 7644 semantics (section 3.5.2)",
      "https://docs.slack.dev/reference/scim-api/rate-limits",
      "--v2-error-style KIND",
      "docs/behaviour.md, Phone slots",
    ]) {
      expect(citations(fine), fine).toEqual([]);
    }
  });

  it("no file cites a document that is not in the repository", () => {
    const files = repositoryFiles();
    expect(files).toContain("packages/emulator/docs/behaviour.md");
    const found: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(join(repo, file), "utf8");
      } catch {
        continue; // listed but deleted in the working tree
      }
      if (text.includes("\0")) continue; // binary
      for (const citation of citations(text)) found.push(`${file} ${citation}`);
    }
    expect(found).toEqual([]);
  });
});
