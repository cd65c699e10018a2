"""End to end: `btccrawl monitor` against btcsim (docs/monitor.md). Rounds are crawls tied to one
monitor run and paced start to start; every reachable node is folded into node_reliability once
per round; getaddr goes only to nodes whose answer is older than --getaddr-interval; a monitor
killed mid-round continues the same run when started again, nothing lost or counted twice; SIGINT
between rounds exits at once; bad usage and a second monitor on the file are refused."""

import collections
import json
import os
import signal
import sqlite3
import subprocess
import time
import unittest

from simnet import Simulator, connect, in_private_namespace, new_workdir, run_tests

ARGS = None
NODES = 60
CRAWL_ARGS = ["--chain", "regtest", "--seed", "127.10.0.1", "--quiet", "--connect-timeout", "2"]
INTERVAL = 0.5


def monitor_command(btccrawl, db, *args):
    return [btccrawl, "monitor", "--db", db, *CRAWL_ARGS, *map(str, args)]


def run_monitor(btccrawl, db, *args):
    return subprocess.run(monitor_command(btccrawl, db, *args), capture_output=True, text=True, timeout=300)


def rounds(db_path):
    db = connect(db_path)
    rows = db.execute(
        """SELECT m.round, c.id, c.status, c.started_at FROM monitor_rounds m
           JOIN crawls c ON c.id = m.crawl_id ORDER BY m.round"""
    ).fetchall()
    db.close()
    return [tuple(row) for row in rows]


def crawls_with_addr_messages(db_path):
    db = connect(db_path)
    rows = db.execute(
        "SELECT DISTINCT c.crawl_id FROM addr_messages m JOIN connections c ON c.id = m.connection_id"
    ).fetchall()
    db.close()
    return {row[0] for row in rows}


def folded_attempts(db_path):
    """{address id: (attempts in node_reliability, rounds whose crawl reached a verdict on it)}."""
    db = connect(db_path)
    recorded = dict(db.execute("SELECT address_id, attempts FROM node_reliability"))
    verdicts = dict(
        db.execute(
            """SELECT c.address_id, count(DISTINCT c.crawl_id) FROM connections c
               JOIN monitor_rounds m ON m.crawl_id = c.crawl_id
               WHERE c.outcome <> 'cancelled' GROUP BY c.address_id"""
        )
    )
    db.close()
    return recorded, verdicts


class MonitorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-monitor-")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        cls.sim = cls.enterClassContext(
            Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, "--nodes", NODES, "--book", 40, "--seed", 5)
        )

    def path(self, name):
        return os.path.join(self.workdir, name)

    def test_rounds_fold_every_node_and_getaddr_only_when_due(self):
        db = self.path("rounds.sqlite")
        run = run_monitor(self.btccrawl, db, "--rounds", 3, "--interval", INTERVAL)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(len(run.stdout.splitlines()), 3)
        self.assertRegex(run.stdout.splitlines()[2], r"^round 3 \(crawl 3\) finished after ")
        self.assertEqual([(r[0], r[1], r[2]) for r in rounds(db)], [(n, n, "finished") for n in (1, 2, 3)])
        starts = [r[3] for r in rounds(db)]
        for earlier, later in zip(starts, starts[1:]):
            self.assertGreaterEqual(later - earlier, INTERVAL * 1000)  # paced start to start

        conn = connect(db)
        up = conn.execute(
            "SELECT count(*) FROM node_reliability WHERE attempts = 3 AND successes = 3 AND last_presence = 'up'"
        ).fetchone()[0]
        self.assertEqual(up, NODES)
        # Good (docs/monitor.md): up at every round, with NODE_NETWORK and NODE_WITNESS (bits 0, 3).
        good = {(n["host"], n["port"]) for n in self.sim.truth["nodes"] if n["services"] & 9 == 9}
        self.assertTrue(0 < len(good) < NODES)
        self.assertEqual({(r[0], r[1]) for r in conn.execute("SELECT host, port FROM good_nodes")}, good)
        # Later rounds dial v1 first to the nodes whose own `version` lacked NODE_P2P_V2: one
        # connection per node, no v2 attempt to fall back from.
        per_round = dict(conn.execute("SELECT crawl_id, count(*) FROM connections GROUP BY crawl_id"))
        self.assertEqual((per_round[2], per_round[3]), (NODES, NODES))
        conn.close()
        # The answers of round 1 are fresh for 24 h: rounds 2 and 3 end after the handshake.
        self.assertEqual(crawls_with_addr_messages(db), {1})

        again = run_monitor(self.btccrawl, db, "--rounds", 1, "--interval", INTERVAL, "--getaddr-interval", 0)
        self.assertEqual(again.returncode, 0, again.stderr)
        self.assertRegex(again.stdout, r"^round 4 \(crawl 4\) finished")
        self.assertEqual(crawls_with_addr_messages(db), {1, 4})
        recorded, verdicts = folded_attempts(db)
        self.assertEqual(recorded, verdicts)
        self.assertEqual(set(recorded.values()), {4})

    def test_killed_round_continues_the_run(self):
        db = self.path("killed.sqlite")
        # About 3 s a round at 20 connections a second: time to kill it in the middle of round 2.
        # The loop below reads the file meanwhile, as `report` or `dns` would: a reader in another
        # process once broke the writer's next open (store::OpenMode::second_connection).
        slow = ["--interval", INTERVAL, "--connect-rate", 20]
        process = subprocess.Popen(monitor_command(self.btccrawl, db, *slow), stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            if os.path.exists(db) and len(rounds_or_none(db)) >= 2:
                break
        time.sleep(1)
        process.kill()
        process.wait()
        killed = rounds(db)
        self.assertEqual(killed[-1][2], "running", killed)

        run = run_monitor(self.btccrawl, db, "--rounds", 2, *slow)
        self.assertEqual(run.returncode, 0, run.stderr)
        after = rounds(db)
        self.assertEqual(len(after), len(killed) + 2)
        self.assertEqual(after[len(killed) - 1][2], "interrupted")
        self.assertEqual({r[2] for r in after[len(killed) :]}, {"finished"})
        recorded, verdicts = folded_attempts(db)
        self.assertEqual(recorded, verdicts)  # every verdict of every round, each once
        self.assertEqual(len(recorded), NODES)

    def test_max_duration_limits_the_whole_command(self):
        db = self.path("deadline.sqlite")
        started = time.monotonic()
        run = run_monitor(self.btccrawl, db, "--interval", INTERVAL, "--connect-rate", 20, "--max-duration", 4)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertLess(time.monotonic() - started, 7)
        # About 3 s a round: the second is cut short by the deadline and marked so.
        self.assertEqual([(r[0], r[2]) for r in rounds(db)], [(1, "finished"), (2, "interrupted")])
        self.assertRegex(run.stdout.splitlines()[-1], r"^round 2 \(crawl 2\) interrupted after ")

    def test_sigint_between_rounds_exits_at_once(self):
        db = self.path("sigint.sqlite")
        process = subprocess.Popen(
            monitor_command(self.btccrawl, db, "--interval", 60), stdout=subprocess.PIPE, text=True
        )
        self.assertRegex(process.stdout.readline(), r"^round 1 ")
        started = time.monotonic()
        process.send_signal(signal.SIGINT)
        self.assertEqual(process.wait(timeout=10), 0)
        process.stdout.close()
        self.assertLess(time.monotonic() - started, 2)
        self.assertEqual([(r[0], r[2]) for r in rounds(db)], [(1, "finished")])

    def test_second_monitor_on_a_file_is_refused(self):
        db = self.path("twice.sqlite")
        first = subprocess.Popen(
            monitor_command(self.btccrawl, db, "--interval", 60), stdout=subprocess.PIPE, text=True
        )
        self.assertRegex(first.stdout.readline(), r"^round 1 ")
        before = rounds(db)
        second = run_monitor(self.btccrawl, db, "--rounds", 1)
        first.send_signal(signal.SIGTERM)
        self.assertEqual(first.wait(timeout=10), 0)
        first.stdout.close()
        self.assertEqual(
            (second.returncode, second.stdout, second.stderr),
            (1, "", f"btccrawl: {db}: another btccrawl is writing it (a crawl or a monitor)\n"),
        )
        self.assertEqual(rounds(db), before)

    def test_bad_usage_is_refused_with_nothing_written(self):
        other = self.path("other-app.sqlite")
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE notes (text TEXT)")
        conn.commit()
        conn.close()
        with open(other, "rb") as f:
            other_bytes = f.read()
        regtest_file = self.path("regtest.sqlite")
        self.assertEqual(run_monitor(self.btccrawl, regtest_file, "--rounds", 1).returncode, 0)
        cases = [
            ("no --db", [self.btccrawl, "monitor", *CRAWL_ARGS], "--db is required"),
            ("interval 0", monitor_command(self.btccrawl, self.path("a.sqlite"), "--interval", 0), "--interval"),
            ("interval < 0", monitor_command(self.btccrawl, self.path("a.sqlite"), "--interval", -5), "--interval"),
            ("rounds 0", monitor_command(self.btccrawl, self.path("a.sqlite"), "--rounds", 0), "--rounds"),
            ("--resume", monitor_command(self.btccrawl, self.path("a.sqlite"), "--resume"), "--resume"),
            ("another application's file", monitor_command(self.btccrawl, other), "not a btccrawl database"),
            (
                "another chain",
                [self.btccrawl, "monitor", "--db", regtest_file, "--chain", "signet", "--seed", "127.10.0.1"],
                "is on chain regtest, not signet",
            ),
        ]
        for name, command, words in cases:
            with self.subTest(name):
                run = subprocess.run(command, capture_output=True, text=True, timeout=60)
                self.assertEqual((run.returncode, run.stdout), (1, ""), run.stderr)
                self.assertEqual(len(run.stderr.splitlines()), 1, run.stderr)
                self.assertIn(words, run.stderr)
        self.assertFalse(os.path.exists(self.path("a.sqlite")))
        with open(other, "rb") as f:
            self.assertEqual(f.read(), other_bytes)
        self.assertEqual(len(rounds(regtest_file)), 1)


def availability(schedule, simulated_s):
    """What a churning node does at simulated second `simulated_s` (docs/btcsim.md "Churn")."""
    kind = schedule["kind"]
    if kind == "full":
        return "full"
    if kind == "flapping":
        return "serve" if simulated_s % schedule["period_s"] < schedule["period_s"] / 2 else "refuse"
    if kind == "leaving":
        return "serve" if simulated_s < schedule["at_s"] else "refuse"
    if kind == "joining":
        return "serve" if simulated_s >= schedule["at_s"] else "refuse"
    return "serve"


# The presence (docs/monitor.md) a round's newest attempt finds for each availability.
PRESENCE = {"serve": "up", "refuse": "down", "full": "up_full"}
# btcsim's listeners follow a change within a few ms; attempts this close to one say nothing.
EDGE_MS = 200


class ChurnMonitorTest(unittest.TestCase):
    """Rounds against `btcsim --churn`: every verdict the monitor folds in equals the simulator's
    schedule at the time of the attempt, full nodes are up, and each node is asked for addresses
    once in the run (its answer stays fresh for --getaddr-interval, 24 h), as its counters prove."""

    TIME_SCALE = 300  # a 10-minute flapping period is 2 s of wall time
    ROUNDS = 10

    def test_verdicts_follow_the_schedules_and_getaddr_goes_once(self):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-churn-")
        db = os.path.join(workdir, "churn.sqlite")
        counters = os.path.join(workdir, "counters.json")
        btcsim = os.path.join(ARGS.bin_dir, "btcsim")
        sim_args = ["--nodes", 60, "--book", 40, "--seed", 7, "--churn", "--time-scale", self.TIME_SCALE]
        with Simulator(btcsim, workdir, *sim_args, "--counters", counters) as sim:
            truth = sim.truth
            always_up = [n for n in truth["nodes"] if n["churn"]["kind"] == "always_up"]
            seeds = [arg for n in always_up[:3] for arg in ("--seed", f"{n['host']}:{n['port']}")]
            command = [os.path.join(ARGS.bin_dir, "btccrawl"), "monitor", "--db", db, "--chain", "regtest"]
            command += [*seeds, "--quiet", "--interval", 0.5, "--rounds", self.ROUNDS, "--connect-timeout", 2]
            run = subprocess.run(list(map(str, command)), capture_output=True, text=True, timeout=120)
            self.assertEqual(run.returncode, 0, run.stderr)
        with open(counters) as f:
            asked = {key: node["getaddrs"] for key, node in json.load(f)["nodes"].items()}

        started_at = truth["churn"]["started_at_ms"]
        nodes = {f"{n['host']}:{n['port']}": n for n in truth["nodes"]}

        def simulated(ms):
            return (ms - started_at) * self.TIME_SCALE // 1000

        def settled(node, start_ms, end_ms):
            """The availability over the whole attempt, or None when it changed (or nearly)."""
            states = {availability(node["churn"], simulated(ms)) for ms in (start_ms - EDGE_MS, end_ms + EDGE_MS)}
            states |= {availability(node["churn"], simulated(ms)) for ms in range(start_ms, end_ms + 1, 50)}
            return states.pop() if len(states) == 1 else None

        conn = connect(db)
        newest = conn.execute(
            """SELECT a.host || ':' || a.port AS key, c.crawl_id, c.started_at, c.finished_at, c.outcome,
                      c.connected_at IS NOT NULL AS connected,
                      EXISTS (SELECT 1 FROM version_messages v WHERE v.connection_id = c.id) AS version
               FROM connections c JOIN addresses a ON a.id = c.address_id
               JOIN monitor_rounds m ON m.crawl_id = c.crawl_id
               WHERE c.id = (SELECT max(n.id) FROM connections n
                             WHERE n.crawl_id = c.crawl_id AND n.address_id = c.address_id)"""
        ).fetchall()
        reliability = {
            r["key"]: r
            for r in conn.execute(
                """SELECT a.host || ':' || a.port AS key, r.attempts, r.successes, r.last_presence
                   FROM node_reliability r JOIN addresses a ON a.id = r.address_id"""
            )
        }
        conn.close()

        checked, unsettled = collections.Counter(), set()
        expected = collections.defaultdict(list)  # key: presence of each round's attempt, oldest first
        for row in sorted(newest, key=lambda r: r["crawl_id"]):
            node = nodes[row["key"]]
            state = settled(node, row["started_at"], row["finished_at"])
            if state is None:
                unsettled.add(row["key"])
                continue
            presence = "up" if row["version"] else ("up_full" if row["connected"] else "down")
            self.assertEqual(presence, PRESENCE[state], (row["key"], node["churn"], dict(row)))
            expected[row["key"]].append(presence)
            checked[node["churn"]["kind"]] += 1
        for kind in ("always_up", "full", "flapping"):
            self.assertGreater(checked[kind], 0, checked)
        self.assertGreater(sum(1 for p in expected.values() for x in p if x == "down"), 0)

        for key, presences in expected.items():
            if key in unsettled:
                continue
            record = reliability[key]
            with self.subTest(key):
                self.assertEqual(record["attempts"], len(presences))
                self.assertEqual(record["successes"], sum(1 for p in presences if p != "down"))
                self.assertEqual(record["last_presence"], presences[-1])
                self.assertEqual(asked[key], 1 if "up" in presences else 0)  # getaddr once, when first up


def rounds_or_none(db_path):
    try:
        return rounds(db_path)
    except sqlite3.Error:  # the first monitor is still creating the file
        return []


if __name__ == "__main__":
    run_tests(globals())
