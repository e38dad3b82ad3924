/** The titles of the shipped scenario files, by file name (scripts/shippedTitlesPlugin.ts). */
declare module 'virtual:shipped-scenario-titles' {
  const titles: Readonly<Record<string, string>>;
  export default titles;
}
