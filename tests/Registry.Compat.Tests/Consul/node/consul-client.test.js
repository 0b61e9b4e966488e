// Drives the unmodified npm `consul` client against a Registry server on 127.0.0.1:$CONSUL_PORT:
// register, discover, a blocking-query watch, TTL pass, KV put/get/cas, deregister.
"use strict";
const assert = require("node:assert/strict");
const Consul = require("consul");

const consul = new Consul({ host: "127.0.0.1", port: Number(process.env.CONSUL_PORT) });

function nextChange(watch, predicate) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching watch change within 20s")), 20000);
    watch.on("change", (data) => {
      if (predicate(data)) {
        clearTimeout(timer);
        resolve(data);
      }
    });
    watch.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

async function main() {
  assert.ok((await consul.status.leader()).length > 0);

  await consul.agent.service.register({
    name: "orders",
    id: "orders-1",
    address: "127.0.0.1",
    port: 8080,
    tags: ["v2"],
    meta: { version: "2.3.1" },
    check: { ttl: "30s", deregistercriticalserviceafter: "5m" },
  });

  const services = await consul.catalog.service.list();
  assert.deepEqual(services.orders, ["v2"]);
  const agentServices = await consul.agent.service.list();
  assert.equal(agentServices["orders-1"].Service, "orders");

  const nodes = await consul.catalog.service.nodes("orders");
  assert.equal(nodes.length, 1);
  assert.equal(nodes[0].ServicePort, 8080);

  // New checks start critical: nothing passes yet.
  assert.equal((await consul.health.service({ service: "orders", passing: true })).length, 0);

  const watch = consul.watch({ method: consul.health.service, options: { service: "orders", passing: true, wait: "10s" } });
  const initial = await nextChange(watch, () => true);
  assert.equal(initial.length, 0);
  const becamePassing = nextChange(watch, (data) => data.length === 1);

  await consul.agent.check.pass({ id: "service:orders-1", note: "warmed up" });
  const passing = await becamePassing;
  assert.equal(passing[0].Service.ID, "orders-1");
  assert.equal(passing[0].Checks.find((c) => c.CheckID === "service:orders-1").Output, "warmed up");
  watch.end();

  const checks = await consul.agent.check.list();
  assert.equal(checks["service:orders-1"].Status, "passing");

  assert.equal(await consul.kv.set("config/orders/db", "postgres://db"), true);
  const entry = await consul.kv.get("config/orders/db");
  assert.equal(entry.Value, "postgres://db");
  // The server answers `false`; this client surfaces a JSON false body as undefined.
  assert.notEqual(await consul.kv.set({ key: "config/orders/db", value: "stale", cas: entry.ModifyIndex + 1000 }), true);
  assert.equal(await consul.kv.set({ key: "config/orders/db", value: "fresh", cas: entry.ModifyIndex }), true);
  assert.equal((await consul.kv.get("config/orders/db")).Value, "fresh");
  assert.deepEqual(await consul.kv.keys("config/"), ["config/orders/db"]);
  assert.equal(await consul.kv.del("config/orders/db"), true);
  assert.equal(await consul.kv.get("config/orders/db"), undefined);

  const session = await consul.session.create({ name: "orders-leader", ttl: "15s" });
  assert.equal(await consul.kv.set({ key: "locks/orders", value: "me", acquire: session.ID }), true);
  assert.equal((await consul.kv.get("locks/orders")).Session, session.ID);
  await consul.session.destroy(session.ID);
  assert.equal((await consul.kv.get("locks/orders")).Session, undefined);

  await consul.agent.service.deregister("orders-1");
  assert.equal((await consul.catalog.service.nodes("orders")).length, 0);
  console.log("consul client: all steps passed");
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
