// Opening pages on a server, and proving that a view updated in place rather than by reloading.
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";

export type ContextOptions = Parameters<Browser["newContext"]>[0];

export async function open(browser: Browser, baseUrl: string, route: string, options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 800 }, colorScheme: "light", ...options });
  const page = await context.newPage();
  await page.goto(route);
  return { context, page };
}

/** Document requests of each marked page's main frame since it was marked. */
const documentLoads = new WeakMap<Page, number>();

/**
 * Marks the loaded document and starts counting document requests: the mark survives, and the count stays 0,
 * only if the UI updates in place (history-API routing, long polls) without a reload or a server round trip.
 */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { registryMark: boolean }).registryMark = true));
  documentLoads.set(page, 0);
  page.on("request", (request) => {
    if (request.resourceType() === "document" && request.frame() === page.mainFrame()) documentLoads.set(page, (documentLoads.get(page) ?? 0) + 1);
  });
}

export async function assertNotReloaded(page: Page): Promise<void> {
  assert.equal(await page.evaluate(() => (window as unknown as { registryMark?: boolean }).registryMark), true, "the page was reloaded");
  assert.equal(documentLoads.get(page), 0, "the page requested a new document");
}
