/**
 * How every tool here starts Debian's Chromium (Playwright cannot download a browser on these
 * machines): the browser tests, `npm run bench:ui` and `npm run shots`.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
