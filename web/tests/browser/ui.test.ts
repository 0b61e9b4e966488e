import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { accessibilityViolations } from "./axe";
import { launch, screenshot } from "./browser";
import { assertNotReloaded, type ContextOptions, markDocument, open as openOn } from "./page";
import { Rest } from "./rest";
import { type RunningServer, startServer } from "./server";

let server: RunningServer;
let browser: Browser;
let rest: Rest;

before(async () => {
  server = await startServer();
  rest = new Rest(server.baseUrl);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

function open(route: string, options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  return openOn(browser, server.baseUrl, route, options);
}

function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "tests", "fixtures", name), "utf8"));
}

describe("tree view", () => {
  test("shows a node created through the API, its data, Stat and ACL; edits, creates and deletes behind confirmation", async () => {
    const { context, page } = await open("/ui/tree/");
    try {
      const children = page.getByRole("list", { name: "Children of /" });
      await children.getByRole("link", { name: "zookeeper" }).waitFor();
      await markDocument(page);

      const original = JSON.stringify({ owner: "web", replicas: 3 });
      await rest.create("/inventory", original);
      await children.getByRole("link", { name: "inventory" }).click();
      await page.waitForURL("**/ui/tree/inventory");
      await assertNotReloaded(page);

      const data = page.getByLabel("Node data");
      await data.getByText('"replicas": 3').waitFor();
      const stat = page.getByRole("region", { name: "Stat" });
      assert.equal(await stat.locator("dt:text-is('version') + dd").textContent(), "0");
      assert.equal(await stat.locator("dt:text-is('ephemeralOwner') + dd").textContent(), "none (persistent)");
      assert.equal(await stat.locator("dt:text-is('dataLength') + dd").textContent(), String(original.length));
      const acl = page.getByRole("region", { name: "ACL" });
      assert.deepEqual(await acl.locator("tbody td").allTextContents(), ["world", "anyone", "cdrwa"]);
      await page.getByRole("radio", { name: "Hex" }).check();
      await data.getByText("00000000  7b 22 6f 77").waitFor();
      await screenshot(page, "ui-tree");

      // Edit: the write happens only after the confirmation, and Escape backs out of it.
      await page.getByRole("button", { name: "Edit data" }).click();
      await page.getByLabel("New data (UTF-8 text)").fill("edited in the browser");
      await page.getByRole("button", { name: "Save…" }).click();
      const confirm = page.getByRole("dialog", { name: "Replace data?" });
      await confirm.waitFor();
      assert.equal(await confirm.evaluate((d) => d.contains(document.activeElement)), true, "focus moves into the dialog");
      await page.keyboard.press("Escape");
      await confirm.waitFor({ state: "hidden" });
      assert.equal(await rest.data("/inventory"), original);

      await page.getByRole("button", { name: "Edit data" }).click();
      await page.getByLabel("New data (UTF-8 text)").fill("edited in the browser");
      await page.getByRole("button", { name: "Save…" }).click();
      await confirm.getByRole("button", { name: "Replace data" }).click();
      await confirm.waitFor({ state: "hidden" });
      assert.equal(await rest.data("/inventory"), "edited in the browser");
      await page.getByRole("heading", { name: "Tree", level: 1 }).and(page.locator(":focus")).waitFor();
      await page.getByRole("radio", { name: "Text" }).check();
      await data.getByText("edited in the browser").waitFor();
      await stat.locator("dt:text-is('version') + dd").getByText("1", { exact: true }).waitFor();

      // Create a child through the UI's dialog.
      await page.getByRole("button", { name: "Create child…" }).click();
      const create = page.getByRole("dialog", { name: "Create a child of /inventory" });
      await create.getByLabel("Name").fill("from-ui");
      await create.getByLabel("Data (UTF-8 text, optional)").fill("hello");
      await create.getByRole("button", { name: "Create" }).click();
      await page.waitForURL("**/ui/tree/inventory/from-ui");
      assert.equal(await rest.data("/inventory/from-ui"), "hello");

      // Delete the parent and its child; the opener gets focus back when the dialog is dismissed.
      await page.getByRole("navigation", { name: "Path" }).getByRole("link", { name: "inventory" }).click();
      const deleteButton = page.getByRole("button", { name: "Delete /inventory…" });
      await deleteButton.click();
      const remove = page.getByRole("dialog", { name: "Delete /inventory?" });
      await remove.getByRole("button", { name: "Cancel" }).click();
      await remove.waitFor({ state: "hidden" });
      // Focus comes back as the dialog unmounts, which may be just after it is hidden: wait for it rather than sample it.
      await deleteButton.and(page.locator(":focus")).waitFor();
      await deleteButton.click();
      await remove.getByLabel(/Also delete its 1 children/).check();
      await remove.getByRole("button", { name: "Delete" }).click();
      await page.waitForURL(/\/ui\/tree\/?$/);
      await children.getByRole("link", { name: "zookeeper" }).waitFor();
      assert.equal(await children.getByRole("link", { name: "inventory" }).count(), 0);
      assert.equal(await rest.data("/inventory"), null);
      await assertNotReloaded(page);
    } finally {
      await context.close();
    }
  });

  test("a change made elsewhere shows up in place, and a save started from the older version is refused", async () => {
    await rest.create("/settings", "timeout=5");
    const { context, page } = await open("/ui/tree/settings");
    try {
      const data = page.getByLabel("Node data");
      await data.getByText("timeout=5").waitFor();
      await markDocument(page);
      await page.getByRole("button", { name: "Edit data" }).click();
      await page.getByLabel("New data (UTF-8 text)").fill("timeout=7");

      // Someone else writes while the editor is open: the Stat follows live, the draft keeps its base version 0.
      assert.equal((await rest.send("PUT", "/v1/znodes/settings?version=0", "timeout=9")).status, 200);
      const stat = page.getByRole("region", { name: "Stat" });
      await stat.locator("dt:text-is('version') + dd").getByText("1", { exact: true }).waitFor();
      await page.getByRole("button", { name: "Save…" }).click();
      const confirm = page.getByRole("dialog", { name: "Replace data?" });
      await confirm.getByText("still at version 0").waitFor();
      await confirm.getByRole("button", { name: "Replace data" }).click();
      await confirm.getByRole("alert").getByText(/^409/).waitFor();
      assert.equal(await rest.data("/settings"), "timeout=9", "the other writer's data survives");

      await confirm.getByRole("button", { name: "Cancel" }).click();
      await data.getByText("timeout=9").waitFor();
      await assertNotReloaded(page);
    } finally {
      await context.close();
      await rest.send("DELETE", "/v1/znodes/settings");
    }
  });

  test("names with URL characters survive links, the address bar and reloads", async () => {
    const name = "odd name?#%.json";
    await rest.create(`/${encodeURIComponent(name)}`, "[1]");
    const { context, page } = await open("/ui/tree/");
    try {
      await page.getByRole("list", { name: "Children of /" }).getByRole("link", { name }).click();
      await page.getByLabel("Node data").getByText("1").waitFor();
      await page.reload();
      await page.getByRole("navigation", { name: "Path" }).getByRole("link", { name }).waitFor();
      await page.getByLabel("Node data").getByText("1").waitFor();
    } finally {
      await context.close();
      await rest.send("DELETE", `/v1/znodes/${encodeURIComponent(name)}`);
    }
  });

  test("a node deleted elsewhere while shown says so plainly", async () => {
    await rest.create("/short-lived", "x");
    const { context, page } = await open("/ui/tree/short-lived");
    try {
      await page.getByRole("region", { name: "Stat" }).waitFor();
      assert.equal((await rest.send("DELETE", "/v1/znodes/short-lived")).status, 204);
      await page.getByRole("alert").getByText(/Could not load \/short-lived: 404/).waitFor();
    } finally {
      await context.close();
    }
  });
});

