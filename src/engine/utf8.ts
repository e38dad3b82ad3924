/**
 * UTF-8 the way Kafka's StringSerializer produces it: `String.getBytes(StandardCharsets.UTF_8)`.
 *
 * The engine's lib has no TextEncoder, so this is done by hand. One detail differs from
 * TextEncoder and matches Java: a lone (unpaired) surrogate becomes '?' (one byte, 0x3F), as
 * Java's encoder replaces malformed input with its replacement byte; TextEncoder would write
 * U+FFFD (three bytes). A surrogate pair is one code point and takes four bytes.
 */

const REPLACEMENT_BYTE = 0x3f; // '?', Java's UTF-8 encoder replacement

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Number of bytes `utf8Encode(s)` returns, without allocating. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (isHighSurrogate(c) && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else if (isHighSurrogate(c) || isLowSurrogate(c)) n += 1;
    else n += 3;
  }
  return n;
}

/** The UTF-8 bytes of `s`, as Java's `s.getBytes(UTF_8)`. */
export function utf8Encode(s: string): Uint8Array {
  const out = new Uint8Array(utf8Length(s));
  let p = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      out[p++] = c;
    } else if (c < 0x800) {
      out[p++] = 0xc0 | (c >> 6);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (isHighSurrogate(c) && isLowSurrogate(s.charCodeAt(i + 1))) {
      c = 0x10000 + ((c - 0xd800) << 10) + (s.charCodeAt(++i) - 0xdc00);
      out[p++] = 0xf0 | (c >> 18);
      out[p++] = 0x80 | ((c >> 12) & 0x3f);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    } else if (isHighSurrogate(c) || isLowSurrogate(c)) {
      out[p++] = REPLACEMENT_BYTE;
    } else {
      out[p++] = 0xe0 | (c >> 12);
      out[p++] = 0x80 | ((c >> 6) & 0x3f);
      out[p++] = 0x80 | (c & 0x3f);
    }
  }
  return out;
}
