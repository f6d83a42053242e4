/**
 * Preloaded into the server under test (`node --import tsx --import ./bench/lib/loop-delay-probe.ts
 * bin/waymark.js serve`) so that the bench can read the server's event-loop delay without any code
 * in src/. On SIGUSR2 it prints one line `@@loop-delay {"p50":…,"p99":…,"max":…}` (ms) on stderr,
 * with the figures since the previous SIGUSR2, and starts over.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
process.on('SIGUSR2', () => {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const figures = {
    p50: ms(histogram.percentile(50)),
    p99: ms(histogram.percentile(99)),
    max: ms(histogram.max),
  };
  process.stderr.write(`@@loop-delay ${JSON.stringify(figures)}\n`);
  histogram.reset();
});
