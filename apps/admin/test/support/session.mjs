// The preamble every browser test shares: the real API on PGlite, the admin app on the same
// origin (served by the API when it serves /admin, else by admin-server.mjs), headless
// Chromium, pages that collect uncaught errors, and signing in through the login form.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAdminServer } from './admin-server.mjs';
import { startApi } from './api.mjs';
import { launchBrowser } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const DIST = resolve(here, '../../dist');

/** The admin app's origin: the API itself when it serves /admin, else a local server in front of it. */
export async function adminOrigin(apiUrl, dist = DIST) {
  try {
    const res = await globalThis.fetch(`${apiUrl}/admin/datasets`);
    if (res.ok && (await res.text()).includes('<div id="root">'))
      return { url: apiUrl, stop: async () => {} };
  } catch {
    // not served by the API
  }
  return startAdminServer({ dist, apiUrl });
}

/** The main navigation (its accessible name is "Main" in en, "主导航" in zh). */
export const nav = (page, name = 'Main') => page.getByRole('navigation', { name });

/**
 * Starts the API, the admin origin and the browser.
 * @returns {Promise<{
 *   api: Awaited<ReturnType<typeof startApi>>, web: {url: string, stop: () => Promise<void>},
 *   browser: import('playwright-core').Browser, pageErrors: string[],
 *   newPage: (options?: {locale?: string, acceptDownloads?: boolean}) => Promise<import('playwright-core').Page>,
 *   signIn: (page: import('playwright-core').Page, email: string, password?: string) => Promise<void>,
 *   stop: () => Promise<void>,
 * }>}
 */
export async function startSession() {
  const api = await startApi();
  const web = await adminOrigin(api.url);
  const browser = await launchBrowser();
  const pageErrors = [];
  return {
    api,
    web,
    browser,
    pageErrors,
    async newPage({ locale = 'en-US', acceptDownloads = true } = {}) {
      const context = await browser.newContext({
        locale,
        viewport: { width: 1366, height: 900 },
        acceptDownloads,
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    async signIn(page, email, password = 'demo-password') {
      await page.goto(`${web.url}/admin/login`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByTestId('whoami').waitFor();
    },
    async stop() {
      await browser.close();
      await web.stop();
      await api.stop();
    },
  };
}
