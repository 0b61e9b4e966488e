import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { HttpError } from "../../src/api/http";
import { getStatus, listSessions, type Status } from "../../src/api/native";
import { recording } from "./recording";

// /v1/status of a leader in the shape of the ensemble contract.
const leader = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "tests", "fixtures", "status-ensemble.json"), "utf8")) as Status;
const signal = new AbortController().signal;

describe("status client", () => {
  test("the first read answers at once; the next blocks on the returned X-Registry-Index, the status generation", async () => {
    const server = recording(200, leader, { "X-Registry-Index": "17" });
    const first = await getStatus(undefined, signal, server.fetchImpl);
    assert.equal(first.index, 17);
    assert.deepEqual(first.value, leader);
    await getStatus(first.index, signal, server.fetchImpl);
    assert.deepEqual(server.urls, ["/v1/status", "/v1/status?index=17&wait=55s"]);
  });

  test("an index of 0 is still sent, so the server decides (the status answers at once, sessions wait for the first change)", async () => {
    const server = recording(200, [], { "X-Registry-Index": "0" });
    await getStatus(0, signal, server.fetchImpl);
    await listSessions(0, signal, server.fetchImpl);
    assert.deepEqual(server.urls, ["/v1/status?index=0&wait=55s", "/v1/sessions?index=0&wait=55s"]);
  });

  test("a bad query comes back as the problem's detail", async () => {
    const problem = { type: "https://registry.dev/errors/BadArguments", title: "Bad request", status: 400, detail: "wait 'soon' is not a duration such as 30s or 5m", code: "BadArguments" };
    const server = recording(400, problem, { "Content-Type": "application/problem+json" });
    await assert.rejects(getStatus(3, signal, server.fetchImpl), (e: unknown) => {
      assert.ok(e instanceof HttpError);
      assert.equal(e.status, 400);
      assert.equal(e.detail, problem.detail);
      return true;
    });
  });

  test("a missing or malformed index header reads as 0", async () => {
    const server = recording(200, leader, { "X-Registry-Index": "-4" });
    assert.equal((await getStatus(undefined, signal, server.fetchImpl)).index, 0);
  });
});
