import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The facts about the machine that a figure depends on, for the header of every bench. */
export function describeMachine(): string {
  let cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1]?.trim() ?? cpu;
  } catch {
    // not Linux: keep what os.cpus() says
  }
  const memGb = (os.totalmem() / 1024 ** 3).toFixed(0);
  return `${os.availableParallelism()} cores (${cpu}), ${memGb} GB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;
}