describe("sessions view", () => {
  test("lists sessions with their ephemerals and follows them live", async () => {
    const { id: holder, timeoutMs } = await rest.openSession(20_000);
    await rest.create("/lock-holder", "", "mode=ephemeral", { "X-Registry-Session": holder });
    const { context, page } = await open("/ui/sessions");
    try {
      const row = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: holder }) });
      await row.getByRole("link", { name: "/lock-holder" }).waitFor();
      await row.getByRole("cell", { name: `${timeoutMs / 1000}s` }).waitFor();
      await markDocument(page);

      const { id: late } = await rest.openSession();
      const lateRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: late }) });
      await lateRow.waitFor();
      await screenshot(page, "ui-sessions");

      await rest.closeSession(late);
      await lateRow.waitFor({ state: "detached" });
      await rest.closeSession(holder);
      await row.waitFor({ state: "detached" });
      await assertNotReloaded(page);
    } finally {
      await context.close();
    }
  });
});

describe("ensemble view", () => {
  test("shows the standalone server and its last zxid as writes land", async () => {
    const { context, page } = await open("/ui/ensemble");
    try {
      const row = page.getByRole("row").filter({ hasText: "this server" });
      await row.getByRole("cell", { name: "standalone" }).waitFor();
      await markDocument(page);
      await rest.create("/ensemble-probe", "");
      const { lastZxid } = await rest.json<{ lastZxid: number }>("/v1/status");
      await row.getByText(`0x${lastZxid.toString(16)}`, { exact: true }).waitFor();
      await assertNotReloaded(page);
      await screenshot(page, "ui-ensemble");
    } finally {
      await context.close();
    }
  });

  test("renders a leader's status in the ensemble contract's shape", async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    const page = await context.newPage();
    await page.route((url) => url.pathname === "/v1/status", (route) => route.fulfill({ json: fixture("status-ensemble.json"), headers: { "X-Registry-Index": "5" } }));
    try {
      await page.goto("/ui/ensemble");
      await page.getByLabel("This server").waitFor();
      const value = (name: string) => page.getByLabel("This server").locator(`dt:text-is('${name}') + dd`).textContent();
      assert.deepEqual([await value("Mode"), await value("Leader"), await value("Epoch")], ["leader", "server 1", "3"]);
      const cells = async (id: number) =>
        page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${id} `) }) }).getByRole("cell").allTextContents();
      assert.deepEqual(await cells(1), ["leader", "0x300000005", "up to date", "this server", "service:web-1"]);
      assert.deepEqual(await cells(2), ["follower", "0x300000003", "2 behind", "connected", "api-ttl, service:web-2"]);
      assert.deepEqual(await cells(3), ["unknown", "0x2fffffff8", "unknown", "disconnected", "none (not running checks)"]);
      assert.match((await page.getByRole("rowheader", { name: /^3 / }).textContent()) ?? "", /127\.0\.0\.1:2890:3890/);
    } finally {
      await context.close();
    }
  });
});

describe("services view", () => {
  test("on this server: shows the catalog, or says plainly that the catalog API is not available", async () => {
    const catalog = await rest.send("GET", "/v1/catalog/services");
    const { context, page } = await open("/ui/services");
    try {
      if (catalog.status === 404) {
        await page.getByRole("status").getByText("The catalog API is not available on this server").waitFor();
      } else {
        await page.getByLabel("Filter by name or tag").waitFor();
      }
    } finally {
      await context.close();
    }
  });

  test("renders recorded catalog answers, filters them and follows a blocking query", async () => {
    const context = await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 800 }, colorScheme: "light" });
    const page = await context.newPage();
    // Recorded answers of the Consul-compatible API stand in for it; the native API behind the tree is real.
    let park!: (route: Route) => void;
    const blocking = new Promise<Route>((resolve) => (park = resolve));
    await page.route(
      (url) => url.pathname === "/v1/catalog/services",
      (route) => {
        if (new URL(route.request().url()).searchParams.has("index")) park(route);
        else route.fulfill({ json: fixture("catalog-services.json"), headers: { "X-Consul-Index": "40" } });
      },
    );
    await page.route(
      (url) => url.pathname.startsWith("/v1/health/service/"),
      (route) => route.fulfill({ json: new URL(route.request().url()).pathname.endsWith("/orders") ? fixture("health-service-orders.json") : [], headers: { "X-Consul-Index": "40" } }),
    );
    try {
      await page.goto("/ui/services");
      const orders = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /orders/ }) });
      await orders.waitFor();
      assert.deepEqual(await orders.getByRole("cell").allTextContents(), ["1", "1", "1", "httpv2"]);
      await page.getByLabel("Filter by name or tag").fill("grpc");
      await page.getByRole("rowheader", { name: /orders/ }).waitFor({ state: "detached" });
      assert.deepEqual(await page.getByRole("rowheader").allTextContents(), ["billing (0 instances)"]);
      await page.getByLabel("Filter by name or tag").fill("");

      // The view waits on ?index=40; when the catalog changes, the held query answers and the view updates in place.
      await markDocument(page);
      const held = await blocking;
      assert.match(held.request().url(), /[?&]index=40&wait=/);
      await held.fulfill({ json: { ...fixture("catalog-services.json"), payments: ["pci"] }, headers: { "X-Consul-Index": "41" } });
      await page.getByRole("rowheader", { name: /payments/ }).waitFor();
      await assertNotReloaded(page);

      await page.getByRole("link", { name: "orders" }).click();
      const instance = page.getByRole("region", { name: "orders-10-0-0-8-8080" });
      await instance.getByText("TTL expired").waitFor();
      assert.equal(await instance.locator("dt:text-is('Address') + dd").textContent(), "10.0.0.8:8080");
      assert.equal(await instance.locator(".panel-head .health").textContent(), "critical");
      const viaNode = page.getByRole("region", { name: "orders-node-1-8081" });
      assert.equal(await viaNode.locator("dt:text-is('Address') + dd").textContent(), "10.0.0.5:8081", "falls back to the node address");
      const passing = page.getByRole("region", { name: "orders-10-0-0-7-8080" });
      assert.equal(await passing.locator("dt:text-is('meta version') + dd").textContent(), "2.3.1");
    } finally {
      await context.close();
    }
  });
});

describe("navigation and layout", () => {
  test("the main navigation works from the keyboard and moves focus to the new page", async () => {
    const { context, page } = await open("/ui/services");
    try {
      const nav = page.getByRole("navigation", { name: "Main" });
      await nav.getByRole("link", { name: "Services" }).and(page.locator("[aria-current=page]")).waitFor();
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Skip to content");
      await page.keyboard.press("Tab");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Tree");
      await page.keyboard.press("Enter");
      await page.waitForURL("**/ui/tree/");
      await page.getByRole("heading", { name: "Tree", level: 1 }).and(page.locator(":focus")).waitFor();
      await nav.getByRole("link", { name: "Tree" }).and(page.locator("[aria-current=page]")).waitFor();

      // Backwards from the focused heading, the last navigation link comes first.
      await page.keyboard.press("Shift+Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Ensemble");
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Ensemble", level: 1 }).and(page.locator(":focus")).waitFor();

      await page.goBack();
      await page.getByRole("heading", { name: "Tree", level: 1 }).waitFor();
    } finally {
      await context.close();
    }
  });

  test("a phone viewport renders every view without horizontal scrolling", async () => {
    const { id: session } = await rest.openSession();
    await rest.create("/phone-check", "", "mode=ephemeral", { "X-Registry-Session": session });
    const { context, page } = await open("/ui/tree/zookeeper", { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      const views: [string, () => Promise<void>][] = [
        ["/ui/tree/zookeeper", () => page.getByRole("region", { name: "ACL" }).waitFor()],
        ["/ui/sessions", () => page.getByRole("link", { name: "/phone-check" }).waitFor()],
        ["/ui/ensemble", () => page.getByRole("cell", { name: "standalone" }).waitFor()],
        ["/ui/services", () => page.getByRole("heading", { name: "Services" }).waitFor()],
      ];
      for (const [route, loaded] of views) {
        await page.goto(route);
        await loaded();
        const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
        assert.ok(scroll <= client, `${route} scrolls sideways: ${scroll} > ${client}`);
        if (route === "/ui/tree/zookeeper") await screenshot(page, "ui-phone-tree");
      }
    } finally {
      await context.close();
      await rest.closeSession(session);
    }
  });

  for (const colorScheme of ["light", "dark"] as const) {
    test(`every view meets WCAG 2.1 AA in the ${colorScheme} scheme, dialogs included`, async () => {
      const { id: session } = await rest.openSession();
      await rest.create(`/a11y-${colorScheme}`, JSON.stringify({ checked: true }), "mode=ephemeral", { "X-Registry-Session": session });
      const { context, page } = await open(`/ui/tree/a11y-${colorScheme}`, { colorScheme });
      try {
        const checks: [string, () => Promise<void>][] = [
          [`/ui/tree/a11y-${colorScheme}`, () => page.getByRole("region", { name: "ACL" }).waitFor()],
          ["/ui/sessions", () => page.getByRole("link", { name: `/a11y-${colorScheme}` }).waitFor()],
          ["/ui/ensemble", () => page.getByRole("cell", { name: "standalone" }).waitFor()],
          ["/ui/services", () => page.getByRole("heading", { name: "Services" }).waitFor()],
        ];
        for (const [route, loaded] of checks) {
          await page.goto(route);
          await loaded();
          assert.deepEqual(await accessibilityViolations(page), [], route);
        }
        await page.goto(`/ui/tree/a11y-${colorScheme}`);
        await page.getByRole("button", { name: `Delete /a11y-${colorScheme}…` }).click();
        await page.getByRole("dialog").waitFor();
        assert.deepEqual(await accessibilityViolations(page), [], "delete dialog");
      } finally {
        await context.close();
        await rest.closeSession(session);
      }
    });
  }
});
