import v8 from 'node:v8';

/**
 * V8 lets the heap grow to about four times what is live before a full collection: under a wave of answers, 30 MB
 * live became 250 MB resident. Twice what is live keeps the server under 200 MB for about 2 % more CPU
 * (bench/results.md, issue 18). A ceiling (--max-old-space-size) would instead risk the process on a large export.
 * Called first by whatever serves the app: the server, and the bench's stand-in for it.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
}
