export {
  isSCIMError,
  SyncInputError,
  type SyncInputIssue,
  type SyncRefusal,
  SyncRefusedError,
} from "../core/errors.js";
export { applyPlan } from "./apply.js";
export type { ColumnMapping } from "./columns.js";
export { type DesiredSyncUser, type SyncAttribute, syncAttributes } from "./desired-user.js";
export {
  checkGuardRails,
  countChanges,
  defaultMaxDeactivations,
  type GuardRailOptions,
  type GuardRailViolation,
} from "./guard-rails.js";
export type { SyncClient } from "./org-walk.js";
export { type PlanSyncOptions, planSync, type SyncScope } from "./plan.js";
export { checkPlan, parsePlan, serializePlan } from "./plan-file.js";
export type {
  AddMembersStep,
  CreateGroupStep,
  CreateUserStep,
  DeactivateUserStep,
  RemoveMembersStep,
  SyncConflict,
  SyncFieldChange,
  SyncGroupRef,
  SyncMatchKey,
  SyncPlan,
  SyncStep,
  SyncStepKind,
  SyncStepSource,
  SyncSummary,
  SyncUserRef,
  UpdateUserStep,
} from "./plan-types.js";
export { floorMs } from "./rate-budget.js";
export {
  type DesiredUsersFormat,
  type DesiredUsersSource,
  type ReadDesiredUsersOptions,
  readDesiredUsers,
} from "./read-desired.js";
export type { EmptyValues } from "./records.js";
export type {
  ApplyPlanOptions,
  SyncProgress,
  SyncReport,
  SyncSkipReason,
  SyncStepOutcome,
} from "./report.js";
