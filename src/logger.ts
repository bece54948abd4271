import pino from 'pino';

/** Structured JSON logs; tokens and passwords never reach them (see redactToken). */
export function createLogger(level: string) {
  return pino({ level, redact: ['req.headers.cookie', 'password', 'token'] });
}
