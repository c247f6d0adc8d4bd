import { formatCount } from "./numbers.js";
import type { Terminal } from "./terminal.js";

/** A progress report for long work: count, rate and ETA on stderr. A no-op when stderr is not a terminal. */
export interface Progress {
  /** Counts `n` more items done. */
  tick(n?: number): void;
  /** Sets (or corrects) the number of items expected. */
  setTotal(total: number): void;
  /** Text shown after the bar instead of count, rate and ETA (`12 done · 1 failed · 30 left · ETA 0:09`). */
  setDetail(detail: string): void;
  /** Removes the bar; the caller prints its summary line after. */
  done(): void;
  /** Items counted so far. */
  readonly count: number;
  /** Milliseconds since the bar started. */
  readonly elapsedMs: number;
}

/** What a bar line shows. */
export interface ProgressState {
  /** What is being done: `exporting users`. */
  label: string;
  /** Items done. */
  count: number;
  /** Items expected, when known. */
  total: number | undefined;
  /** Milliseconds since the start. */
  elapsedMs: number;
  /** Shown instead of count, rate and ETA, when set. */
  detail?: string | undefined;
}

/** `m:ss` (or `h:mm:ss`) for a duration in seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

/**
 * One bar line, at most `width` characters: `label ▕████░░░░▏ 1,200/10,000 12% 950/s ETA 0:09`. Without a total,
 * the count and rate only.
 */
export function formatProgress(state: ProgressState, width: number): string {
  const { label, count, total, elapsedMs } = state;
  const rate = elapsedMs > 0 ? (count * 1000) / elapsedMs : 0;
  const rateText = `${formatCount(Math.round(rate))}/s`;
  if (total === undefined || total <= 0) {
    return `${label} ${state.detail ?? `${formatCount(count)} ${rateText}`}`.slice(0, width);
  }
  const shown = Math.min(count, total);
  const percent = Math.floor((shown * 100) / total);
  const eta = rate > 0 ? `ETA ${clock((total - shown) / rate)}` : "ETA –";
  const tail = state.detail ?? `${formatCount(shown)}/${formatCount(total)} ${percent}% ${rateText} ${eta}`;
  const barWidth = Math.min(30, width - label.length - tail.length - 4);
  if (barWidth < 5) return `${label} ${tail}`.slice(0, width);
  const filled = Math.round((shown * barWidth) / total);
  return `${label} ▕${"█".repeat(filled)}${"░".repeat(barWidth - filled)}▏ ${tail}`;
}

/** A bar that redraws at most every `intervalMs` (10 a second), on one line of stderr. */
export class ProgressBar implements Progress {
  readonly #write: (text: string) => void;
  readonly #terminal: Terminal;
  readonly #label: string;
  readonly #now: () => number;
  readonly #started: number;
  readonly #intervalMs: number;
  readonly #onDone: (() => void) | undefined;
  #total: number | undefined;
  #count = 0;
  #detail: string | undefined;
  #drawn = -Infinity;
  #visible = false;

  constructor(
    write: (text: string) => void,
    terminal: Terminal,
    label: string,
    options: { total?: number; now?: () => number; intervalMs?: number; onDone?: () => void } = {},
  ) {
    this.#write = write;
    this.#terminal = terminal;
    this.#label = label;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#intervalMs = options.intervalMs ?? 100;
    this.#total = options.total;
    this.#onDone = options.onDone;
    this.#draw(true);
  }

  get count(): number {
    return this.#count;
  }

  get elapsedMs(): number {
    return this.#now() - this.#started;
  }

  tick(n = 1): void {
    this.#count += n;
    this.#draw(this.#total !== undefined && this.#count >= this.#total);
  }

  setTotal(total: number): void {
    this.#total = total;
    this.#draw(true);
  }

  setDetail(detail: string): void {
    this.#detail = detail;
    this.#draw(false);
  }

  /** Clears the bar so another line can be written; {@link ProgressBar.redraw} puts it back. */
  clear(): void {
    if (this.#visible) this.#write("\r\u001b[2K");
    this.#visible = false;
  }

  /** Draws the bar again after {@link ProgressBar.clear}. */
  redraw(): void {
    this.#draw(true);
  }

  done(): void {
    this.clear();
    this.#onDone?.();
  }

  #draw(force: boolean): void {
    const now = this.#now();
    if (!force && now - this.#drawn < this.#intervalMs) return;
    this.#drawn = now;
    const line = formatProgress(
      {
        label: this.#label,
        count: this.#count,
        total: this.#total,
        elapsedMs: now - this.#started,
        detail: this.#detail,
      },
      Math.max(20, this.#terminal.columns - 1),
    );
    this.#write(`\r\u001b[2K${this.#terminal.paint("cyan", line)}`);
    this.#visible = true;
  }
}

/** The progress of work that shows none (stderr is not a terminal, or `--quiet`). */
export class SilentProgress implements Progress {
  readonly #started = Date.now();
  #count = 0;

  get count(): number {
    return this.#count;
  }

  get elapsedMs(): number {
    return Date.now() - this.#started;
  }

  tick(n = 1): void {
    this.#count += n;
  }

  setTotal(): void {}

  setDetail(): void {}

  done(): void {}
}
