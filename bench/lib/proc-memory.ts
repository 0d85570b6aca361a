/**
 * Peak resident memory. On Linux the kernel keeps the high-water mark (VmHWM) and lets the owner
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
