"""kazoo's Election recipe with three sessions: the leader holds leadership until its session closes, then the
next contender takes over. Prints the leaders in order and the most leaders seen at one time."""
import json
import sys
import threading
import time

from kazoo.client import KazooClient

hosts = sys.argv[1]
lock = threading.Condition()
leaders = []
current = set()
most = [0]
release = {}


def contender(name):
    zk = KazooClient(hosts=hosts, timeout=10)
    zk.start(timeout=15)
    release[name] = threading.Event()

    def lead():
        with lock:
            current.add(name)
            most[0] = max(most[0], len(current))
            leaders.append(name)
            lock.notify_all()
        release[name].wait(30)
        with lock:
            current.discard(name)

    election = zk.Election("/compat-election", name)
    threading.Thread(target=election.run, args=(lead,), daemon=True).start()
    return zk


clients = {name: contender(name) for name in ["a", "b", "c"]}
deadline = time.monotonic() + 20
while len(clients["a"].Election("/compat-election").contenders()) < 3 and time.monotonic() < deadline:
    time.sleep(0.05)
for round_ in range(3):
    with lock:
        if not lock.wait_for(lambda: len(leaders) > round_, timeout=20):
            raise SystemExit("no leader elected in round %d: %r" % (round_, leaders))
        leader = leaders[round_]
    contenders = clients[leader].Election("/compat-election").contenders()
    release[leader].set()
    clients[leader].stop()
    clients[leader].close()
    if round_ == 0:
        first_contenders = len(contenders)
print(json.dumps({"leaders": leaders, "most_at_once": most[0], "first_contenders": first_contenders}))
