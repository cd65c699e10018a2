"""End to end: crawl a btcsim network with the real btccrawl and compare the database with the
simulator's truth exactly — reachable set, version fields, every advertised entry, the outcome of
every fault kind, nothing dialed outside the scope, nothing dialed twice. It crawls with the default
transport (`auto`): every node is reached over the transport the truth says it speaks."""

import collections
import os
import unittest

from simnet import (
    Simulator,
    Truth,
    address_key,
    connect,
    in_private_namespace,
    last_outcomes,
    new_workdir,
    run_crawl,
    run_tests,
)

ARGS = None
# Large enough for the `slow` fault node (3 s before each reply) to finish its handshake.
TIMEOUTS = ["--connect-timeout", "2", "--handshake-timeout", "8", "--addr-timeout", "8", "--retry-delay", "0.2"]


class CrawlSimnetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-e2e-")
        cls.db_path = os.path.join(workdir, "crawl.sqlite")
        sim_args = ["--nodes", 300, "--book", 120, "--dead", 40, "--exotic", 20, "--faults", 0.06, "--seed", 7]
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *sim_args) as sim:
            cls.truth = Truth(sim.truth)
            cls.crawl = run_crawl(
                os.path.join(ARGS.bin_dir, "btccrawl"),
                "--chain",
                "regtest",
                "--db",
                cls.db_path,
                "--seed",
                "127.10.0.1",
                "--quiet",
                *TIMEOUTS
            )
        cls.db = connect(cls.db_path)
        cls.crawl_id = cls.db.execute("SELECT max(id) FROM crawls").fetchone()[0]

    def test_crawl_finished_cleanly(self):
        self.assertEqual(self.crawl.returncode, 0, self.crawl.stderr)
        row = self.db.execute("SELECT status, finished_at FROM crawls WHERE id = ?", (self.crawl_id,)).fetchone()
        self.assertEqual(row["status"], "finished")
        self.assertIsNotNone(row["finished_at"])
        self.assertIn("reachable", self.crawl.stdout)
        self.assertEqual(self.db.execute("PRAGMA integrity_check").fetchone()[0], "ok")

    def test_every_address_recorded_once_with_canonical_text(self):
        stored = [address_key(row) for row in self.db.execute("SELECT network, host, port FROM addresses")]
        self.assertEqual(len(stored), len(set(stored)))
        self.assertEqual(set(stored), {address_key(a) for a in self.truth.addresses})
        learned = self.db.execute("SELECT count(*) FROM crawl_addresses WHERE crawl_id = ?", (self.crawl_id,))
        self.assertEqual(learned.fetchone()[0], len(self.truth.addresses))

    def test_every_node_ends_with_the_outcome_of_its_kind(self):
        outcomes = last_outcomes(self.db, self.crawl_id)
        wrong = {}
        for node in self.truth.nodes:
            key = self.truth.node_key(node)
            if outcomes.get(key) != self.truth.expected_outcome(node):
                wrong[node["host"]] = (node["kind"], outcomes.get(key))
        self.assertEqual(wrong, {})
        kinds = {node["kind"] for node in self.truth.nodes}
        self.assertEqual(kinds, set(self.truth.raw["expected_outcomes"]))  # every fault kind took part

    def test_dead_addresses_refused_exotic_ones_never_dialed(self):
        outcomes = last_outcomes(self.db, self.crawl_id)
        for index in self.truth.raw["dead"]:
            self.assertEqual(outcomes.get(address_key(self.truth.addresses[index])), "refused")
        for index in self.truth.raw["exotic"]:
            self.assertNotIn(address_key(self.truth.addresses[index]), outcomes)

    def test_version_fields_of_every_reachable_node(self):
        rows = self.db.execute(
            """SELECT a.host, v.version, v.services, v.user_agent, v.start_height, v.nonce, v.relay, length(v.raw) AS size
               FROM version_messages v JOIN connections c ON c.id = v.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ?""",
            (self.crawl_id,),
        )
        seen = {row["host"]: row for row in rows}
        for node in self.truth.nodes:
            if self.truth.expected_outcome(node) not in ("ok", "no_addr"):
                continue
            row = seen[node["host"]]
            self.assertEqual(row["version"], node["version"])
            self.assertEqual(row["services"] & 0xFFFFFFFFFFFFFFFF, node["services"])
            self.assertEqual(row["user_agent"], node["user_agent"])
            self.assertEqual(row["start_height"], node["start_height"])
            self.assertEqual(row["nonce"] & 0xFFFFFFFFFFFFFFFF, node["nonce"])
            self.assertEqual(bool(row["relay"]), node["relay"])
            self.assertGreater(row["size"], 80)

    def test_every_advertised_entry_stored_in_order(self):
        entries = collections.defaultdict(list)
        rows = self.db.execute(
            """SELECT src.host AS source, m.entry_count, a.network, a.host, a.port, e.timestamp, e.services
               FROM addr_entries e JOIN addr_messages m ON m.id = e.addr_message_id
               JOIN connections c ON c.id = m.connection_id JOIN addresses src ON src.id = c.address_id
               JOIN addresses a ON a.id = e.address_id
               WHERE c.crawl_id = ? AND m.entry_count > 1 ORDER BY m.id, e.position""",
            (self.crawl_id,),
        )
        for row in rows:
            entries[row["source"]].append((address_key(row), row["timestamp"], row["services"] & 0xFFFFFFFFFFFFFFFF))
        for node in self.truth.nodes:
            if node["kind"] in ("good", "slow"):
                self.assertEqual(entries[node["host"]], self.truth.book_entries(node), node["host"])

    def test_self_announcement_recorded_but_not_taken_as_answer(self):
        node = self.truth.nodes[0]
        rows = self.db.execute(
            """SELECT m.command, m.entry_count FROM addr_messages m JOIN connections c ON c.id = m.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE a.host = ? AND c.crawl_id = ? ORDER BY m.id""",
            (node["host"], self.crawl_id),
        ).fetchall()
        self.assertEqual(
            [(r["command"], r["entry_count"]) for r in rows], [("addrv2", 1), ("addrv2", self.truth.raw["answer_size"])]
        )

    def test_nothing_dialed_outside_scope_or_twice(self):
        rows = self.db.execute(
            """SELECT a.network, a.host, count(*) AS n, max(c.attempt) AS last_attempt,
                      sum(c.outcome IN ('connect_timeout', 'handshake_timeout', 'unreachable')) AS retryable
               FROM connections c JOIN addresses a ON a.id = c.address_id
               WHERE c.crawl_id = ? GROUP BY c.address_id""",
            (self.crawl_id,),
        )
        for row in rows:
            self.assertEqual(row["network"], "ipv4")
            self.assertTrue(row["host"].startswith("127."), row["host"])
            self.assertEqual(row["n"], row["last_attempt"])
            # A second attempt only after a retryable outcome, and --retries 1 allows one.
            self.assertLessEqual(row["n"], 2, row["host"])
            self.assertEqual(row["n"] - 1, min(row["retryable"], 1) if row["n"] == 2 else 0, row["host"])

    def test_each_node_handshaken_over_the_transport_it_speaks(self):
        rows = self.db.execute(
            """SELECT a.host, c.transport, c.fallback_from IS NOT NULL AS fallback FROM connections c
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ? AND c.handshake_at IS NOT NULL""",
            (self.crawl_id,),
        )
        used = {row["host"]: (row["transport"], bool(row["fallback"])) for row in rows}
        transports = collections.Counter()
        for node in self.truth.nodes:
            if self.truth.expected_outcome(node) not in ("ok", "no_addr"):
                continue
            transport, fallback = used[node["host"]]
            transports[transport] += 1
            self.assertEqual(transport, "v1" if node["transport"] == "v1" else "v2", node["host"])
            # Only a v1 node dialed before any peer advertised it (the seed) is reached by fallback.
            self.assertEqual(fallback, node["transport"] == "v1" and node["index"] == 0, node["host"])
        self.assertGreater(transports["v1"], 0)
        self.assertGreater(transports["v2"], 0)

    def test_connection_timings_are_ordered(self):
        bad = self.db.execute(
            """SELECT count(*) FROM connections WHERE crawl_id = ? AND NOT (
                 started_at <= coalesce(connected_at, started_at)
                 AND coalesce(connected_at, started_at) <= coalesce(handshake_at, connected_at, started_at)
                 AND coalesce(handshake_at, connected_at, started_at) <= finished_at
                 AND (outcome = 'ok') = (error IS NULL))""",
            (self.crawl_id,),
        ).fetchone()[0]
        self.assertEqual(bad, 0)


if __name__ == "__main__":
    run_tests(globals())
