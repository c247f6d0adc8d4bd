import { SyncInputError, type SyncInputIssue } from "../core/errors.js";

/** Where a record starts. */
export interface RecordLocation {
  /** File name as given. */
  file: string;
  /** 1-based line. */
  line: number;
}

/** Collects input problems up to a limit, then throws them all at once as one {@link SyncInputError}. */
export class IssueList {
  readonly issues: SyncInputIssue[] = [];
  #truncated = false;
  readonly #max: number;

  constructor(max: number) {
    this.#max = max;
  }

  /** Records a problem; past the limit, only notes that there were more. */
  add(at: RecordLocation, message: string, column?: { header: string; number?: number | undefined }): void {
    if (this.issues.length >= this.#max) {
      this.#truncated = true;
      return;
    }
    const issue: SyncInputIssue = { file: at.file, line: at.line, message };
    if (column !== undefined) {
      issue.column = column.header;
      if (column.number !== undefined) issue.columnNumber = column.number;
    }
    this.issues.push(issue);
  }

  /** Whether the limit was reached (reading can stop). */
  get full(): boolean {
    return this.#truncated;
  }

  /** Throws every problem collected, if any. */
  throwIfAny(): void {
    if (this.issues.length > 0) throw new SyncInputError(this.issues, this.#truncated);
  }
}
