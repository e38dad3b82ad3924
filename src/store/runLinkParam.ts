/**
 * Where a shared run sits in an address: `#run=…` (shareLink.ts packs and unpacks it). Kept
 * apart so the page can look for a link at start without loading the packing code.
 */

/** The fragment's parameter. */
export const RUN_PARAM = 'run';

/** The `run` value of an address's fragment (`location.hash`), or null when it has none. */
export function runOfHash(hash: string): string | null {
  return new URLSearchParams(hash.replace(/^#/, '')).get(RUN_PARAM);
}
