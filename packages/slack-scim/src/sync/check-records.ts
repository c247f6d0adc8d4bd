import { type DesiredSyncUser, isSyncAttribute } from "./desired-user.js";
import { IssueList } from "./issues.js";
import { buildUser, FileChecks, type InputField, isChecked, markChecked } from "./records.js";

/**
 * Checks records handed to `planSync` the way `readDesiredUsers` checks a file (records it returned pass as they
 * are): the same rules, the same duplicates check, every problem at once.
 *
 * @throws {@link SyncInputError} when a record is invalid.
 */
export function checkRecords(records: readonly DesiredSyncUser[]): readonly DesiredSyncUser[] {
  if (!Array.isArray(records)) throw new TypeError("planSync: desired must be an array of desired users");
  // A list readDesiredUsers returned, frozen since: checked whole, across records too.
  if (isChecked(records)) return records;
  const issues = new IssueList(100);
  const checks = new FileChecks();
  const out: DesiredSyncUser[] = [];
  records.forEach((record, index) => {
    const source = record?.source;
    const at =
      source && typeof source.file === "string" && Number.isInteger(source.line)
        ? { file: source.file, line: source.line }
        : { file: "<desired>", line: index + 1 };
    if (isChecked(record)) {
      // Made by readDesiredUsers (or an earlier check) and frozen since: only the checks across records remain.
      checks.check(record, at, issues);
      out.push(record);
      return;
    }
    if (typeof record !== "object" || record === null) {
      issues.add(at, "each desired user must be an object");
      return;
    }
    const fields: InputField[] = [];
    for (const [key, value] of Object.entries(record)) {
      if (key === "source" || value === undefined) continue;
      if (!isSyncAttribute(key)) {
        issues.add(at, `unknown attribute ${JSON.stringify(key)}`, { header: key });
        continue;
      }
      fields.push({ attribute: key, header: key, value });
    }
    const user = buildUser(fields, at, issues, "clear");
    if (user === undefined) return;
    checks.check(user, at, issues);
    out.push(user);
  });
  issues.throwIfAny();
  return markChecked(out);
}
