"""One contender for kazoo's Lock recipe: takes the lock N times; while holding it, it owns a marker file
created with O_EXCL, so two holders at once show up as a failed create (mutual exclusion checked outside ZooKeeper)."""
import os
import sys
import time

from kazoo.client import KazooClient

hosts, name, rounds, marker = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
zk = KazooClient(hosts=hosts, timeout=10)
zk.start(timeout=15)
lock = zk.Lock("/compat-lock", name)
violations = 0
for _ in range(rounds):
    with lock:
        try:
            fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            violations += 1
        else:
            os.close(fd)
            time.sleep(0.01)
            os.remove(marker)
zk.stop()
zk.close()
print("%s acquired=%d violations=%d" % (name, rounds, violations))
