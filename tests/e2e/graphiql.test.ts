import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium.js';
import { startTestServer } from '../support/server.js';

/**
 * GraphiQL at /graphql in headless Chromium, under the server's Content-Security-Policy: it must
 * start, run a query and open its dialogs without the browser blocking anything.
 */
let app: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;

beforeAll(async () => {
  [app, browser] = await Promise.all([startTestServer(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('GraphiQL at /graphql (headless Chromium)', () => {
  it('starts, runs the default query and opens its settings dialog with no CSP violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(`CSP violation: ${message.text()}`);
    });
    const violations = () => page.evaluate(() => (window as any).__violations as string[]);
    // The page's own record too: the console is only one way Chromium reports a violation.
    await page.addInitScript(() => {
      (window as any).__violations = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });

    await page.goto(`${app.server.url}/graphql`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').textContent(), { timeout: 20_000 }).toContain('neo4jVersion');

    // A dialog makes GraphiQL's scroll lock add a <style> element: allowed by the page's nonce.
    await page.getByRole('button', { name: /settings/i }).click();
    await page.getByRole('dialog').waitFor();

    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
