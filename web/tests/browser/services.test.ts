// The services views against a real server: services registered, reported and removed through the
// Consul-compatible API reach the open views through their blocking queries, without a reload.
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, test } from "node:test";
import type { Browser, Locator, Page } from "playwright-core";
import { accessibilityViolations } from "./axe";
import { launch, screenshot } from "./browser";
import { ConsulAgent, type Registration } from "./consul";
import { assertNotReloaded, markDocument, open } from "./page";
import { Rest } from "./rest";
import { type RunningServer, startServer } from "./server";

let server: RunningServer;
let browser: Browser;
let rest: Rest;
let agent: ConsulAgent;

before(async () => {
  // The node the server registers its instances under, as the catalog and the detail view show it.
  server = await startServer(["--Registry:NodeName=registry-1"]);
  rest = new Rest(server.baseUrl);
  agent = new ConsulAgent(server.baseUrl);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** A service instance with a TTL check, reported passing (or warning) with a note, as a running application would. */
async function registerReporting(service: Omit<Registration, "Check">, state: "pass" | "warn", note: string): Promise<void> {
  const checkId = `${service.ID}-ttl`;
  await agent.register({ ...service, Check: { CheckID: checkId, Name: "heartbeat", TTL: "5m" } });
  await agent.report(checkId, state, note);
}

function serviceRow(page: Page, name: string): Locator {
  return page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: new RegExp(`^${name} `) }) });
}

