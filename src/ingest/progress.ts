/**
 * A progress line on stderr: rows done of the total, percentage, rate and ETA. On a terminal it
 * redraws in place at most 5 times a second; piped (CI, logs) it prints a line every 5 s instead
 * of filling the log with carriage returns.
 */
export interface ProgressOptions {
  label: string;
  total: number;
  stream?: NodeJS.WriteStream;
  now?: () => number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly now: () => number;
  private readonly started: number;
  private done = 0;
  /** Rows counted as done without being written (skipped on resume): not part of the rate. */
  private skipped = 0;
  private lastDraw = 0;
  private readonly tty: boolean;

  constructor(private readonly options: ProgressOptions) {
    this.stream = options.stream ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.started = this.now();
    this.tty = Boolean(this.stream.isTTY);
  }

  add(rows: number, skipped = false): void {
    this.done += rows;
    if (skipped) this.skipped += rows;
    const now = this.now();
    if (now - this.lastDraw >= (this.tty ? 200 : 5000)) {
      this.lastDraw = now;
      this.draw(false);
    }
  }

  /** Rows written per second, skipped rows excluded. */
  rate(): number {
    const seconds = (this.now() - this.started) / 1000;
    return seconds > 0 ? (this.done - this.skipped) / seconds : 0;
  }

  line(): string {
    const { total, label } = this.options;
    const rate = this.rate();
    const pct = total > 0 ? Math.min(100, (100 * this.done) / total) : 100;
    const width = 24;
    const filled = Math.round((pct / 100) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const eta = rate > 0 ? formatDuration((total - this.done) / rate) : '?';
    return `${label} ${bar} ${fmt(this.done)}/${fmt(total)} rows (${pct.toFixed(1)}%) ${fmt(rate)} rows/s ETA ${eta}`;
  }

  finish(): void {
    this.draw(true);
  }

  private draw(final: boolean): void {
    if (this.tty) this.stream.write(`\r${this.line()}\x1b[K${final ? '\n' : ''}`);
    else this.stream.write(`${this.line()}\n`);
  }
}
