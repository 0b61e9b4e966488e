"""Session expiry removes ephemerals: (1) a holder process is killed and its session times out; (2) a session is
closed through a second connection that resumed it with its id and password, and the first client learns it is lost."""
import json
import subprocess
import sys
import threading

from kazoo.client import KazooClient, KazooState

hosts = sys.argv[1]
result = {}
observer = KazooClient(hosts=hosts, timeout=10)
observer.start(timeout=15)

holder = subprocess.Popen([sys.executable, "-c", """
import sys, time
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], timeout=4)
zk.start(timeout=15)
zk.create("/compat-expiry-holder", b"", ephemeral=True)
print("ready", flush=True)
time.sleep(120)
""", hosts], stdout=subprocess.PIPE, text=True)
assert holder.stdout.readline().strip() == "ready"
gone = threading.Event()
observer.exists("/compat-expiry-holder", watch=lambda e: gone.set() if e.type == "DELETED" else None)
holder.kill()
holder.wait()
result["killed_holder_ephemeral_removed"] = gone.wait(30) and observer.exists("/compat-expiry-holder") is None

owner = KazooClient(hosts=hosts, timeout=10)
lost = threading.Event()
owner.add_listener(lambda state: lost.set() if state == KazooState.LOST else None)
owner.start(timeout=15)
owner.create("/compat-expiry-owned", b"", ephemeral=True)
session_id, password = owner.client_id
resumed = KazooClient(hosts=hosts, timeout=10, client_id=(session_id, password))
resumed.start(timeout=15)
result["resumed_same_session"] = resumed.client_id[0] == session_id
result["resumed_sees_ephemeral"] = resumed.exists("/compat-expiry-owned").ephemeralOwner == session_id
resumed.stop()
resumed.close()
result["owner_told_session_lost"] = lost.wait(30)
result["closed_session_ephemeral_removed"] = observer.exists("/compat-expiry-owned") is None
owner.stop()
observer.stop()
print(json.dumps(result))
