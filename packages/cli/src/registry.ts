import type { RegisteredCommand } from "./command.js";
import { demo } from "./commands/demo.js";
import { doctor } from "./commands/doctor.js";
import { emulatorCommand } from "./commands/emulator.js";
import { exportCommand } from "./commands/export.js";
import { groupsCreate } from "./commands/groups-create.js";
import { groupsDelete } from "./commands/groups-delete.js";
import { groupsGet } from "./commands/groups-get.js";
import { groupsList } from "./commands/groups-list.js";
import { groupsAddMembers, groupsRemoveMembers } from "./commands/groups-members.js";
import { groupsRename } from "./commands/groups-rename.js";
import { syncDryRun } from "./commands/sync.js";
import { syncApply } from "./commands/sync-apply.js";
import { syncPlan } from "./commands/sync-plan.js";
import { usersCreate } from "./commands/users-create.js";
import { usersDeactivate } from "./commands/users-deactivate.js";
import { usersGet } from "./commands/users-get.js";
import { usersList } from "./commands/users-list.js";
import { usersReactivate } from "./commands/users-reactivate.js";
import { usersReplace } from "./commands/users-replace.js";
import { usersSet } from "./commands/users-set.js";
import { usersUnset } from "./commands/users-unset.js";
import { whoami } from "./commands/whoami.js";

/**
 * Every command, in the order `slack-scim --help` lists them. Adding a command: a file in `commands/` made
 * with `defineCommand`, and one line here. A command module imports only light modules at its top; the
 * client, CSV and the emulator are loaded inside `run`, so `slack-scim --version` stays fast.
 */
export const commands: readonly RegisteredCommand[] = [
  usersList,
  usersGet,
  usersCreate,
  usersSet,
  usersUnset,
  usersReplace,
  usersDeactivate,
  usersReactivate,
  groupsList,
  groupsGet,
  groupsCreate,
  groupsRename,
  groupsDelete,
  groupsAddMembers,
  groupsRemoveMembers,
  exportCommand,
  syncPlan,
  syncApply,
  syncDryRun,
  whoami,
  doctor,
  emulatorCommand,
  demo,
];

/** One-line summaries of the command groups (`slack-scim users --help`). */
export const commandGroups: Readonly<Record<string, string>> = {
  users: "look up, create, change, deactivate and reactivate users",
  groups: "look up, create, rename and delete groups; add and remove members",
};
