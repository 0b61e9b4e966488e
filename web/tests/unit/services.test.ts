import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { CatalogUnavailable, catalogServices, healthService, type CatalogServices, type ServiceEntry } from "../../src/api/consul";
import { HttpError } from "../../src/api/http";
import { aggregateStatus, filterServices, instanceRows, ownersFromZnodes, summarize } from "../../src/model/services";
import { recording } from "./recording";

// Recorded responses in the shapes of the Consul-compatible API (see the catalog and health reference).
const fixtures = join(import.meta.dirname, "..", "..", "tests", "fixtures");
const catalog = JSON.parse(readFileSync(join(fixtures, "catalog-services.json"), "utf8")) as CatalogServices;
const orders = JSON.parse(readFileSync(join(fixtures, "health-service-orders.json"), "utf8")) as ServiceEntry[];
const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

describe("health aggregation", () => {
  test("an instance is as healthy as its worst check, node checks included", () => {
    assert.deepEqual(orders.map((e) => aggregateStatus(e.Checks)), ["passing", "warning", "critical"]);
  });

  test("no checks is passing; an unknown status is never taken as healthy", () => {
    assert.equal(aggregateStatus(null), "passing");
    assert.equal(aggregateStatus([]), "passing");
    assert.equal(aggregateStatus([{ ...orders[0].Checks![0], Status: "maintenance" }]), "critical");
  });
});

describe("service summaries", () => {
  test("count instances by health per catalog service, sorted by name with sorted tags", () => {
    const summaries = summarize(catalog, new Map([["orders", orders]]));
    assert.deepEqual(
      summaries.map((s) => [s.name, s.tags, s.counts, s.total]),
      [
        ["billing", ["grpc"], { passing: 0, warning: 0, critical: 0 }, 0],
        ["consul", [], { passing: 0, warning: 0, critical: 0 }, 0],
        ["orders", ["http", "v2"], { passing: 1, warning: 1, critical: 1 }, 3],
        ["search", [], { passing: 0, warning: 0, critical: 0 }, 0],
      ],
    );
  });

  test("the filter matches names and tags, case-insensitively, every word", () => {
    const summaries = summarize(catalog, new Map());
    const names = (q: string) => filterServices(summaries, q).map((s) => s.name);
    assert.deepEqual(names(""), ["billing", "consul", "orders", "search"]);
    assert.deepEqual(names("ORD"), ["orders"]);
    assert.deepEqual(names("grpc"), ["billing"]);
    assert.deepEqual(names("orders http"), ["orders"]);
    assert.deepEqual(names("orders grpc"), []);
  });
});

describe("instance rows", () => {
  const owners = ownersFromZnodes([
    { data: encode({ id: "orders-10-0-0-7-8080", name: "orders" }), ephemeralOwner: "1a2b3c" },
    { data: encode({ ID: "orders-node-1-8081" }), ephemeralOwner: "4d5e6f" },
    { data: encode({ id: "persistent-one" }), ephemeralOwner: "0" },
    { data: new TextEncoder().encode("not json"), ephemeralOwner: "777" },
  ]);

  test("owners come from ephemeral instance znodes only", () => {
    assert.deepEqual([...owners], [
      ["orders-10-0-0-7-8080", "1a2b3c"],
      ["orders-node-1-8081", "4d5e6f"],
    ]);
  });

  test("rows carry address (node address when the service has none), tags, sorted meta, checks and owner", () => {
    const rows = instanceRows(orders, owners);
    assert.deepEqual(
      rows.map((r) => [r.id, `${r.address}:${r.port}`, r.status, r.session]),
      [
        ["orders-10-0-0-7-8080", "10.0.0.7:8080", "passing", "1a2b3c"],
        ["orders-10-0-0-8-8080", "10.0.0.8:8080", "critical", null],
        ["orders-node-1-8081", "10.0.0.5:8081", "warning", "4d5e6f"],
      ],
    );
    assert.deepEqual(rows[0].meta, [["region", "eu"], ["version", "2.3.1"]]);
    assert.deepEqual(rows[2].meta, []);
    assert.deepEqual(rows[1].checks.map((c) => [c.id, c.status, c.output]), [
      ["serfHealth", "passing", "Agent alive and reachable"],
      ["service:orders-10-0-0-8-8080", "critical", "TTL expired"],
    ]);
  });
});

describe("catalog client", () => {
  const signal = new AbortController().signal;

  test("a first query answers at once; the next blocks on the returned X-Consul-Index", async () => {
    const server = recording(200, catalog, { "X-Consul-Index": "42" });
    const first = await catalogServices(undefined, signal, server.fetchImpl);
    assert.equal(first.index, 42);
    assert.deepEqual(first.value, catalog);
    await catalogServices(first.index, signal, server.fetchImpl);
    await healthService("a b", 7, signal, server.fetchImpl);
    assert.deepEqual(server.urls, ["/v1/catalog/services", "/v1/catalog/services?index=42&wait=55s", "/v1/health/service/a%20b?index=7&wait=55s"]);
  });

  test("404 means the catalog API is not available", async () => {
    const server = recording(404, "");
    await assert.rejects(catalogServices(undefined, signal, server.fetchImpl), CatalogUnavailable);
    await assert.rejects(healthService("orders", undefined, signal, server.fetchImpl), CatalogUnavailable);
  });

  test("other failures keep their status and plain-text reason", async () => {
    const server = recording(500, "No path to datacenter", { "Content-Type": "text/plain" });
    await assert.rejects(catalogServices(undefined, signal, server.fetchImpl), (e: unknown) => {
      assert.ok(e instanceof HttpError && !(e instanceof CatalogUnavailable));
      assert.equal(e.status, 500);
      assert.equal(e.detail, "No path to datacenter");
      return true;
    });
  });

  test("a missing or malformed index header reads as 0, so the next query answers at once", async () => {
    const server = recording(200, catalog, { "X-Consul-Index": "abc" });
    assert.equal((await catalogServices(undefined, signal, server.fetchImpl)).index, 0);
  });
});
