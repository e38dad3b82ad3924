/** Keys typed in the inspector: comma-separated, blanks dropped; none means records without a key. */
export function parseKeys(text: string): string[] {
  return text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k.length > 0);
}
