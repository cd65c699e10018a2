"""End to end: `--grace S` (issue 15). Core, btcd and bcoin answer getaddr with one message, so by
default (0) the crawler closes as soon as the answer is in; btcsim's `splitaddr` nodes send their
answer in two halves SPLIT_DELAY_MS (500 ms) apart: with --grace 0 only the first half is stored,
with --grace 2 both are."""

import collections
import os
import unittest

from simnet import Simulator, Truth, address_key, connect, in_private_namespace, new_workdir, run_crawl, run_tests

ARGS = None
TIMEOUTS = ["--connect-timeout", "2", "--handshake-timeout", "4", "--addr-timeout", "4", "--retry-delay", "0.2"]
SIM_ARGS = ["--nodes", 20, "--book", 40, "--faults", 0.25, "--fault-kinds", "splitaddr", "--seed", 3]


def stored_answers(db_path):
    """{source host: [(key, timestamp, services), ...]} of the messages with more than one entry."""
    db = connect(db_path)
    rows = db.execute(
        """SELECT src.host AS source, a.network, a.host, a.port, e.timestamp, e.services
           FROM addr_entries e JOIN addr_messages m ON m.id = e.addr_message_id
           JOIN connections c ON c.id = m.connection_id JOIN addresses src ON src.id = c.address_id
           JOIN addresses a ON a.id = e.address_id WHERE m.entry_count > 1 ORDER BY m.id, e.position"""
    )
    answers = collections.defaultdict(list)
    for row in rows:
        answers[row["source"]].append((address_key(row), row["timestamp"], row["services"] & 0xFFFFFFFFFFFFFFFF))
    outcomes = dict(
        db.execute("SELECT a.host, c.outcome FROM connections c JOIN addresses a ON a.id = c.address_id").fetchall()
    )
    db.close()
    return answers, outcomes


class GraceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-e2e-grace-")
        cls.runs = {}
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *SIM_ARGS) as sim:
            cls.truth = Truth(sim.truth)
            for grace in ("0", "2"):
                db_path = os.path.join(workdir, f"grace-{grace}.sqlite")
                crawl = run_crawl(
                    os.path.join(ARGS.bin_dir, "btccrawl"),
                    *["--chain", "regtest", "--db", db_path, "--seed", "127.10.0.1", "--quiet", "--grace", grace],
                    *TIMEOUTS,
                )
                cls.runs[grace] = (crawl, *stored_answers(db_path))
        cls.split_nodes = [node for node in cls.truth.nodes if node["kind"] == "splitaddr"]

    def test_both_crawls_finished(self):
        for crawl, _, _ in self.runs.values():
            self.assertEqual(crawl.returncode, 0, crawl.stderr)
        self.assertEqual(len(self.split_nodes), 5)

    def test_grace_zero_stores_the_first_half_and_closes(self):
        _, answers, outcomes = self.runs["0"]
        for node in self.split_nodes:
            answer = self.truth.book_entries(node)
            self.assertEqual(answers[node["host"]], answer[: (len(answer) + 1) // 2], node["host"])
            self.assertEqual(outcomes[node["host"]], "ok")
        for node in self.truth.nodes:
            if node["kind"] == "good":
                self.assertEqual(answers[node["host"]], self.truth.book_entries(node), node["host"])

    def test_a_grace_longer_than_the_split_stores_both_halves(self):
        _, answers, outcomes = self.runs["2"]
        for node in self.split_nodes:
            self.assertEqual(answers[node["host"]], self.truth.book_entries(node), node["host"])
            self.assertEqual(outcomes[node["host"]], "ok")


if __name__ == "__main__":
    run_tests(globals())
