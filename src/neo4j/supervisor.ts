import { EventEmitter } from 'node:events';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { removeBoltFile, writeBoltFile } from './bolt-file.js';
import type { EmbeddedMemory } from '../config.js';
import { generateBoltPassword, startEmbeddedNeo4j, type EmbeddedNeo4j, type ExitStatus } from './embedded.js';

/**
 * Keeps the embedded Neo4j running for the life of the server. Without it, a Java process that died
 * (killed, out of memory) left every query answering SERVICE_UNAVAILABLE until someone restarted
 * the server by hand.
 *
 * When the process exits without `stop()`, the supervisor starts it again on the same data
 * directory and port, waiting 1 s, 2 s, 4 s, ... (at most 30 s) before attempt 1, 2, 3, ... so
 * a cause that needs time (a port still held, a disk briefly full) can clear, and a cause that
 * does not clear costs little CPU. The password stays the same for the life of the supervisor, so
 * the Database's driver, whose broken connections the pool drops, reconnects with its own
 * credentials: no new driver, and nobody else holding a reference needs to hear of it.
 *
 * After `maxRestarts` consecutive failed attempts it gives up and emits `failed`: a server
 * without its database cannot serve, and exiting lets a process manager (systemd, Docker,
 * Kubernetes) restart the whole server or alert someone. A death within STABLE_MS of a restart
 * counts as a failed attempt too, so a Neo4j that starts and crashes at once is not restarted
 * forever.
 */
export class EmbeddedNeo4jLostError extends Error {
  override name = 'EmbeddedNeo4jLostError';
}

export interface SupervisorEvents {
  /** The Java process exited unexpectedly; a restart follows. */
  down: [ExitStatus];
  /** A restart succeeded: Bolt answers again, with the same URI and credentials. */
  recovered: [];
  /** Restarts kept failing; the supervisor has stopped trying. */
  failed: [EmbeddedNeo4jLostError];
}

export interface SupervisorOptions {
  port: number;
  dataDir: string;
  log: Logger;
  /** Consecutive failed restart attempts before giving up (NEO4J_EMBEDDED_MAX_RESTARTS); 0: never restart. */
  maxRestarts: number;
  memory?: EmbeddedMemory;
}

const FIRST_DELAY_MS = 1_000;
const MAX_DELAY_MS = 30_000;
/** Up this long, a Neo4j counts as having started well: the next death starts the count afresh. */
const STABLE_MS = 60_000;

export class EmbeddedNeo4jSupervisor extends EventEmitter<SupervisorEvents> {
  private readonly password = generateBoltPassword();
  private instance!: EmbeddedNeo4j;
  private upSince = 0;
  /** Whether the running instance came from a restart (not from the server's start). */
  private restarted = false;
  private failures = 0;
  private stopping = false;
  private cancelWait: (() => void) | undefined;
  private restarting: Promise<void> | undefined;

  private constructor(private readonly options: SupervisorOptions) {
    super();
  }

  /** Starts the embedded Neo4j; a failure here is the caller's (the server does not start). */
  static async start(options: SupervisorOptions): Promise<EmbeddedNeo4jSupervisor> {
    const supervisor = new EmbeddedNeo4jSupervisor(options);
    await supervisor.launch();
    return supervisor;
  }

  get uri(): string {
    return this.instance.uri;
  }
  get auth(): { username: string; password: string } {
    return { username: this.instance.username, password: this.password };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.cancelWait?.();
    await this.restarting;
    await this.instance.stop();
    await removeBoltFile(this.options.dataDir);
  }

  private async launch(): Promise<void> {
    const { port, dataDir, log, memory } = this.options;
    const instance = await startEmbeddedNeo4j({ port, dataDir, log, memory, password: this.password });
    this.instance = instance;
    this.upSince = Date.now();
    await writeBoltFile(dataDir, { uri: instance.uri, username: instance.username, password: instance.password, pid: instance.pid });
    void instance.exited.then((status) => {
      if (this.stopping || instance !== this.instance) return;
      this.restarting = this.recover(status).catch((error: unknown) => {
        this.emit(
          'failed',
          new EmbeddedNeo4jLostError(`supervising the embedded Neo4j failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      });
    });
  }

  private async recover(status: ExitStatus): Promise<void> {
    const { log, dataDir, maxRestarts } = this.options;
    const downSince = Date.now();
    this.failures = this.restarted && downSince - this.upSince < STABLE_MS ? this.failures + 1 : 0;
    log.error(
      { code: status.code, signal: status.signal, logs: path.join(dataDir, 'logs') },
      'embedded Neo4j exited unexpectedly; queries get SERVICE_UNAVAILABLE until it is restarted',
    );
    this.emit('down', status);
    // The credentials name a Neo4j that is gone; the restart writes them again.
    await removeBoltFile(dataDir);
    const lastError = await this.restartWithBackoff();
    if (this.stopping) return;
    if (lastError === undefined) {
      log.info({ attempt: this.failures + 1, downMs: Date.now() - downSince }, 'embedded Neo4j recovered');
      this.emit('recovered');
    } else {
      this.emit(
        'failed',
        new EmbeddedNeo4jLostError(
          `the embedded Neo4j exited (${describeExit(status)}) and ${maxRestarts} restart attempt(s) failed; last: ${lastError}`,
        ),
      );
    }
  }

  /** Undefined once a restart succeeded (or stop() interrupted); else why the last attempt failed. */
  private async restartWithBackoff(): Promise<string | undefined> {
    const { log, maxRestarts } = this.options;
    let lastError =
      maxRestarts === 0 ? 'restarts are off (NEO4J_EMBEDDED_MAX_RESTARTS=0)' : `it died within ${STABLE_MS / 1000} s of each restart`;
    for (; this.failures < maxRestarts; this.failures++) {
      const attempt = this.failures + 1;
      const delayMs = Math.min(FIRST_DELAY_MS * 2 ** this.failures, MAX_DELAY_MS);
      log.warn({ attempt, maxRestarts, delayMs }, 'restarting the embedded Neo4j');
      await this.wait(delayMs);
      if (this.stopping) return undefined;
      try {
        await this.launch();
        this.restarted = true;
        return undefined;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        log.error({ attempt, maxRestarts, err: lastError }, 'restarting the embedded Neo4j failed');
      }
    }
    return lastError;
  }

  /** A delay that `stop()` cuts short. */
  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

function describeExit({ code, signal }: ExitStatus): string {
  return signal ? `killed by ${signal}` : `code ${code}`;
}
