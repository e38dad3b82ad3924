/**
 * When each part of a log's read-back range (LogState.readBack, pageCache.ts) was last read, as
 * runs [offset, ms, offset, ms, …] in offset order: run i holds from its offset to the next
 * run's (the last to the range's end). The kernel evicts the least recently used pages first,
 * and a scan's early pages are older than its latest ones.
 */

/** Marks [a, b) of a range ending at `end` as read at `ms`; neighbouring equal times merge. */
export function stampRuns(runs: readonly number[], end: number, a: number, b: number, ms: number) {
  const out: number[] = [];
  const push = (offset: number, at: number) => {
    if (out.length > 0 && out[out.length - 1] === at) return;
    if (out.length > 0 && out[out.length - 2] === offset) out[out.length - 1] = at;
    else out.push(offset, at);
  };
  for (let i = 0; i < runs.length; i += 2) {
    const start = runs[i]!;
    const stop = i + 2 < runs.length ? runs[i + 2]! : end;
    const at = runs[i + 1]!;
    if (start < a) push(start, at);
    if (stop > a && start < b) push(Math.max(start, a), ms);
    if (stop > b) push(Math.max(start, b), at);
  }
  return out;
}

/** The runs of a range that now starts at `from` and ends at `end` (evicted, deleted, cut). */
export function clipRuns(runs: number[], from: number, end: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < runs.length; i += 2) {
    const stop = i + 2 < runs.length ? runs[i + 2]! : Infinity;
    if (stop <= from || runs[i]! >= end) continue;
    out.push(Math.max(runs[i]!, from), runs[i + 1]!);
  }
  return out;
}

/** What is wrong with a range's runs, or null. */
export function runsProblem(runs: readonly number[], from: number, to: number): string | null {
  if (runs.length < 2 || runs.length % 2 !== 0 || runs[0] !== from)
    return `read times ${JSON.stringify(runs)} do not start at ${from}`;
  for (let i = 2; i < runs.length; i += 2)
    if (runs[i]! <= runs[i - 2]! || runs[i]! >= to)
      return `read times ${JSON.stringify(runs)} are not in offset order within [${from}, ${to})`;
  return null;
}
