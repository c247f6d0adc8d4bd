export { type CommandResult, type CommandSpec, defineCommand, type RegisteredCommand } from "./command.js";
export { type AnyClient, CommandContext, Stopped, type StopReason } from "./context.js";
export { CliFailure, ExitCode, UsageError } from "./errors.js";
export type { Format, Settings } from "./global-options.js";
export type { CliIO, InputStream, OutputStream, SignalSource } from "./io.js";
export { commandGroups, commands } from "./registry.js";
export { run } from "./run.js";
export { cliVersion } from "./version.js";
