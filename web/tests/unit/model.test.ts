import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import type { Status } from "../../src/api/native";
import { bestFormat, hexDump, render } from "../../src/model/data";
import { checksText, connectionText, lagText, serverRows } from "../../src/model/ensemble";
import { childPath, parentPath, zxid } from "../../src/model/format";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("znode data", () => {
  test("the best format is JSON, then text, then hex", () => {
    assert.equal(bestFormat(bytes('{"a":1}')), "json");
    assert.equal(bestFormat(bytes("plain text")), "text");
    assert.equal(bestFormat(new Uint8Array()), "text");
    assert.equal(bestFormat(new Uint8Array([0, 1, 2, 255])), "hex");
  });

  test("JSON is pretty-printed and non-JSON says so", () => {
    assert.equal(render(bytes('{"a":[1,2]}'), "json"), '{\n  "a": [\n    1,\n    2\n  ]\n}');
    assert.equal(render(bytes("x"), "json"), "(not valid JSON)");
    assert.equal(render(new Uint8Array([0xc3, 0x28]), "text"), "(not valid UTF-8 text)");
  });

  test("hex dumps show offset, bytes and printable characters", () => {
    const dump = hexDump(new Uint8Array([...bytes("Registry data!!"), 0, 0x41]));
    assert.equal(
      dump,
      "00000000  52 65 67 69 73 74 72 79 20 64 61 74 61 21 21 00  Registry data!!.\n" +
        "00000010  41                                               A",
    );
  });
});

describe("paths and numbers", () => {
  test("parents and children of znode paths", () => {
    assert.equal(parentPath("/a/b"), "/a");
    assert.equal(parentPath("/a"), "/");
    assert.equal(childPath("/", "a"), "/a");
    assert.equal(childPath("/a", "b"), "/a/b");
    assert.equal(zxid(2 ** 32 + 5), "0x100000005");
  });
});

describe("ensemble rows", () => {
  // /v1/status of a leader in the shape of the ensemble contract: its peer 3 is down, peer 2 two transactions behind.
  const leader = JSON.parse(readFileSync(join(import.meta.dirname, "..", "..", "tests", "fixtures", "status-ensemble.json"), "utf8")) as Status;

  test("a standalone server (peers null) shows itself alone", () => {
    const standalone: Status = {
      mode: "standalone", serverId: 1, leaderId: null, epoch: 0, lastZxid: 12, nodeCount: 4, sessionCount: 0, ephemeralCount: 0, watchCount: 0,
      pendingWrites: 0, version: "1", peers: null, checkOwners: { "1": ["web-ttl"] },
    };
    assert.deepEqual(serverRows(standalone), [
      { serverId: 1, address: "", role: "standalone", lastZxid: 12, lag: 0, state: "self", self: true, checks: ["web-ttl"] },
    ]);
  });

  test("every configured server is listed by id with its address, role, zxid, lag and connection as reported", () => {
    assert.deepEqual(serverRows(leader), [
      { serverId: 1, address: "127.0.0.1:2888:3888", role: "leader", lastZxid: 12884901893, lag: 0, state: "self", self: true, checks: ["service:web-1"] },
      { serverId: 2, address: "127.0.0.1:2889:3889", role: "follower", lastZxid: 12884901891, lag: 2, state: "connected", self: false, checks: ["api-ttl", "service:web-2"] },
      { serverId: 3, address: "127.0.0.1:2890:3890", role: "unknown", lastZxid: 12884901880, lag: null, state: "disconnected", self: false, checks: null },
    ]);
  });

  test("each server's checks are listed; a server counted out runs none", () => {
    assert.deepEqual(serverRows(leader).map((r) => checksText(r.checks)), ["service:web-1", "api-ttl, service:web-2", "none (not running checks)"]);
    assert.equal(checksText([]), "none");
  });

  test("nulls the server leaves out of its JSON (an unknown lag) read as unknown", () => {
    const looking = JSON.parse(JSON.stringify({ ...leader, mode: "looking", leaderId: undefined }).replace(/"lag":null,/g, "")) as Status;
    assert.equal(looking.peers?.find((p) => p.serverId === 3)?.lag, undefined);
    assert.deepEqual(serverRows(looking).map((r) => r.lag), [0, 2, null]);
  });

  test("an unknown lag says so rather than guessing; the answering server is this server", () => {
    const rows = serverRows(leader);
    assert.deepEqual(rows.map((r) => [lagText(r.lag), connectionText(r.state)]), [
      ["up to date", "this server"],
      ["2 behind", "connected"],
      ["unknown", "disconnected"],
    ]);
  });
});
