import type { DesiredSyncUser, SyncAttribute } from "./desired-user.js";
import type { IssueList, RecordLocation } from "./issues.js";
import { displayNameProblem, emailProblem, parseActive, userNameProblem } from "./rules.js";

/** One field of an input record, already mapped to its attribute. */
export interface InputField {
  attribute: SyncAttribute;
  /** The header (CSV) or key (JSON) it came from. */
  header: string;
  /** 1-based field position (CSV). */
  columnNumber?: number;
  value: unknown;
}

/** What an empty cell means: clear the attribute in Slack, or leave it as it is. */
export type EmptyValues = "clear" | "keep";

function text(value: unknown): string | null | undefined | "invalid" {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value !== "string") return "invalid";
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

function groupList(value: unknown): string[] | "invalid" {
  if (value === null || value === undefined) return [];
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(";") : undefined;
  if (parts === undefined || parts.some((p) => typeof p !== "string")) return "invalid";
  return [...new Set((parts as string[]).map((p) => p.trim()).filter((p) => p !== ""))];
}

/**
 * A desired user from one record's fields, checked against Slack's rules; `undefined` when a problem was
 * recorded. An empty cell clears the attribute (`null`) unless `emptyValues` is `"keep"`; `userName` and
 * `email` are required; an empty `active` means active; an empty `groups` means no managed group.
 */
export function buildUser(
  fields: readonly InputField[],
  at: RecordLocation,
  issues: IssueList,
  emptyValues: EmptyValues,
): DesiredSyncUser | undefined {
  const user: Partial<DesiredSyncUser> & Record<string, unknown> = {};
  let bad = false;
  const problem = (field: InputField, message: string) => {
    bad = true;
    issues.add(at, message, { header: field.header, number: field.columnNumber });
  };
  for (const field of fields) {
    const { attribute, value } = field;
    if (attribute === "active") {
      const active = parseActive(value);
      if (active === "invalid") problem(field, `active must be true or false; got ${JSON.stringify(value)}`);
      else if (active !== undefined) user.active = active;
      continue;
    }
    if (attribute === "groups") {
      const groups = groupList(value);
      if (groups === "invalid") problem(field, "groups must be display names separated by ';'");
      else user.groups = groups;
      continue;
    }
    const parsed = text(value);
    if (parsed === "invalid") {
      problem(field, `${attribute} must be text; got ${JSON.stringify(value)}`);
      continue;
    }
    if (attribute === "userName" || attribute === "email") {
      const why =
        parsed == null
          ? `${attribute} is empty`
          : (attribute === "userName" ? userNameProblem : emailProblem)(parsed);
      if (why !== undefined) problem(field, why);
      else user[attribute] = parsed as string;
      continue;
    }
    if (parsed === undefined) continue;
    if (parsed === null) {
      // externalId cannot be cleared in Slack; an empty one only means "none to match on".
      if (emptyValues === "clear" && attribute !== "externalId") user[attribute] = null;
      continue;
    }
    if (attribute === "displayName") {
      const why = displayNameProblem(parsed);
      if (why !== undefined) {
        problem(field, why);
        continue;
      }
    }
    if (attribute === "manager" && !parsed.includes("@")) {
      const why = userNameProblem(parsed);
      if (why !== undefined) {
        problem(field, `manager: ${why}`);
        continue;
      }
    }
    user[attribute] = parsed;
  }
  for (const required of ["userName", "email"] as const) {
    if (!fields.some((f) => f.attribute === required)) {
      bad = true;
      issues.add(at, `${required} is missing`);
    }
  }
  // Slack refuses a user whose given and family names are both blank: two empty cells leave the name alone.
  if (user.givenName === null && user.familyName === null) {
    delete user.givenName;
    delete user.familyName;
  }
  if (bad) return undefined;
  user.source = Object.freeze({ file: at.file, line: at.line });
  if (user.groups) Object.freeze(user.groups);
  const checked = Object.freeze(user) as DesiredSyncUser;
  checkedRecords.add(checked);
  return checked;
}

/** Records {@link buildUser} made: frozen, so they are still as checked. */
const checkedRecords = new WeakSet<object>();

/** Freezes a list of checked records, so {@link isChecked} knows the whole list (duplicates included) is checked. */
export function markChecked(list: DesiredSyncUser[]): readonly DesiredSyncUser[] {
  const frozen = Object.freeze(list);
  checkedRecords.add(frozen);
  return frozen;
}

/** Whether `record` (or a list) was made and checked by {@link buildUser} (or {@link markChecked}). */
export function isChecked(record: unknown): boolean {
  return typeof record === "object" && record !== null && checkedRecords.has(record);
}

/**
 * The checks across records: no two records with the same `userName`, email or `externalId` (compared
 * ignoring case, as Slack does), nobody their own manager, and with `managers: "file"`, every manager someone in
 * the file.
 */
export class FileChecks {
  readonly #userNames = new Map<string, number>();
  readonly #emails = new Map<string, number>();
  readonly #externalIds = new Map<string, number>();
  readonly #managers: { ref: string; at: RecordLocation; number: number | undefined }[] = [];

  /** Checks one record against those before it; `numbers` gives the column positions of a CSV file. */
  check(
    user: DesiredSyncUser,
    at: RecordLocation,
    issues: IssueList,
    numbers?: ReadonlyMap<SyncAttribute, number>,
  ): void {
    const column = (header: SyncAttribute) => ({ header, number: numbers?.get(header) });
    const seen = (map: Map<string, number>, key: string, header: SyncAttribute, label: string) => {
      const first = map.get(key);
      if (first === undefined) map.set(key, at.line);
      else issues.add(at, `${label} is already used on line ${first}`, column(header));
    };
    seen(
      this.#userNames,
      user.userName.toLowerCase(),
      "userName",
      `userName ${JSON.stringify(user.userName)}`,
    );
    seen(this.#emails, user.email.toLowerCase(), "email", `email ${JSON.stringify(user.email)}`);
    if (typeof user.externalId === "string") {
      seen(this.#externalIds, user.externalId, "externalId", `externalId ${JSON.stringify(user.externalId)}`);
    }
    if (typeof user.manager === "string") {
      const ref = user.manager.toLowerCase();
      if (ref === user.userName.toLowerCase() || ref === user.email.toLowerCase()) {
        issues.add(at, `${JSON.stringify(user.manager)} is this person's own manager`, column("manager"));
      } else this.#managers.push({ ref, at, number: numbers?.get("manager") });
    }
  }

  /** With `managers: "file"`: every manager names someone in the file (by userName or email). */
  checkManagersInFile(issues: IssueList): void {
    for (const { ref, at, number } of this.#managers) {
      if (!this.#userNames.has(ref) && !this.#emails.has(ref)) {
        issues.add(at, `manager ${JSON.stringify(ref)} names nobody in the file`, {
          header: "manager",
          number,
        });
      }
    }
  }
}
