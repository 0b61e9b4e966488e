import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Status } from "../../src/api/native";
import { bestFormat, hexDump, render } from "../../src/model/data";
import { serverRows } from "../../src/model/ensemble";
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
  const status: Status = {
    mode: "standalone", serverId: 1, lastZxid: 12, nodeCount: 4, sessionCount: 0, ephemeralCount: 0, watchCount: 0, pendingWrites: 0, version: "1",
  };

  test("a server without a peer list shows itself alone", () => {
    assert.deepEqual(serverRows(status), [
      { serverId: 1, address: "", role: "standalone", lastZxid: 12, lag: 0, state: "connected", checks: null, self: true },
    ]);
  });

  test("peers are listed by id with their lag behind the newest server", () => {
    const rows = serverRows({
      ...status,
      mode: "follower",
      serverId: 2,
      peers: [
        { serverId: 3, role: "follower", lastZxid: 90, state: "disconnected", checks: [] },
        { serverId: 1, role: "leader", lastZxid: 100, state: "connected", checks: ["web-1:http"] },
        { serverId: 2, role: "follower", lastZxid: 98, lag: 1 },
      ],
    });
    assert.deepEqual(rows.map((r) => [r.serverId, r.role, r.lag, r.state, r.checks, r.self]), [
      [1, "leader", 0, "connected", ["web-1:http"], false],
      [2, "follower", 1, "unknown", null, true],
      [3, "follower", 10, "disconnected", [], false],
    ]);
  });
});
