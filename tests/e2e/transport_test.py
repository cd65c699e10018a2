"""End to end, BIP324: btccrawl against a btcsim network of v1-only, dual (v2 and v1) and v2-only
nodes. With --transport auto every node is reached with the transport the truth says: dual and
v2-only nodes over v2, v1-only nodes over v1 (after exactly one fallback when dialed over v2
first); with --transport v1 the v2-only nodes are lost; with --transport v2 the v1-only ones."""

import collections
import os
import unittest

from simnet import Simulator, Truth, connect, in_private_namespace, last_outcomes, new_workdir, run_crawl, run_tests

ARGS = None
TIMEOUTS = ["--connect-timeout", "2", "--handshake-timeout", "5", "--addr-timeout", "5", "--retries", "0"]
SIM_ARGS = ["--nodes", 60, "--book", 30, "--v2", 0.5, "--v2-only", 0.2, "--seed", 11]


def crawl(workdir, name, transport):
    db_path = os.path.join(workdir, name)
    done = run_crawl(
        os.path.join(ARGS.bin_dir, "btccrawl"),
        "--chain",
        "regtest",
        "--db",
        db_path,
        "--seed",
        "127.10.0.1",
        "--quiet",
        "--transport",
        transport,
        *TIMEOUTS,
    )
    assert done.returncode == 0, done.stderr
    return connect(db_path)


def connections(db):
    """{(network, host, port): [(transport, outcome, fallback?, handshaken?), ...]} in dial order."""
    rows = db.execute(
        """SELECT a.network, a.host, a.port, c.transport, c.outcome, c.fallback_from IS NOT NULL AS fallback,
                  c.handshake_at IS NOT NULL AS handshaken, c.v2_session_id
           FROM connections c JOIN addresses a ON a.id = c.address_id ORDER BY c.id"""
    )
    by_node = collections.defaultdict(list)
    for row in rows:
        by_node[(row["network"], row["host"], row["port"])].append(
            (row["transport"], row["outcome"], bool(row["fallback"]), bool(row["handshaken"]))
        )
    return by_node


class TransportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-transport-")
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *SIM_ARGS) as sim:
            cls.truth = Truth(sim.truth)
            cls.auto = crawl(workdir, "auto.sqlite", "auto")
            cls.v1 = crawl(workdir, "v1.sqlite", "v1")
            cls.v2 = crawl(workdir, "v2.sqlite", "v2")
        cls.kinds = collections.Counter(node["transport"] for node in cls.truth.nodes)

    def test_the_network_has_every_kind_of_node(self):
        self.assertGreater(self.kinds["v1"], 0)
        self.assertGreater(self.kinds["dual"], 0)
        self.assertGreater(self.kinds["v2"], 0)

    def test_services_advertise_v2_exactly_for_nodes_that_speak_it(self):
        for node in self.truth.nodes:
            self.assertEqual(bool(node["services"] & (1 << 11)), node["transport"] != "v1", node)

    def test_auto_reaches_every_node_with_the_transport_the_truth_says(self):
        by_node = connections(self.auto)
        for node in self.truth.nodes:
            dials = by_node[self.truth.node_key(node)]
            handshaken = [dial for dial in dials if dial[3]]
            self.assertEqual(len(handshaken), 1, (node, dials))
            if node["transport"] == "v1":
                self.assertEqual(handshaken[0][0], "v1", (node, dials))
                # Dialed over v2 only when its services were unknown (the seed); then one fallback.
                self.assertIn(
                    [dial[:3] for dial in dials],
                    [[("v1", "ok", False)], [("v2", "peer_closed", False), ("v1", "ok", True)]],
                    node,
                )
            else:
                self.assertEqual([dial[:3] for dial in dials], [("v2", "ok", False)], node)

    def test_auto_database_agrees_with_the_truth(self):
        outcomes = last_outcomes(self.auto, 1)
        self.assertEqual(outcomes, {self.truth.node_key(node): "ok" for node in self.truth.nodes})
        versions = self.auto.execute(
            """SELECT a.host, v.services, v.nonce, c.transport FROM version_messages v
               JOIN connections c ON c.id = v.connection_id JOIN addresses a ON a.id = c.address_id"""
        ).fetchall()
        expected = {node["host"]: node["services"] for node in self.truth.nodes}
        self.assertEqual({row["host"]: row["services"] for row in versions}, expected)

    def test_v2_sessions_have_an_id(self):
        rows = self.auto.execute(
            "SELECT count(*) FROM connections WHERE transport = 'v2' AND outcome = 'ok' AND length(v2_session_id) = 32"
        ).fetchone()[0]
        self.assertEqual(rows, self.kinds["dual"] + self.kinds["v2"])

    def test_v1_only_crawl_loses_the_v2_only_nodes(self):
        outcomes = last_outcomes(self.v1, 1)
        reached = {key for key, outcome in outcomes.items() if outcome == "ok"}
        expected = {self.truth.node_key(node) for node in self.truth.nodes if node["transport"] != "v2"}
        self.assertEqual(reached, expected)
        self.assertEqual({row[0] for row in self.v1.execute("SELECT DISTINCT transport FROM connections")}, {"v1"})

    def test_v2_only_crawl_never_falls_back(self):
        outcomes = last_outcomes(self.v2, 1)
        reached = {key for key, outcome in outcomes.items() if outcome == "ok"}
        # A v1-only node is reached only if some v2 node advertised it (they all are) — but never
        # completes a handshake: v2 never falls back.
        expected = {self.truth.node_key(node) for node in self.truth.nodes if node["transport"] != "v1"}
        self.assertEqual(reached, expected)
        self.assertEqual(self.v2.execute("SELECT count(*) FROM connections WHERE transport = 'v1'").fetchone()[0], 0)

    def test_report_shows_the_v2_share(self):
        import json
        import subprocess

        path = self.auto.execute("PRAGMA database_list").fetchone()[2]
        done = subprocess.run(
            [os.path.join(ARGS.bin_dir, "btccrawl"), "report", "--db", path, "--json"], capture_output=True, text=True
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        report = json.loads(done.stdout)
        nodes = len(self.truth.nodes)
        self.assertAlmostEqual(report["v2_share"], (self.kinds["dual"] + self.kinds["v2"]) / nodes)
        self.assertEqual(
            report["transport_by_network"]["ipv4"],
            {
                "reachable": nodes,
                "v2": self.kinds["dual"] + self.kinds["v2"],
                "advertised_not_spoken": 0,
                "spoken_not_advertised": 0,
            },
        )


if __name__ == "__main__":
    run_tests(globals())
