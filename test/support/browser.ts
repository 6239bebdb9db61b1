import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { TestApp } from './test-app.js';

export const SCREENSHOTS = join(import.meta.dirname, '..', 'screenshots');

/**
 * Debian's Chromium (installed by .ci/run), headless, with nothing reaching outside: this
 * machine's network is closed and Chromium's background services would only fail there.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Serves the test app on a loopback port for the browser; returns its base address. */
export async function listen(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${address.port}`;
}

/** A person's browser: a phone (390×844) or a desktop, in Vietnamese, Hanoi time. */
export async function personOn(
  browser: Browser,
  base: string,
  device: 'phone' | 'desktop',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: device === 'phone' ? { width: 390, height: 844 } : { width: 1280, height: 900 },
    isMobile: device === 'phone',
    hasTouch: device === 'phone',
    acceptDownloads: true,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return { context, page };
}

let shots = 0;

/** Saves a numbered screenshot of the whole page under test/screenshots/ for review. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  shots++;
  await page.screenshot({
    path: join(SCREENSHOTS, `${String(shots).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

export async function signIn(page: Page, username: string, password = 'demo1234'): Promise<void> {
  await page.goto('/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/dang-nhap'));
}
