import type { z } from 'zod';
import type { Actor } from './audit/actor';
import { inTransaction, type Db } from './db/client';
import { AppError, done, type FieldErrors, type Outcome, type Refusal } from './errors';
import { isMessageKey, type MessageKey, type MessageParams } from './i18n/messages';

/** What every command runs with: the database, who acts (audited), and the one `now` of the whole change. */
export type CommandContext = { db: Db; actor: Actor; now: number };

/** A state change as callers see it: any input in, done or refused out. */
export type Command<Input, Value> = (db: Db, input: Input, actor: Actor, now: number) => Outcome<Value>;

/**
 * A state change: `input` is checked by `schema` (the one place its rules live), then `run` writes, audits and
 * queues its mail in one transaction. An AppError raised inside rolls everything back and comes out as a
 * Refusal, so callers handle expected failures as values; only bugs and infrastructure failures throw.
 */
export function command<Schema extends z.ZodType, Value>(
  schema: Schema,
  run: (ctx: CommandContext, input: z.output<Schema>) => Value,
): Command<z.input<Schema>, Value> {
  return (db, input, actor, now) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      return done(inTransaction(db, () => run({ db, actor, now }, parsed.data)));
    } catch (error) {
      return refusalOf(error);
    }
  };
}

/**
 * A command whose work outside the database (removing files, rewriting the file) follows its commit and only a
 * done outcome: `then` turns what the transaction returned into what callers get.
 */
export function afterCommit<Input, Value, Result>(
  cmd: Command<Input, Value>,
  then: (db: Db, value: Value) => Result,
): Command<Input, Result> {
  return (db, input, actor, now) => {
    const outcome = cmd(db, input, actor, now);
    return outcome.ok ? done(then(db, outcome.value)) : outcome;
  };
}

/**
 * A state change that must first read something slow outside any transaction (an uploaded file, parsed in a
 * worker thread): `run` reads, then writes, audits and queues its mail in ONE inTransaction of its own. Input
 * and refusals as in command().
 */
export function asyncCommand<Schema extends z.ZodType, Value>(
  schema: Schema,
  run: (ctx: CommandContext, input: z.output<Schema>) => Promise<Value>,
): (db: Db, input: z.input<Schema>, actor: Actor, now: number) => Promise<Outcome<Value>> {
  return async (db, input, actor, now) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return invalidInput(parsed.error);
    try {
      return done(await run({ db, actor, now }, parsed.data));
    } catch (error) {
      return refusalOf(error);
    }
  };
}

/** An AppError as the refusal it stands for; anything else is a bug or an infrastructure failure, rethrown. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof AppError) return error.refusal;
  throw error;
}

/** Marks a zod message as a catalogue key: `z.string().min(3, reason('campaigns.nameRequired'))`. */
export function reason(key: MessageKey): string {
  return key;
}

/** A failed parse as a refusal: the first message per field, in catalogue keys (zod's own wording is not shown). */
export function invalidInput(error: z.ZodError): Refusal {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : '_';
    fields[field] ??= {
      key: isMessageKey(issue.message) ? issue.message : 'errors.invalidField',
      params: boundsOf(issue),
    };
  }
  const first = Object.values(fields)[0] ?? { key: 'errors.invalidField' };
  return { ok: false, code: 'invalid_input', message: first, fields };
}

function boundsOf(issue: z.core.$ZodIssue): MessageParams | undefined {
  const bounds = issue as { minimum?: unknown; maximum?: unknown };
  const params: MessageParams = {};
  if (typeof bounds.minimum === 'number') params.min = bounds.minimum;
  if (typeof bounds.maximum === 'number') params.max = bounds.maximum;
  return Object.keys(params).length > 0 ? params : undefined;
}
