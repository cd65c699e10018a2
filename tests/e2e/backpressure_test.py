"""End to end: when the database writer falls behind, dialing pauses instead of buffering without
bound (issue 3, "Bounded memory"). Another connection holds the database's write lock for a few
seconds in the middle of a crawl: the writer cannot commit, its backlog passes --writer-backlog,
and no new connection may start until the lock is released — then the crawl completes."""

import os
import sqlite3
import subprocess
import time
import unittest

from simnet import Simulator, connect, in_private_namespace, new_workdir, run_tests

ARGS = None
NODES = 60
LOCK_SECONDS = 2.5  # under the writer's 5 s busy timeout: it waits instead of failing
# The writer notices at its next batch (250 ms), the dial loop at its next pacing tick: well
# within this margin no new connection may start.
PAUSE_MARGIN_MS = 1000


def now_ms():
    return int(time.time() * 1000)


def wait_for_connections(db_path, count, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            written = db.execute("SELECT count(*) FROM connections").fetchone()[0]
            db.close()
            if written >= count:
                return
        except sqlite3.OperationalError:  # the file or its tables are not there yet
            pass
        time.sleep(0.05)
    raise AssertionError(f"fewer than {count} connections written within {timeout} s")


class BackpressureTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-backpressure-")
        cls.db_path = os.path.join(workdir, "crawl.sqlite")
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, "--nodes", NODES, "--book", 10, "--seed", 4):
            crawl = subprocess.Popen(
                [
                    os.path.join(ARGS.bin_dir, "btccrawl"),
                    "crawl",
                    "--chain",
                    "regtest",
                    "--db",
                    cls.db_path,
                    "--seed",
                    "127.10.0.1",
                    "--quiet",
                    "--addr-timeout",
                    "2",
                    "--connect-rate",
                    "15",
                    "--writer-backlog",
                    "1",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            wait_for_connections(cls.db_path, 3)
            lock = sqlite3.connect(cls.db_path, isolation_level=None, timeout=10)
            lock.execute("BEGIN IMMEDIATE")
            cls.locked_at = now_ms()
            time.sleep(LOCK_SECONDS)
            cls.unlocked_at = now_ms()
            lock.execute("ROLLBACK")
            lock.close()
            cls.stdout, cls.stderr = crawl.communicate(timeout=120)
            cls.returncode = crawl.returncode
        cls.db = connect(cls.db_path)
        cls.starts = [row[0] for row in cls.db.execute("SELECT started_at FROM connections ORDER BY started_at")]

    def test_crawl_completes_after_the_writer_catches_up(self):
        self.assertEqual(self.returncode, 0, self.stderr)
        reachable = self.db.execute(
            "SELECT count(DISTINCT address_id) FROM connections " "WHERE handshake_at IS NOT NULL"
        ).fetchone()[0]
        self.assertEqual(reachable, NODES)

    def test_no_connection_starts_while_the_writer_is_stuck(self):
        during = [s for s in self.starts if self.locked_at + PAUSE_MARGIN_MS <= s < self.unlocked_at]
        self.assertEqual(during, [])

    def test_dialing_went_on_before_and_resumed_at_once_after(self):
        # Work was waiting all along (so the pause above is not an empty queue's): connections
        # were starting when the lock was taken, and start again as soon as it is released.
        before = [s for s in self.starts if self.locked_at - PAUSE_MARGIN_MS <= s < self.locked_at]
        resumed = [s for s in self.starts if self.unlocked_at <= s < self.unlocked_at + PAUSE_MARGIN_MS]
        self.assertGreater(len(before), 0)
        self.assertGreater(len(resumed), 0)


if __name__ == "__main__":
    run_tests(globals())
