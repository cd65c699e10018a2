"""End to end, fidelity of the mainnet-shaped benchmark (issue 15): the `small` shape of
bench/crawl-simnet (a tenth of the mainnet one) crawled with the real btccrawl, through btcsim's
SOCKS5 proxy and SAM bridge, with per-node latency, circuit delays and the silent and unreachable
dead ranges made so by nftables rules inside the private namespace. The database is compared with
the truth exactly; nothing about timing is asserted."""

import collections
import os
import unittest

from simnet import (
    Simulator,
    Truth,
    address_key,
    block_dead_ranges,
    connect,
    expected_reachable,
    in_private_namespace,
    last_outcomes,
    mainnet_shape,
    new_workdir,
    run_crawl,
    run_tests,
)

ARGS = None
TIME_BASE = 1_735_689_600  # sim/world.h: the newest entry time btcsim gives
DEAD_OUTCOMES = {"silent": "connect_timeout", "unreachable": "unreachable", "refused": "refused"}


class MainnetShapeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-e2e-shape-")
        cls.db_path = os.path.join(workdir, "crawl.sqlite")
        sim_args, crawl_options = mainnet_shape(scale=10)
        crawl_options = {
            "--chain": "regtest",
            "--seed": "127.10.0.1",
            "--concurrency": 2000,
            "--handshake-timeout": 5,
            "--addr-timeout": 5,
            "--retry-delay": 1,
            "--quiet": None,
            **crawl_options,
        }
        args = [str(v) for pair in crawl_options.items() for v in pair if v is not None]
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *sim_args) as sim:
            cls.truth = Truth(sim.truth)
            block_dead_ranges(sim.truth)
            cls.crawl = run_crawl(os.path.join(ARGS.bin_dir, "btccrawl"), "--db", cls.db_path, *args)
        cls.db = connect(cls.db_path)
        cls.crawl_id = cls.db.execute("SELECT max(id) FROM crawls").fetchone()[0]
        cls.outcomes = last_outcomes(cls.db, cls.crawl_id)

    def test_crawl_finished_cleanly(self):
        self.assertEqual(self.crawl.returncode, 0, self.crawl.stderr)
        status = self.db.execute("SELECT status FROM crawls WHERE id = ?", (self.crawl_id,)).fetchone()[0]
        self.assertEqual(status, "finished")

    def test_every_reachable_address_found_and_nothing_else(self):
        rows = self.db.execute(
            """SELECT DISTINCT a.network, a.host, a.port FROM connections c JOIN addresses a ON a.id = c.address_id
               WHERE c.crawl_id = ? AND c.handshake_at IS NOT NULL""",
            (self.crawl_id,),
        )
        found = {address_key(row) for row in rows}
        expected = expected_reachable(self.truth)
        self.assertEqual(len(expected), 1504)  # 510 IPv4 nodes less 6 that fail, 900 onion, 100 IPv6, 15 I2P
        self.assertEqual(found ^ expected, set())

    def test_every_address_learned_once(self):
        stored = [address_key(row) for row in self.db.execute("SELECT network, host, port FROM addresses")]
        self.assertEqual(len(stored), len(set(stored)))
        self.assertEqual(set(stored), {address_key(a) for a in self.truth.addresses})

    def test_every_node_ends_with_the_outcome_of_its_kind(self):
        wrong = {}
        for node in self.truth.nodes:
            outcome = self.outcomes.get(self.truth.node_key(node))
            if outcome != self.truth.expected_outcome(node):
                wrong[node["host"]] = (node["kind"], outcome)
        self.assertEqual(wrong, {})

    def test_dead_ranges_fail_as_their_kind_and_are_retried_when_it_may_pass(self):
        ranges = self.truth.raw["dead_ranges"]
        self.assertEqual(
            {kind: r["count"] for kind, r in ranges.items()}, {"silent": 4200, "unreachable": 300, "refused": 1500}
        )
        attempts = dict(
            self.db.execute(
                """SELECT a.host, max(c.attempt) FROM connections c JOIN addresses a ON a.id = c.address_id
                   WHERE c.crawl_id = ? GROUP BY c.address_id""",
                (self.crawl_id,),
            ).fetchall()
        )
        seen = collections.Counter()
        first = 0
        for kind in ("silent", "unreachable", "refused"):
            for index in self.truth.raw["dead"][first : first + ranges[kind]["count"]]:
                address = self.truth.addresses[index]
                self.assertEqual(self.outcomes.get(address_key(address)), DEAD_OUTCOMES[kind], address["host"])
                self.assertEqual(attempts[address["host"]], 1 if kind == "refused" else 2, address["host"])
                seen[kind] += 1
            first += ranges[kind]["count"]
        self.assertEqual(dict(seen), {kind: r["count"] for kind, r in ranges.items()})

    def test_exotic_aliases_reached_through_their_network_and_the_rest_never_dialed(self):
        expected = expected_reachable(self.truth)
        networks = collections.Counter()
        for index in self.truth.raw["exotic"]:
            key = address_key(self.truth.addresses[index])
            if key in expected:
                self.assertEqual(self.outcomes.get(key), "ok", key)
                networks[key[0]] += 1
            else:
                self.assertNotIn(key, self.outcomes)
        self.assertEqual(dict(networks), {"onion": 900, "i2p": 15, "ipv6": 100})

    def test_every_good_node_answer_stored_in_order_with_core_times(self):
        entries = collections.defaultdict(list)
        rows = self.db.execute(
            """SELECT src.host AS source, a.network, a.host, a.port, e.timestamp, e.services
               FROM addr_entries e JOIN addr_messages m ON m.id = e.addr_message_id
               JOIN connections c ON c.id = m.connection_id JOIN addresses src ON src.id = c.address_id
               JOIN addresses a ON a.id = e.address_id
               WHERE c.crawl_id = ? AND m.entry_count > 1 AND src.network = 'ipv4' ORDER BY m.id, e.position""",
            (self.crawl_id,),
        )
        for row in rows:
            entries[row["source"]].append((address_key(row), row["timestamp"], row["services"] & 0xFFFFFFFFFFFFFFFF))
        for node in self.truth.nodes:
            if node["kind"] in ("good", "slow"):
                self.assertEqual(entries[node["host"]], self.truth.book_entries(node), node["host"])
        # The living re-announce daily, the dead age over weeks (--core-times).
        day_old = TIME_BASE - 86400
        for node in self.truth.nodes:
            self.assertGreater(self.truth.addresses[node["index"]]["time"], day_old)
        for index in self.truth.raw["dead"]:
            self.assertLessEqual(self.truth.addresses[index]["time"], day_old)


if __name__ == "__main__":
    run_tests(globals())
