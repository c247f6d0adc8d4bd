export { PatchPathError } from "../core/errors.js";
export {
  type FilterOperator,
  type FilterValue,
  scimStringLiteral,
  type ValueFilter,
} from "../filter/grammar.js";
export { applyPatch } from "./apply.js";
export {
  add,
  addEmail,
  addMembers,
  addPhoneNumber,
  type PatchValue,
  type PatchValueMap,
  remove,
  removeEmail,
  removeMember,
  removeMembers,
  removePhoneNumber,
  removeSecondaryEmail,
  renameGroup,
  replace,
  replaceMembers,
  replacePhoneNumber,
  replacePrimaryEmail,
  replaceSecondaryEmail,
  valuePath,
} from "./builder.js";
export type { PatchResourceType } from "./catalogue.js";
export type { Clearable, DesiredUser, DiffUserOptions } from "./diff-common.js";
export { type DiffGroupOptions, diffGroup } from "./diff-group.js";
export { diffUser } from "./diff-user.js";
export {
  checkPatchOperations,
  createPatchRequest,
  type PatchOperation,
  type PatchOperationType,
  type PatchRequest,
} from "./operation.js";
export { type ParsedPatchPath, type PatchPathOptions, parsePatchPath } from "./path.js";
export { toSCIM1Patch } from "./scim1.js";
