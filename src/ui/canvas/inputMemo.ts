/**
 * A memo for selectors whose inputs are a few hundred plain values spread over the engine
 * state (leaders, assignments, brokers' fetchers): the values are written flat into a reused
 * array and compared with the last call's, element by element. No allocation while nothing
 * changed, and exact: no hash that could collide. Used where the result changes a few times a
 * run but was built again on every frame (edgeInputs.ts, useMessageScene.ts).
 */

/**
 * `compute(input)`, called again only when the values `write` puts down for `input` differ
 * from the last call's; the last result otherwise.
 */
export function createInputMemo<I, R>(
  write: (input: I, out: unknown[]) => number,
  compute: (input: I) => R,
): (input: I) => R {
  let last: unknown[] = [];
  let lastLength = -1;
  let next: unknown[] = [];
  let result: R | undefined;
  return (input) => {
    const n = write(input, next);
    let same = n === lastLength;
    for (let i = 0; same && i < n; i++) same = next[i] === last[i];
    if (same) return result as R;
    // Computed before the inputs are kept: if it throws, the next call computes again.
    result = compute(input);
    [last, next] = [next, last];
    lastLength = n;
    return result;
  };
}
