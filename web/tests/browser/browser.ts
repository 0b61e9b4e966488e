// Debian's Chromium, headless, driven by playwright-core (which never downloads a browser of its own).
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { repoRoot } from "./server";

export const CHROMIUM = process.env.REGISTRY_CHROMIUM ?? "/usr/bin/chromium";

export function launch(): Promise<Browser> {
  // The sandbox needs user namespaces, which containers and root shells often lack.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
}

/** The screenshots the README shows, committed under docs/images. */
const PUBLISHED = new Set(["ui-tree", "ui-phone-tree", "ui-services", "ui-service-detail"]);

/**
 * Screenshots go to web/test-results/screenshots; the README's also go to docs/images when
 * REGISTRY_UPDATE_SCREENSHOTS=1 (ordinary runs leave the work tree clean).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folders = [join(repoRoot, "web/test-results/screenshots")];
  if (process.env.REGISTRY_UPDATE_SCREENSHOTS === "1" && PUBLISHED.has(name)) folders.push(join(repoRoot, "docs/images"));
  for (const folder of folders) {
    mkdirSync(folder, { recursive: true });
    await page.screenshot({ path: join(folder, `${name}.png`), fullPage: true });
  }
}
