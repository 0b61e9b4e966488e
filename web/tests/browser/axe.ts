// Automated WCAG 2.1 A/AA checks (contrast included) with axe-core, run inside the page.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const axeScript = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface Violation {
  id: string;
  help: string;
  targets: string[];
}

/** The page's WCAG 2.1 A and AA violations, as "rule: help (selectors)" lines; empty when it passes. */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: axeScript });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
  return (violations as Violation[]).map((v) => `${v.id}: ${v.help} (${v.targets.join(", ")})`);
}