/** Waits until the row shows these passing / warning / critical counts, all three at the same moment. */
async function counts(row: Locator, passing: number, warning: number, critical: number): Promise<void> {
  const expected = [passing, warning, critical].map(String);
  const deadline = Date.now() + 30_000;
  let shown: string[] = [];
  while (Date.now() < deadline) {
    shown = await row.locator("td .health").allTextContents();
    if (shown.join() === expected.join()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`the row shows ${shown.join("/")} passing/warning/critical, expected ${expected.join("/")}`);
}

function field(instance: Locator, name: string): Locator {
  return instance.locator(`dt:text-is('${name}') + dd`);
}

/** The session owning an instance: the ephemeral owner of its znode under /services/<name>. */
async function owningSession(service: string, id: string): Promise<string> {
  const { children } = await rest.json<{ children: string[] }>(`/v1/znodes/services/${service}?children`);
  for (const child of children) {
    const node = await rest.json<{ data: string; stat: { ephemeralOwner: string } }>(`/v1/znodes/services/${service}/${child}`);
    if ((JSON.parse(Buffer.from(node.data, "base64").toString()) as { ID: string }).ID === id) return node.stat.ephemeralOwner;
  }
  throw new Error(`no instance ${id} under /services/${service}`);
}

describe("services view on the Consul-compatible API", () => {
  test("a registered service appears live, turns critical when its check fails and vanishes when deregistered", async () => {
    const base = { Address: "127.0.0.1", Tags: ["http", "v2"] };
    await registerReporting({ ...base, Name: "orders", ID: "orders-1", Port: 8080, Meta: { version: "2.3.1", zone: "eu-west-1a" } }, "pass", "HTTP 200 in 4 ms");
    await registerReporting({ ...base, Name: "orders", ID: "orders-2", Port: 8081, Meta: { version: "2.3.1", zone: "eu-west-1b" } }, "pass", "HTTP 200 in 6 ms");
    await registerReporting({ Name: "billing", ID: "billing-1", Address: "127.0.0.1", Port: 9090, Tags: ["grpc"] }, "warn", "queue depth 870 above 500");

    const { context, page: list } = await open(browser, server.baseUrl, "/ui/services");
    const detail = await context.newPage();
    try {
      await counts(serviceRow(list, "orders"), 2, 0, 0);
      await markDocument(list);

      // Registered while the list is open: the held blocking query answers and the row appears in place.
      const payments = { Name: "payments", Address: "127.0.0.1", Tags: ["pci", "v3"], Meta: { version: "3.1.0", region: "eu-west-1" } };
      await registerReporting({ ...payments, ID: "payments-1", Port: 7443 }, "pass", "ledger reachable");
      await registerReporting({ ...payments, ID: "payments-2", Port: 7444 }, "pass", "ledger reachable");
      const row = serviceRow(list, "payments");
      await counts(row, 2, 0, 0);
      assert.deepEqual(await row.locator(".tag").allTextContents(), ["pci", "v3"]);
      await counts(serviceRow(list, "billing"), 0, 1, 0);
      await assertNotReloaded(list);
      await screenshot(list, "ui-services");

      await detail.goto("/ui/services");
      await serviceRow(detail, "payments").getByRole("link", { name: "payments" }).click();
      await detail.waitForURL("**/ui/services/payments");
      await markDocument(detail);
      const instance = detail.getByRole("region", { name: "payments-1" });
      await instance.locator(".panel-head .health").getByText("passing").waitFor();
      assert.equal(await field(instance, "Address").textContent(), "127.0.0.1:7443");
      assert.equal(await field(instance, "Node").textContent(), "registry-1");
      assert.deepEqual(await field(instance, "Tags").locator(".tag").allTextContents(), ["pci", "v3"]);
      assert.equal(await field(instance, "meta version").textContent(), "3.1.0");
      assert.equal(await field(instance, "meta region").textContent(), "eu-west-1");
      const heartbeat = instance.getByRole("row").filter({ has: detail.getByRole("rowheader", { name: /^heartbeat / }) });
      assert.equal(await heartbeat.locator("td[data-label=Status]").textContent(), "passing");
      assert.equal(await heartbeat.locator("td[data-label='Last output']").textContent(), "ledger reachable");
      const session = await owningSession("payments", "payments-1");
      assert.equal(await field(instance, "Session").getByRole("link").textContent(), session);
      assert.notEqual(session, await owningSession("payments", "payments-2"), "each Consul registration has its own session");

      // The application reports failure: the instance, its check and the list's counts turn critical in place.
      await agent.report("payments-1-ttl", "fail", "ledger unreachable: connection refused");
      await instance.locator(".panel-head .health").getByText("critical").waitFor();
      await heartbeat.locator("td[data-label='Last output']").getByText("ledger unreachable: connection refused").waitFor();
      assert.equal(await heartbeat.locator("td[data-label=Status]").textContent(), "critical");
      await detail.getByRole("region", { name: "payments-2" }).locator(".panel-head .health").getByText("passing").waitFor();
      await counts(row, 1, 0, 1);
      await screenshot(detail, "ui-service-detail");
      assert.deepEqual(await accessibilityViolations(detail), [], "service page");
      assert.deepEqual(await accessibilityViolations(list), [], "services list");
      await detail.setViewportSize({ width: 320, height: 640 });
      const { scroll, client } = await detail.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert.ok(scroll <= client, `the service page scrolls sideways on a phone: ${scroll} > ${client}`);
      await detail.setViewportSize({ width: 1280, height: 800 });

      // Deregistered: the instance goes with its session; the service goes with its last instance.
      await agent.deregister("payments-1");
      await instance.waitFor({ state: "detached" });
      await counts(row, 1, 0, 0);
      const sessions = await rest.json<{ id: string }[]>("/v1/sessions");
      assert.equal(sessions.some((s) => s.id === session), false, "the instance's session is closed");
      await agent.deregister("payments-2");
      await detail.getByText("No instances registered.").waitFor();
      await row.waitFor({ state: "detached" });
      await serviceRow(list, "orders").waitFor();

      await assertNotReloaded(list);
      await assertNotReloaded(detail);
    } finally {
      await context.close();
      for (const id of ["orders-1", "orders-2", "billing-1"]) await agent.deregister(id);
    }
  });

  test("an HTTP check run by the server follows the endpoint from 200 to 500", async () => {
    let status = 200;
    const endpoint: Server = createServer((_, response) => response.writeHead(status).end(status === 200 ? "ok" : "database down"));
    await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
    const { port } = endpoint.address() as { port: number };
    const { context, page } = await open(browser, server.baseUrl, "/ui/services/web");
    try {
      await page.getByText("No instances registered.").waitFor();
      await markDocument(page);
      await agent.register({
        Name: "web",
        ID: "web-1",
        Address: "127.0.0.1",
        Port: port,
        Check: { CheckID: "web-1-http", Name: "health endpoint", HTTP: `http://127.0.0.1:${port}/health`, Interval: "1s", Timeout: "1s" },
      });
      const instance = page.getByRole("region", { name: "web-1" });
      const check = instance.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^health endpoint / }) });
      await check.locator("td[data-label=Status]").getByText("passing").waitFor();
      assert.match((await check.locator("td[data-label='Last output']").textContent()) ?? "", /200/);

      status = 500;
      await check.locator("td[data-label=Status]").getByText("critical").waitFor();
      assert.match((await check.locator("td[data-label='Last output']").textContent()) ?? "", /500/);
      await instance.locator(".panel-head .health").getByText("critical").waitFor();
      await assertNotReloaded(page);
    } finally {
      await context.close();
      await agent.deregister("web-1");
      await new Promise((resolve) => endpoint.close(resolve));
    }
  });
});
