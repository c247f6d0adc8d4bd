import { SCIM2Schemas } from "slack-scim";
import { type PatchOperation, remove, replace, replacePrimaryEmail } from "slack-scim/patch";
import { UsageError } from "./errors.js";

const enterprise = SCIM2Schemas.Enterprise;

/**
 * Short names for `users set` and `users unset`, and the PATCH path each stands for. Other names are used as
 * SCIM paths as they are (`name.honorificPrefix`, `urn:…:costCenter`) and checked by the PATCH builder. The
 * enterprise paths use the 2.0 URN; the client turns them into 1.1's on a 1.1 API.
 */
export const attributePaths: Readonly<Record<string, string>> = Object.freeze({
  givenName: "name.givenName",
  familyName: "name.familyName",
  honorificPrefix: "name.honorificPrefix",
  employeeNumber: `${enterprise}:employeeNumber`,
  costCenter: `${enterprise}:costCenter`,
  organization: `${enterprise}:organization`,
  division: `${enterprise}:division`,
  department: `${enterprise}:department`,
  manager: `${enterprise}:manager`,
  managerId: `${enterprise}:manager`,
  startDate: `${SCIM2Schemas.Profile}:startDate`,
});

const pathOf = (name: string) => attributePaths[name] ?? name;

function refuse(name: string): void {
  if (name === "active") {
    throw new UsageError(
      "active is changed with `users deactivate` and `users reactivate`",
      "use those commands",
    );
  }
}

/**
 * PATCH operations for `name=value` assignments (`name:=JSON` for a JSON value: a number, a list, an object).
 * `email=` replaces the primary email the way Slack documents; `manager=` takes the manager's id.
 */
export function setOperations(assignments: readonly string[]): PatchOperation[] {
  return assignments.map((assignment) => {
    const json = /^([^=]+?):=(.*)$/s.exec(assignment);
    const plain = json ? undefined : /^([^=]+)=(.*)$/s.exec(assignment);
    if (!json && !plain) {
      throw new UsageError(
        `"${assignment}" is not name=value`,
        'write each change as name=value, e.g. title="Staff Engineer"',
      );
    }
    const name = ((json ?? plain) as RegExpExecArray)[1]?.trim() as string;
    const text = ((json ?? plain) as RegExpExecArray)[2] as string;
    refuse(name);
    let value: unknown = text;
    if (json) {
      try {
        value = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`${name}:= needs JSON: ${(error as Error).message}`);
      }
    } else if (text === "") {
      throw new UsageError(`${name}= is empty`, `clear it with \`slack-scim users unset <ref> ${name}\``);
    }
    if (name === "email") {
      if (typeof value !== "string") throw new UsageError("email must be a string");
      return replacePrimaryEmail(value);
    }
    if ((name === "manager" || name === "managerId") && typeof value === "string") {
      return replace(pathOf(name), { managerId: value });
    }
    return replace(pathOf(name), value);
  });
}

/** PATCH `remove` operations for the names `users unset` is given. */
export function unsetOperations(names: readonly string[]): PatchOperation[] {
  return names.map((name) => {
    refuse(name);
    if (name === "email") {
      throw new UsageError(
        "the primary email cannot be removed",
        "set another with `users set <ref> email=…`",
      );
    }
    return remove(pathOf(name));
  });
}
