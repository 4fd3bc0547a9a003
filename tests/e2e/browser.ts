import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';

/** What the browser suites share: Debian's chromium, a context per locale, signing in through the form. */

export const PASSWORD = process.env.DEMO_PASSWORD || 'Custodian-demo-1';
export const SHOTS = join(__dirname, 'screenshots');
export type Locale = 'zh-CN' | 'en';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A fresh context (own cookies) in `locale`: English is chosen by the app's locale cookie. */
export async function openContext(browser: Browser, webUrl: string, locale: Locale = 'zh-CN'): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, locale, acceptDownloads: true });
  if (locale === 'en') await context.addCookies([{ name: 'custodian-locale', value: 'en', url: webUrl }]);
  return context;
}

/** Fills and submits the sign-in form (does not wait for where it leads). */
export async function signInAt(page: Page, webUrl: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${webUrl}/signin`);
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('[data-testid=signin-submit]');
}

/**
 * Chooses `option` in the Ant Design select found by `input`, and waits until the select
 * shows it as chosen. A click that lands while the dropdown is still opening is tried again; a multiple
 * select is never clicked once the option is chosen (a second click would remove it).
 */
export async function pickOption(page: Page, input: string, option: string | RegExp): Promise<void> {
  // `input` is the select's search input (a form item's id) or the select itself (a data-testid on it).
  const select = page.locator(input).locator('xpath=ancestor-or-self::div[contains(concat(" ", normalize-space(@class), " "), " ant-select ")][1]');
  // A multiple select shows its choices as items; a single one marks its content as having a value.
  const chosen = select.locator('.ant-select-selection-item, .ant-select-content-has-value', { hasText: option });
  for (let attempt = 0; attempt < 3 && !(await chosen.count()); attempt++) {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await page.click(input);
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first().click();
    await chosen.first().waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await chosen.first().waitFor({ timeout: 1000 });
}
