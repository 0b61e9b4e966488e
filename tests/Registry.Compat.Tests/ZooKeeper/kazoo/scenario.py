"""Scripted ZooKeeper operations through kazoo; prints one JSON transcript (results, error names, Stat fields
without zxids and times, watch events) so that two servers can be compared line by line."""
import json
import sys
import threading

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.security import make_digest_acl, OPEN_ACL_UNSAFE

transcript = []
events = []
events_lock = threading.Condition()


def stat_fields(stat):
    return {"version": stat.version, "cversion": stat.cversion, "aversion": stat.aversion,
            "ephemeral": stat.ephemeralOwner != 0, "dataLength": stat.dataLength, "numChildren": stat.numChildren,
            "czxid_is_mzxid": stat.czxid == stat.mzxid}


def shape(value):
    if hasattr(value, "czxid"):
        return stat_fields(value)
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, tuple) and len(value) == 2 and hasattr(value[1], "czxid"):
        return [shape(value[0]), stat_fields(value[1])]
    if isinstance(value, list):
        return [shape(v) for v in value]
    if isinstance(value, Exception):
        return type(value).__name__
    if hasattr(value, "perms"):
        return [value.perms, value.id.scheme, value.id.id]
    return value


def step(name, fn):
    try:
        transcript.append([name, "ok", shape(fn())])
    except KazooException as e:
        transcript.append([name, "error", type(e).__name__])


def watcher(tag):
    def record(event):
        with events_lock:
            events.append([tag, event.type, event.path])
            events_lock.notify_all()
    return record


def await_events(count):
    with events_lock:
        if not events_lock.wait_for(lambda: len(events) >= count, timeout=10):
            raise SystemExit("timed out waiting for %d watch events, got %r" % (count, events))
        transcript.append(["events", "ok", sorted(events)])
        events.clear()


def transaction(zk, build):
    t = zk.transaction()
    build(t)
    return t.commit()


def main():
    zk = KazooClient(hosts=sys.argv[1], timeout=10)
    zk.start(timeout=15)
    root = "/scenario"
    step("create root", lambda: zk.create(root, b"top"))
    step("create existing", lambda: zk.create(root, b""))
    step("create without parent", lambda: zk.create(root + "/a/b", b""))
    step("get root", lambda: zk.get(root))
    step("exists missing", lambda: zk.exists(root + "/missing"))
    step("create ephemeral", lambda: zk.create(root + "/eph", b"e", ephemeral=True))
    step("child of ephemeral", lambda: zk.create(root + "/eph/child", b""))
    step("stat ephemeral", lambda: zk.exists(root + "/eph"))
    for i in range(3):
        step("sequential %d" % i, lambda: zk.create(root + "/seq-", b"", sequence=True))
    step("ephemeral sequential", lambda: zk.create(root + "/es-", b"", ephemeral=True, sequence=True))
    step("children", lambda: sorted(zk.get_children(root)))
    step("set any version", lambda: zk.set(root, b"v1"))
    step("set wrong version", lambda: zk.set(root, b"v2", version=7))
    step("set right version", lambda: zk.set(root, b"v2", version=1))
    step("delete wrong version", lambda: zk.delete(root + "/eph", version=3))
    step("delete not empty", lambda: zk.delete(root))
    step("delete missing", lambda: zk.delete(root + "/missing"))
    step("delete reserved", lambda: zk.delete("/zookeeper"))
    step("get acl", lambda: zk.get_acls(root))
    step("set acl wrong version", lambda: zk.set_acls(root, OPEN_ACL_UNSAFE, version=5))
    step("set acl", lambda: zk.set_acls(root, OPEN_ACL_UNSAFE, version=0))
    zk.add_auth("digest", "bob:secret")
    acl = [make_digest_acl("bob", "secret", all=True)]
    step("create protected", lambda: zk.create(root + "/bob", b"s", acl=acl))
    step("get acl protected", lambda: zk.get_acls(root + "/bob"))
    step("multi ok", lambda: transaction(zk, lambda t: (t.create(root + "/m1", b"1"), t.set_data(root + "/m1", b"2"), t.check(root, zk.get(root)[1].version))))
    step("multi failing", lambda: transaction(zk, lambda t: (t.create(root + "/m2", b""), t.delete(root + "/missing"), t.create(root + "/m3"))))
    step("m2 not created", lambda: zk.exists(root + "/m2"))
    step("get m1", lambda: zk.get(root + "/m1"))

    zk.get(root + "/m1", watch=watcher("data m1"))
    zk.get_children(root, watch=watcher("children root"))
    zk.exists(root + "/later", watch=watcher("exists later"))
    step("set m1", lambda: zk.set(root + "/m1", b"3"))
    step("create later", lambda: zk.create(root + "/later", b""))
    await_events(3)
    zk.get(root + "/later", watch=watcher("data later"))
    zk.get_children(root + "/later", watch=watcher("children later"))
    step("delete later", lambda: zk.delete(root + "/later"))
    await_events(2)

    other = KazooClient(hosts=sys.argv[1], timeout=10)
    other.start(timeout=15)
    other.exists(root + "/eph", watch=watcher("other eph"))
    zk.stop()
    zk.close()
    await_events(1)
    step("ephemeral gone after close", lambda: other.exists(root + "/eph"))
    step("children after close", lambda: sorted(other.get_children(root)))
    other.add_auth("digest", "bob:secret")
    other.delete(root, recursive=True)
    other.stop()
    other.close()
    print(json.dumps(transcript, separators=(",", ":")))


main()
