/** Who changes something: a signed-in user, a command-line user, or the system's timed jobs. */
export type Actor = { userId: number | null; name: string };

/** A command-line action with no named account (scripts and tests; the CLI itself names its user). */
export const CLI_ACTOR: Actor = { userId: null, name: 'cli' };
/** Timed jobs (automatic close, scheduled sending) act as the system. */
export const SYSTEM_ACTOR: Actor = { userId: null, name: 'system' };
