import type { RequestHandler } from 'express';

/**
 * Middleware run one after the other as a single router layer: every request passes the app's common ones, and
 * the router's work per layer (matching, error checks, re-entry) came to more than theirs (bench/results.md,
 * issue 18). A handler that passes an error, or throws, ends the run: the error goes on to the app's handlers.
 */
export function inOrder(...handlers: RequestHandler[]): RequestHandler {
  return (req, res, next) => {
    let i = 0;
    const step = (error?: unknown): void => {
      if (error) return next(error);
      const handler = handlers[i++];
      if (!handler) return next();
      try {
        void handler(req, res, step);
      } catch (thrown) {
        next(thrown);
      }
    };
    step();
  };
}
