import pino, { type Logger } from 'pino';

/** The process logger: JSON lines (pipe through pino-pretty to read them in a terminal). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'peakwatch' }, redact: ['req.headers.authorization'] });
}
