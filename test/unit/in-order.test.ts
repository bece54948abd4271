import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { inOrder } from '../../src/web/in-order';

const req = {} as Request;
const res = {} as Response;

function run(handler: RequestHandler): unknown[] {
  const passed: unknown[] = [];
  handler(req, res, ((error?: unknown) => passed.push(error ?? 'next')) as NextFunction);
  return passed;
}

describe('middleware run in order as one layer', () => {
  it('runs each handler in turn, then goes on once', () => {
    const seen: string[] = [];
    const mark =
      (name: string): RequestHandler =>
      (_req, _res, next) => {
        seen.push(name);
        next();
      };
    expect(run(inOrder(mark('a'), mark('b'), mark('c')))).toEqual(['next']);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('stops at a handler that passes an error, and hands the error on', () => {
    const failure = new Error('too large');
    let laterRan = false;
    const passed = run(
      inOrder(
        (_req, _res, next) => next(failure),
        () => {
          laterRan = true;
        },
      ),
    );
    expect(passed).toEqual([failure]);
    expect(laterRan).toBe(false);
  });

  it('hands on what a handler throws', () => {
    const failure = new Error('thrown');
    expect(
      run(
        inOrder(() => {
          throw failure;
        }),
      ),
    ).toEqual([failure]);
  });

  it('ends the request without going on when a handler answers it', () => {
    expect(run(inOrder(() => undefined))).toEqual([]);
  });
});
