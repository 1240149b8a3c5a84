/**
 * CPU time by process, read from /proc, so that a phase's cost per post can be stated
 * whatever else the machine runs: wall-clock figures depend on the load, CPU time barely.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** User + system CPU seconds a process has used so far (0 once it is gone). */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may hold spaces), from field 3 on.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** The processes named `comm` (e.g. every PostgreSQL backend), summed. */
export function cpuSecondsOf(comm: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === comm) total += cpuSeconds(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}

/** CPU seconds of this process (the web app with the simulator, in the bench). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export type CpuSample = Record<string, number>;

/** One reading of every component; `diff` of two readings gives a phase's CPU seconds. */
export function sampleCpu(parts: { workers: number[]; storePid?: number }): CpuSample {
  return {
    web_and_simulator: ownCpuSeconds(),
    workers: parts.workers.reduce((sum, pid) => sum + cpuSeconds(pid), 0),
    ...(parts.storePid ? { ferretdb: cpuSeconds(parts.storePid) } : {}),
    postgresql: cpuSecondsOf('postgres'),
    // The queues, locks and read models: the same cores, so the same budget.
    redis: cpuSecondsOf('redis-server'),
  };
}

/** Milliseconds of CPU per item between two readings, by component and in total. */
export function cpuMsPer(before: CpuSample, after: CpuSample, items: number): Record<string, number> {
  const out: Record<string, number> = {};
  let total = 0;
  for (const [name, start] of Object.entries(before)) {
    const ms = (((after[name] ?? start) - start) * 1000) / Math.max(1, items);
    if (ms <= 0 && (name === 'postgresql' || name === 'redis')) continue;
    out[name] = Math.round(ms * 10) / 10;
    total += ms;
  }
  out.total = Math.round(total * 10) / 10;
  return out;
}
