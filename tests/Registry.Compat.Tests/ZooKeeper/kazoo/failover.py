"""A kazoo client with a multi-server connect string keeps its session and ephemeral when the server it is connected
to dies: it connects to the first host (no shuffling), creates an ephemeral, prints its session id, and after the
test says "killed" on stdin waits to be connected again and reports what it sees."""
import json
import sys
import threading

from kazoo.client import KazooClient, KazooState

hosts = sys.argv[1]
states = []
reconnected = threading.Event()


def listener(state):
    states.append(state)
    if state == KazooState.CONNECTED and KazooState.SUSPENDED in states:
        reconnected.set()


zk = KazooClient(hosts=hosts, timeout=4, randomize_hosts=False)
zk.add_listener(listener)
zk.start(timeout=15)
zk.create("/failover-eph", b"up", ephemeral=True)
session_id = zk.client_id[0]
print(json.dumps({"session": session_id}), flush=True)

assert sys.stdin.readline().strip() == "killed"
result = {"reconnected": reconnected.wait(30)}
result["same_session"] = zk.client_id[0] == session_id
stat = zk.exists("/failover-eph")
result["still_owns_ephemeral"] = stat is not None and stat.ephemeralOwner == session_id
result["never_lost"] = KazooState.LOST not in states
zk.create("/failover-after", b"", ephemeral=True)
result["writes_after_failover"] = zk.exists("/failover-after") is not None
zk.stop()
zk.close()
print(json.dumps(result), flush=True)
