import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Which batches of a bulk write are committed, in a small JSON file, so an interrupted run resumes
 * where it stopped. `key` names the input (e.g. generator seed, size and batch size): a checkpoint
 * of another input must not make this one skip batches, so a mismatch is an error, never a reset.
 *
 * The file is written after a batch commits, so a crash between the two leaves a committed batch
 * unrecorded; the writer finds those by probing (see writer.ts), never by trusting the file alone.
 */
export interface CheckpointState {
  key: string;
  /** Batches 0..through-1 are all committed. */
  through: number;
  /** Committed batches past `through` (concurrent writers finish out of order). */
  extra: number[];
  complete: boolean;
}

export class CheckpointMismatchError extends Error {
  override name = 'CheckpointMismatchError';
}

export class Checkpoint {
  private readonly done = new Set<number>();
  private through = 0;
  private saving: Promise<void> = Promise.resolve();
  complete = false;

  private constructor(
    readonly file: string | undefined,
    readonly key: string,
  ) {}

  /** The checkpoint of `key` in `file` (a new one if the file is missing); no file: in memory only. */
  static async open(file: string | undefined, key: string): Promise<Checkpoint> {
    const checkpoint = new Checkpoint(file, key);
    const state = file ? await readState(file) : undefined;
    if (!state) return checkpoint;
    if (state.key !== key)
      throw new CheckpointMismatchError(
        `${file} belongs to another run (${state.key}, this one is ${key}): use another data dir, or delete the file and the data it describes`,
      );
    checkpoint.through = state.through;
    state.extra.forEach((i) => checkpoint.done.add(i));
    checkpoint.complete = state.complete;
    return checkpoint;
  }

  /** For a run that need not survive the process (tests, merge-mode imports). */
  static inMemory(): Checkpoint {
    return new Checkpoint(undefined, 'in-memory');
  }

  get resumed(): boolean {
    return this.through > 0 || this.done.size > 0 || this.complete;
  }

  /** How many batches are recorded as committed. */
  get count(): number {
    return this.through + this.done.size;
  }

  /** The highest batch number that may have been in flight when the last run stopped. */
  get frontier(): number {
    let max = this.through;
    for (const i of this.done) max = Math.max(max, i);
    return max + 1;
  }

  isDone(index: number): boolean {
    return index < this.through || this.done.has(index);
  }

  markDone(index: number): Promise<void> {
    this.done.add(index);
    while (this.done.delete(this.through)) this.through++;
    return this.save();
  }

  markComplete(): Promise<void> {
    this.complete = true;
    return this.save();
  }

  /** Writes are chained, and each replaces the file atomically (rename), so a kill never leaves half a file. */
  save(): Promise<void> {
    const file = this.file;
    if (!file) return Promise.resolve();
    const state: CheckpointState = {
      key: this.key,
      through: this.through,
      extra: [...this.done].sort((a, b) => a - b),
      complete: this.complete,
    };
    this.saving = this.saving.then(async () => {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(`${file}.tmp`, `${JSON.stringify(state)}\n`);
      await rename(`${file}.tmp`, file);
    });
    return this.saving;
  }
}

async function readState(file: string): Promise<CheckpointState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as CheckpointState;
  } catch {
    throw new CheckpointMismatchError(
      `${file} is not a checkpoint (invalid JSON): delete it and the data it describes, or use another data dir`,
    );
  }
}
