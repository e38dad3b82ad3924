/**
 * A run as a link: the exported scenario (configuration, seed, and every command issued so
 * far at its simulated time; exportRun.ts), compressed into the address's fragment,
 * `#run=<base64url of deflate-raw JSON>`. Opening the link imports that scenario, so the run
 * replays exactly, from the start. The fragment never reaches a server, and a few kilobytes of
 * scenario make a link of about a third of that.
 *
 * This module loads when a link is made or opened, not with the page.
 */
import { RUN_PARAM } from './runLinkParam.ts';

/**
 * The most a link may unpack to. Shipped scenarios with long timelines are a few kilobytes;
 * this keeps a crafted link (a small fragment that inflates to gigabytes) from taking the tab.
 */
export const MAX_RUN_BYTES = 4 * 1024 * 1024;

async function pipe(bytes: Uint8Array, stream: GenericTransformStream): Promise<Uint8Array> {
  const reader = new Blob([bytes as BlobPart]).stream().pipeThrough(stream).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    size += r.value.length;
    if (size > MAX_RUN_BYTES) {
      await reader.cancel();
      throw new Error(`it unpacks to more than ${MAX_RUN_BYTES / 1024 / 1024} MB`);
    }
    chunks.push(r.value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode takes its arguments on the stack.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text))
    throw new Error('it has characters a link of a run never has');
  const base64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The fragment value for a scenario file's JSON text. */
export async function encodeRun(json: string): Promise<string> {
  return toBase64Url(
    await pipe(new TextEncoder().encode(json), new CompressionStream('deflate-raw')),
  );
}

/**
 * The scenario file's JSON text a fragment value carries. Throws an Error that says what is
 * wrong (cut short, not a run at all), for the notice; the scenario's own problems are the
 * importer's to list.
 */
export async function decodeRun(value: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(value);
  } catch (err) {
    throw new Error(`the link is damaged: ${err instanceof Error ? err.message : String(err)}`, {
      cause: err,
    });
  }
  let unpacked: Uint8Array;
  try {
    unpacked = await pipe(bytes, new DecompressionStream('deflate-raw'));
  } catch (err) {
    const tooBig = err instanceof Error && err.message.startsWith('it unpacks');
    throw new Error(
      tooBig
        ? `the link is not a run: ${err.message}`
        : 'the link is damaged or cut short: its run cannot be unpacked',
      { cause: err },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(unpacked);
  } catch (err) {
    throw new Error('the link is damaged: its run is not text', { cause: err });
  }
}

/** `href` with its fragment replaced by the run's, and without `?scenario=` (the run says it). */
export function linkOfRun(href: string, value: string): string {
  const url = new URL(href);
  url.searchParams.delete('scenario');
  url.hash = `${RUN_PARAM}=${value}`;
  return url.toString();
}
