"""End to end: where a crawl writes (docs/spec.md §1 --db) — a new timestamped file per run by default,
named on stderr; with --db an existing file is reused, and a new crawl in it starts from the seeds
AND every address the file already knows (a re-crawl of the known network). Then one file
resumed several times in a row and reused twice more, on a network with every address type
(CJDNS included) and every fault kind, under regtest and under mainnet magic: each crawl agrees
with btcsim's truth. Last, the network of a CJDNS seed does not depend on --cjdns."""

import glob
import os
import signal
import subprocess
import time
import unittest

from hostile_test import HOSTILE_KINDS
from simnet import (
    Simulator,
    Truth,
    address_key,
    connect,
    crawl_state,
    in_private_namespace,
    new_workdir,
    run_crawl,
    run_tests,
)

ARGS = None
SIM_ARGS = ["--nodes", 12, "--book", 6, "--dead", 3, "--seed", 9]
OPTIONS = ["--chain", "regtest", "--transport", "v1", "--quiet", "--addr-timeout", "2"]


def btccrawl(cwd, *args):
    return subprocess.run(
        [os.path.join(os.path.abspath(ARGS.bin_dir), "btccrawl"), "crawl", *OPTIONS, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


class ReuseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-reuse-")
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, *SIM_ARGS):
            cls.first = btccrawl(cls.workdir, "--seed", "127.10.0.1")
            cls.second = btccrawl(cls.workdir, "--seed", "127.10.0.1")
            # In creation order: two crawls within one second are crawl-T.sqlite then crawl-T-2.sqlite,
            # which sort the other way round by name.
            cls.files = sorted(glob.glob(os.path.join(cls.workdir, "crawl-*.sqlite")), key=os.path.getctime)
            # Re-crawl the first file from a seed where nothing listens: only what the file knows
            # can lead anywhere.
            cls.recrawl = btccrawl(cls.workdir, "--db", cls.files[0], "--seed", "127.200.9.9")

    def test_each_run_writes_a_new_timestamped_file_and_names_it(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        self.assertEqual(len(self.files), 2)
        for path, run in zip(self.files, (self.first, self.second)):
            name = os.path.basename(path)
            self.assertRegex(name, r"^crawl-\d{8}T\d{6}Z(-\d+)?\.sqlite$")
            self.assertIn(f"writing {name}", run.stderr)

    def test_recrawl_of_an_existing_file_starts_from_every_known_address(self):
        self.assertEqual(self.recrawl.returncode, 0, self.recrawl.stderr)
        self.assertNotIn("writing", self.recrawl.stderr)  # the file was given: no new name to tell
        db = connect(self.files[0])
        self.assertEqual(
            [tuple(r) for r in db.execute("SELECT id, status FROM crawls")], [(1, "finished"), (2, "finished")]
        )
        reachable = {}
        for crawl_id in (1, 2):
            reachable[crawl_id] = {
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT address_id FROM connections WHERE crawl_id = ? AND handshake_at IS NOT NULL",
                    (crawl_id,),
                )
            }
        self.assertEqual(len(reachable[1]), 12)
        self.assertEqual(reachable[2], reachable[1])
        known = db.execute("SELECT count(*) FROM addresses").fetchone()[0]
        self.assertEqual(known, 12 + 3 + 1)  # nodes, dead addresses, the new seed: each stored once
        learned = db.execute("SELECT count(*) FROM crawl_addresses WHERE crawl_id = 2").fetchone()[0]
        self.assertEqual(learned, known)
        dialed_twice = db.execute(
            "SELECT count(*) FROM (SELECT address_id FROM connections WHERE crawl_id = 2 "
            "GROUP BY address_id HAVING count(*) > 1)"
        ).fetchone()[0]
        self.assertEqual(dialed_twice, 0)


STANDARD_KINDS = ["silent", "hangup", "garbage", "badmagic", "badchecksum", "oversize", "slow", "noaddr", "flood"]
EVERY_NETWORK_TIMEOUTS = [
    # As the other btcsim tests: the BIP324 fallback under stop and resume is not this test's subject.
    "--transport",
    "v1",
    "--connect-timeout",
    "2",
    "--handshake-timeout",
    "2",
    "--addr-timeout",
    "2",
    "--retries",
    "0",
    # Slow enough (about 6 s for the network) to stop it several times in the middle.
    "--connect-rate",
    "12",
]
# docs/btcsim.md: `slow` answers the version after 3 s, past the 2 s handshake timeout.
OUTCOME_OVERRIDES = {"slow": "handshake_timeout"}
STOP_AFTER = 0.7  # seconds into a run


class EveryNetworkReuseAndResume:
    """One file: a crawl stopped by SIGINT, resumed and SIGKILLed, resumed and stopped by SIGINT,
    resumed to its end; then reused by a second and a third crawl (one with --cjdns). btcsim has
    every address type (--exotic: Tor v3, I2P, CJDNS, IPv6) and one node of each fault kind."""

    CHAIN = None
    PORT = None
    CRAWL_ARGS = []

    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir(f"btccrawl-reuse-{cls.CHAIN}-")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        kinds = STANDARD_KINDS + HOSTILE_KINDS
        nodes = 40
        sim = cls.enterClassContext(
            Simulator(
                os.path.join(ARGS.bin_dir, "btcsim"),
                cls.workdir,
                "--nodes",
                nodes,
                "--book",
                40,
                "--dead",
                5,
                "--exotic",
                12,
                "--faults",
                len(kinds) / nodes,
                "--fault-kinds",
                ",".join(kinds),
                "--chain",
                cls.CHAIN,
                "--port",
                cls.PORT,
                "--seed",
                13,
            )
        )
        cls.truth = Truth(sim.truth)
        assert sorted(cls.truth.raw["expected_outcomes"]) == sorted(["good", *kinds]), cls.truth.raw

    def command(self, db, *extra):
        return [self.btccrawl, "crawl", "--db", db, "--quiet", *self.CRAWL_ARGS, *EVERY_NETWORK_TIMEOUTS, *extra]

    def stopped_run(self, db, sig, *extra):
        process = subprocess.Popen(self.command(db, *extra), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(STOP_AFTER)
        self.assertIsNone(process.poll(), f"crawl ended before its {signal.Signals(sig).name}")
        process.send_signal(sig)
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()  # a stop that did not take effect: fail, do not leave it running
            process.communicate()
            raise
        return process.returncode, err

    def finished_run(self, db, *extra):
        done = subprocess.run(self.command(db, *extra), capture_output=True, text=True, timeout=120)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"^crawl \d+ finished after ")

    def statuses(self, db):
        return [row[0] for row in connect(db).execute("SELECT status FROM crawls ORDER BY id")]

    def assertAgreesWithTruth(self, db, crawls):
        """The newest crawl reached each node with its kind's outcome, found every dead address
        refused, learned every address of the network, stored each good node's answer once and
        exactly, and wrote nothing twice."""
        self.assertEqual(self.statuses(db), ["finished"] * crawls)
        state = crawl_state(db)
        self.assertEqual(state["integrity"], "ok")
        # Fault kinds (flood, addrbulk) send several multi-entry messages: answers are checked below.
        duplicates = {table: count for table, count in state["duplicates"].items() if table != "answers"}
        self.assertEqual(set(duplicates.values()), {0}, state["duplicates"])
        for node in self.truth.nodes:
            if node["kind"] == "good":
                self.assertEqual(state["answers"][node["host"]], self.truth.book_entries(node), node["host"])
        expected = {}
        for node in self.truth.nodes:
            kind = node["kind"]
            expected[self.truth.node_key(node)] = OUTCOME_OVERRIDES.get(kind, self.truth.expected_outcome(node))
        for index in self.truth.raw["dead"]:
            expected[address_key(self.truth.addresses[index])] = "refused"
        self.assertEqual(state["outcomes"], expected)
        self.assertEqual(state["learned"], {address_key(a) for a in self.truth.addresses})
        networks = {key[0] for key in state["learned"]}
        self.assertEqual(networks, {"ipv4", "ipv6", "onion", "i2p", "cjdns"})

    def test_resumed_three_times_then_reused_twice(self):
        db = os.path.join(self.workdir, "crawl.sqlite")
        returncode, err = self.stopped_run(db, signal.SIGINT)
        self.assertEqual((returncode, self.statuses(db)), (0, ["interrupted"]), err)
        returncode, err = self.stopped_run(db, signal.SIGKILL, "--resume")
        self.assertEqual((returncode, self.statuses(db)), (-signal.SIGKILL, ["running"]), err)
        returncode, err = self.stopped_run(db, signal.SIGINT, "--resume")
        self.assertEqual((returncode, self.statuses(db)), (0, ["interrupted"]), err)
        self.finished_run(db, "--resume")
        self.assertAgreesWithTruth(db, crawls=1)
        self.finished_run(db)
        self.assertAgreesWithTruth(db, crawls=2)
        self.finished_run(db, "--cjdns")
        self.assertAgreesWithTruth(db, crawls=3)


class RegtestReuseAndResume(EveryNetworkReuseAndResume, unittest.TestCase):
    CHAIN = "regtest"
    PORT = 18444
    CRAWL_ARGS = ["--chain", "regtest", "--seed", "127.10.0.1"]


class MainnetMagicReuseAndResume(EveryNetworkReuseAndResume, unittest.TestCase):
    CHAIN = "mainnet"
    PORT = 8333
    CRAWL_ARGS = ["--chain", "mainnet", "--scope", "127.0.0.0/8", "--seed", "127.10.0.1:8333"]


class CjdnsSeedNetwork(unittest.TestCase):
    """docs/schema.md "Networks": an address is CJDNS when it arrives as CJDNS (Core's fixed-seed
    list, an fc00::/8 seed literal, addrv2 network id 6); --cjdns only decides whether it is dialed."""

    def test_cjdns_seeds_are_stored_as_cjdns_with_and_without_the_flag(self):
        db = os.path.join(new_workdir("btccrawl-cjdns-seeds-"), "seeds.sqlite")
        for flags in ([], ["--cjdns"], []):
            done = run_crawl(
                os.path.join(ARGS.bin_dir, "btccrawl"),
                "--db",
                db,
                "--chain",
                "mainnet",
                "--scope",
                "127.0.0.0/8",
                "--fixed-seeds",
                "--seed",
                "127.200.9.9:8333",  # nothing listens there
                "--seed",
                "[fc32:17ea:e415:c3bf:9808:149d:b5a2:c9aa]:8333",
                "--quiet",
                *flags,
                timeout=60,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            counts = dict(connect(db).execute("SELECT network, count(*) FROM addresses GROUP BY network").fetchall())
            # Core's mainnet list: 12 of each, 8 CJDNS; one more IPv4 and one more CJDNS seed.
            self.assertEqual(counts, {"ipv4": 13, "ipv6": 12, "onion": 12, "i2p": 12, "cjdns": 9}, flags)


if __name__ == "__main__":
    run_tests(globals())
