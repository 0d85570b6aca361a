/**
 * What the kernel knows about a process (Linux /proc; elsewhere these return undefined).
 * Peak resident memory: On Linux the kernel keeps the high-water mark (VmHWM) and lets the owner
 * reset it through clear_refs, which catches a peak between samples; elsewhere the peak is sampled.
 */
import { readFileSync, writeFileSync } from "node:fs";

function statusField(pid: number | "self", field: "VmHWM" | "VmRSS"): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
  } catch {
    return undefined;
  }
}

/** Resets the process's peak to its current RSS; false where the kernel does not offer that. */
export function resetPeak(pid: number | "self"): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, "5");
    return statusField(pid, "VmHWM") !== undefined;
  } catch {
    return false;
  }
}

export const peakRss = (pid: number | "self"): number | undefined => statusField(pid, "VmHWM");
export const currentRss = (pid: number | "self"): number | undefined => statusField(pid, "VmRSS");

export interface PeakTracker {
  /** Call between units of work; only needed where the kernel keeps no peak. */
  sample(): void;
  /** Bytes above the RSS at start, and how the peak was found. */
  finish(): { peakRssDelta: number; method: "VmHWM" | "sampled" };
}

/** Tracks this process's peak RSS from now on; collects garbage first when `--expose-gc` is on. */
export function trackOwnPeak(): PeakTracker {
  globalThis.gc?.();
  const start = process.memoryUsage.rss();
  const kernel = resetPeak("self");
  let sampled = start;
  return {
    sample() {
      if (!kernel) sampled = Math.max(sampled, process.memoryUsage.rss());
    },
    finish() {
      const peak = kernel ? (peakRss("self") ?? sampled) : Math.max(sampled, process.memoryUsage.rss());
      return { peakRssDelta: peak - start, method: kernel ? "VmHWM" : "sampled" };
    },
  };
}

/** Clock ticks per second of /proc/<pid>/stat; 100 on every mainstream Linux build (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) the process has used so far, in milliseconds. */
export function cpuMs(pid: number): number | undefined {
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}
