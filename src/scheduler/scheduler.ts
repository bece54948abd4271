import type { Logger } from 'pino';
import type { Clock } from '../time';

/** One timed job: run with the tick's `now`, at most once every `everyMs` (default: every tick). */
export type TimedJob = { name: string; everyMs?: number; run: (now: number) => void };

export type Scheduler = {
  /** Runs every job that is due, in order, at the clock's now (the timer calls it; tests call it directly). */
  tick(): void;
  stop(): void;
};

/**
 * The one timer behind every timed job: each tick reads the clock once and runs the due jobs in order with that
 * `now`; a job that throws is logged and the others still run. Started with a tick at once unless `start` is false.
 */
export function startScheduler(options: {
  jobs: TimedJob[];
  clock: Clock;
  tickMs: number;
  logger?: Logger;
  start?: boolean;
}): Scheduler {
  const { jobs, clock, logger } = options;
  const lastRun = new Map<TimedJob, number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  function tick(): void {
    const now = clock();
    for (const job of jobs) {
      const last = lastRun.get(job);
      if (last !== undefined && now - last < (job.everyMs ?? 0)) continue;
      lastRun.set(job, now);
      try {
        job.run(now);
      } catch (err) {
        logger?.error({ err, job: job.name }, 'scheduler: job failed');
      }
    }
  }

  function loop(): void {
    if (stopped) return;
    tick();
    timer = setTimeout(loop, options.tickMs);
  }
  if (options.start !== false) loop();

  return {
    tick,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
