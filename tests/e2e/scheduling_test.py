"""End to end: the scheduler's limits seen from the database a crawl writes — never more
connections open at once than --concurrency, new connections at the --connect-rate pace, and the
same crawl with a wide cap still completes."""

import os
import unittest

from simnet import Simulator, connect, in_private_namespace, new_workdir, run_crawl, run_tests

ARGS = None
SIM_ARGS = ["--nodes", 30, "--book", 8, "--dead", 6, "--seed", 3]


def crawl(workdir, name, *options):
    db_path = os.path.join(workdir, name)
    with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *SIM_ARGS):
        result = run_crawl(
            os.path.join(ARGS.bin_dir, "btccrawl"),
            "--chain",
            "regtest",
            "--db",
            db_path,
            "--seed",
            "127.10.0.1",
            "--quiet",
            "--addr-timeout",
            2,
            *options,
        )
    assert result.returncode == 0, result.stderr
    db = connect(db_path)
    intervals = [(row[0], row[1]) for row in db.execute("SELECT started_at, finished_at FROM connections")]
    reachable = db.execute(
        "SELECT count(DISTINCT address_id) FROM connections WHERE handshake_at IS NOT NULL"
    ).fetchone()[0]
    return intervals, reachable


def max_overlap(intervals):
    """The largest number of [start, finish] intervals open at one moment (a finish frees its slot
    before a start at the same millisecond takes it, as the crawler does)."""
    events = sorted(
        [(start, 1) for start, _ in intervals] + [(finish, -1) for _, finish in intervals],
        key=lambda event: (event[0], event[1]),
    )
    open_now = peak = 0
    for _, change in events:
        open_now += change
        peak = max(peak, open_now)
    return peak


class SchedulingTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-sched-")

    def test_concurrency_cap_is_never_exceeded(self):
        intervals, reachable = crawl(self.workdir, "capped.sqlite", "--concurrency", 3)
        self.assertEqual(reachable, 30)
        self.assertLessEqual(max_overlap(intervals), 3)
        self.assertEqual(max_overlap(intervals), 3)  # and the cap is used, not just respected

    def test_connections_open_at_the_configured_pace(self):
        rate = 40
        intervals, reachable = crawl(self.workdir, "paced.sqlite", "--connect-rate", rate)
        self.assertEqual(reachable, 30)
        starts = sorted(start for start, _ in intervals)
        burst = 1  # max(1, rate / 100)
        for i, start in enumerate(starts):
            in_window = sum(1 for other in starts[i:] if other < start + 1000)
            self.assertLessEqual(in_window, rate + burst + 1, f"{in_window} connections opened within 1 s")
        spread_s = (starts[-1] - starts[0]) / 1000
        self.assertGreaterEqual(spread_s, (len(starts) - burst - 1) / rate * 0.9)


if __name__ == "__main__":
    run_tests(globals())
