import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout (one object per line), the format log shippers expect. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'chainkb' } });
}

export type { Logger };
