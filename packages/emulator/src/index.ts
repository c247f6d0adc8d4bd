export { runServer, type ServerHandle, type ServerIO, usage as emulatorUsage } from "./cli.js";
export { type DemoIO, type DemoResult, runDemo } from "./demo/run-demo.js";
export {
  createEmulator,
  defaultAdminToken,
  type Emulator,
  type StartedEmulator,
  startEmulator,
} from "./emulator.js";
export { EmulatorHTTPError } from "./errors.js";
export { type Fault, parseFaultHeader } from "./faults/fault.js";
export type { EmulatorServer, ListenOptions } from "./node.js";
export type {
  EmulatorOptions,
  RateLimitOption,
  SeedOption,
  StorageOption,
  SuccessStatuses,
} from "./options.js";
export {
  type RateLimitName,
  type RateLimitRule,
  type RateLimitTable,
  slackRateTable,
} from "./rate-table.js";
export { EmulatorStorageError, journalHeader } from "./store/journal.js";
export type { EmulatorStore } from "./store/memory-store.js";
export type {
  AddressRecord,
  EnterpriseRecord,
  GroupRecord,
  GuestRecord,
  UserRecord,
} from "./store/records.js";
