/**
 * The address bar, kept in step with what runs, for sharing: `?scenario=<name>` for a shipped
 * scenario, `#run=…` for a run shared as a link (store/shareLink.ts). Each replaces the
 * other, so a reload opens what is on screen.
 */

/** A shipped scenario was picked: `?scenario=<name>`, and no run link. */
export function rememberScenario(name: string): void {
  const url = new URL(window.location.href);
  url.searchParams.set('scenario', name);
  url.hash = '';
  window.history.replaceState(null, '', url);
}

/** A file was imported: the run link, if any, no longer says what runs. */
export function forgetRunLink(): void {
  if (window.location.hash === '') return;
  const url = new URL(window.location.href);
  url.hash = '';
  window.history.replaceState(null, '', url);
}

/** A run link was made: the address bar holds it too. */
export function showRunLink(link: string): void {
  window.history.replaceState(null, '', link);
}
