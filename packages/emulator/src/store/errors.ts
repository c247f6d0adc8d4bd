/** A store file that cannot be read: foreign, corrupt or of a newer format. Never silently an empty org. */
export class EmulatorStorageError extends Error {
  /** The file concerned. */
  readonly file: string;
  constructor(file: string, message: string) {
    super(`slack-scim-emulator: ${file}: ${message}`);
    this.name = "EmulatorStorageError";
    this.file = file;
  }
}
