/** The `?scenario=<name>` link, apart from the scenario checker (scenarios.ts loads later). */

/** The scenario a `?scenario=<name>` query asks for, or null when it names none. */
export function scenarioNameFromQuery(search: string): string | null {
  const name = new URLSearchParams(search).get('scenario');
  return name === null || name.trim() === '' ? null : name.trim();
}
