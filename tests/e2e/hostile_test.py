"""End to end: the hostile peers of issue 7 (btcsim --fault-kinds with every hostile kind, three
nodes of each) against the real btccrawl. Each node must end with its kind's expected outcome and
exactly the rows docs/robustness.md promises, the crawl must go on past them to every good node,
and the crawler's memory must stay small; the hostile BIP324 peers of issue 12 take part beside them
(v2 only, each breaking the v2 handshake its own way). The nine standard fault kinds are covered by
crawl_simnet_test.py."""

import os
import resource
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
    sanitized,
    run_tests,
)

ARGS = None
HOSTILE_KINDS = [
    "latehangup",
    "trickle",
    "addr1001",
    "addrv2badlen",
    "addrv2unknown",
    "addrflood",
    "chatter",
    "dupaddr",
    "longagent",
    "badagent",
    "addrbulk",
    "stall",
]
V2_HOSTILE_KINDS = ["v2garbage", "v2badtag", "v2decoys", "v2silent", "v2badmagic"]
V2_ERRORS = {
    "v2garbage": "v2: no garbage terminator within 4095 bytes of garbage",
    "v2badtag": "v2: packet 0 fails authentication",
    "v2decoys": "no handshake within the handshake timeout",
    "v2silent": "no handshake within the handshake timeout",
    "v2badmagic": "no handshake within the handshake timeout",
}
NODES = 3 * len(HOSTILE_KINDS + V2_HOSTILE_KINDS)  # and as many fault nodes: three of each kind
HANDSHAKE_TIMEOUT = 3
ADDR_TIMEOUT = 3
TIMEOUTS = [
    "--connect-timeout",
    "2",
    "--handshake-timeout",
    HANDSHAKE_TIMEOUT,
    "--addr-timeout",
    ADDR_TIMEOUT,
    "--retry-delay",
    "0.2",
]
# Peak RSS of the crawler for this small network; a peer that made it buffer without bound
# (the 33 MB payload, the endless inv/ping stream, the address flood) would blow through it.
MAX_RSS_KB = 100 * 1024
UNKNOWN_ENTRIES = 3  # sim/world.h
MAX_ADDR_TO_SEND = 1000
MAX_ADDR_BYTES = 2 * 1024 * 1024  # net::SessionConfig::max_addr_bytes


class HostileTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        workdir = new_workdir("btccrawl-hostile-")
        cls.db_path = os.path.join(workdir, "crawl.sqlite")
        sim_args = [
            "--nodes",
            NODES,
            "--book",
            40,
            "--faults",
            1.0,
            "--fault-kinds",
            ",".join(HOSTILE_KINDS + V2_HOSTILE_KINDS),
            "--seed",
            3,
        ]
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
                # A grace period, so that what the caps do after the answer (addrbulk) is seen.
                "--grace",
                1,
                *TIMEOUTS,
            )
            # btcsim is still running (not yet waited for): the children's peak is the crawler's.
            cls.crawler_rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            # The v2-only hostile nodes dialed over v1: each closes on our version, as v2-only nodes do.
            cls.v1_db_path = os.path.join(workdir, "v1.sqlite")
            v2_seeds = [arg for n in cls.truth.nodes if n["kind"] in V2_HOSTILE_KINDS for arg in ("--seed", n["host"])]
            cls.v1_crawl = run_crawl(
                os.path.join(ARGS.bin_dir, "btccrawl"), "--chain", "regtest", "--db", cls.v1_db_path, "--quiet",
                "--transport", "v1", "--retries", 0, *v2_seeds, *TIMEOUTS,
            )  # fmt: skip
        cls.db = connect(cls.db_path)
        cls.crawl_id = cls.db.execute("SELECT max(id) FROM crawls").fetchone()[0]
        cls.by_kind = {}
        for node in cls.truth.nodes:
            cls.by_kind.setdefault(node["kind"], []).append(node)

    def connections(self, node):
        """The node's connections in this crawl, oldest first, with their timing in ms."""
        return self.db.execute(
            """SELECT c.id, c.outcome, c.error, c.handshake_at, c.finished_at - c.started_at AS lasted,
                      c.transport, c.fallback_from
               FROM connections c JOIN addresses a ON a.id = c.address_id
               WHERE c.crawl_id = ? AND a.host = ? AND a.port = ? ORDER BY c.id""",
            (self.crawl_id, node["host"], node["port"]),
        ).fetchall()

    def addr_messages(self, node):
        return self.db.execute(
            """SELECT m.id, m.command, m.entry_count, length(m.raw) AS size,
                      (SELECT count(*) FROM addr_entries e WHERE e.addr_message_id = m.id) AS rows,
                      (SELECT count(DISTINCT address_id) FROM addr_entries e WHERE e.addr_message_id = m.id) AS distinct_rows
               FROM addr_messages m JOIN connections c ON c.id = m.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ? AND a.host = ? ORDER BY m.id""",
            (self.crawl_id, node["host"]),
        ).fetchall()

    def test_crawl_goes_on_and_finishes(self):
        self.assertEqual(self.crawl.returncode, 0, self.crawl.stderr)
        row = self.db.execute("SELECT status FROM crawls WHERE id = ?", (self.crawl_id,)).fetchone()
        self.assertEqual(row["status"], "finished")
        self.assertEqual(self.db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(len(self.by_kind["good"]), NODES)
        stored = {address_key(row) for row in self.db.execute("SELECT network, host, port FROM addresses")}
        self.assertEqual(stored, {address_key(a) for a in self.truth.addresses})

    def test_every_node_ends_with_the_outcome_of_its_kind(self):
        self.assertEqual(set(self.truth.raw["expected_outcomes"]), {"good", *HOSTILE_KINDS, *V2_HOSTILE_KINDS})
        outcomes = last_outcomes(self.db, self.crawl_id)
        wrong = {}
        for node in self.truth.nodes:
            if outcomes.get(self.truth.node_key(node)) != self.truth.expected_outcome(node):
                wrong[node["host"]] = (node["kind"], outcomes.get(self.truth.node_key(node)))
        self.assertEqual(wrong, {})
        self.assertEqual({len(nodes) for kind, nodes in self.by_kind.items() if kind != "good"}, {3})

    def test_memory_stays_bounded(self):
        if sanitized(os.path.join(ARGS.bin_dir, "btccrawl")):
            self.skipTest("AddressSanitizer's shadow memory and quarantine inflate RSS")
        self.assertLess(self.crawler_rss_kb, MAX_RSS_KB)

    def test_hangup_at_each_later_handshake_step(self):
        after_version, after_verack, on_getaddr = self.by_kind["latehangup"]
        for node in (after_version, after_verack, on_getaddr):
            self.assertEqual({c["outcome"] for c in self.connections(node)}, {"peer_closed"}, node["host"])
        # Closed after its version: our verack or the read finds the connection gone, no handshake.
        self.assertIsNone(self.connections(after_version)[-1]["handshake_at"])
        # Closed on our getaddr: the handshake was complete, so the node counts as reachable.
        self.assertIsNotNone(self.connections(on_getaddr)[-1]["handshake_at"])

    def test_slowloris_bounded_by_the_handshake_deadline(self):
        for node in self.by_kind["trickle"]:
            connections = self.connections(node)
            self.assertEqual(len(connections), 2)  # handshake_timeout is retried once (--retries 1)
            for connection in connections:
                self.assertEqual(connection["error"], "no handshake within the handshake timeout")
                self.assertGreaterEqual(connection["lasted"], HANDSHAKE_TIMEOUT * 1000)
                self.assertLess(connection["lasted"], HANDSHAKE_TIMEOUT * 1000 + 1500)

    def test_addr_with_1001_entries_stored_raw_then_protocol_error(self):
        for node in self.by_kind["addr1001"]:
            self.assertEqual(self.connections(node)[-1]["error"], "addr: 1001 entries > 1000")
            announcement, answer = self.addr_messages(node)
            self.assertEqual((announcement["entry_count"], announcement["rows"]), (1, 1))
            # CompactSize 0xfd e9 03, then 1001 entries of 30 bytes; no entry rows, nothing learned.
            self.assertEqual(
                (answer["command"], answer["size"], answer["entry_count"], answer["rows"]),
                ("addr", 3 + 1001 * 30, 0, 0),
            )

    def test_addrv2_entry_with_wrong_length_is_protocol_error(self):
        for node in self.by_kind["addrv2badlen"]:
            self.assertEqual(
                self.connections(node)[-1]["error"], "addrv2: BIP155 IPv4 address with length 5 (should be 4)"
            )
            answer = self.addr_messages(node)[-1]
            self.assertEqual((answer["command"], answer["entry_count"], answer["rows"]), ("addrv2", 0, 0))
            self.assertGreater(answer["size"], 100)

    def test_addrv2_unknown_network_skipped_rest_stored(self):
        for node in self.by_kind["addrv2unknown"]:
            self.assertIsNone(self.connections(node)[-1]["error"])
            known = self.truth.book_entries(node)[: MAX_ADDR_TO_SEND - UNKNOWN_ENTRIES]
            answer = self.addr_messages(node)[-1]
            self.assertEqual((answer["entry_count"], answer["rows"]), (len(known) + UNKNOWN_ENTRIES, len(known)))
            rows = self.db.execute(
                """SELECT a.network, a.host, a.port, e.timestamp, e.services FROM addr_entries e
                   JOIN addresses a ON a.id = e.address_id WHERE e.addr_message_id = ? ORDER BY e.position""",
                (answer["id"],),
            )
            self.assertEqual([(address_key(r), r["timestamp"], r["services"]) for r in rows], known)

    def test_address_flood_capped_at_1000_messages(self):
        for node in self.by_kind["addrflood"]:
            self.assertEqual(self.connections(node)[-1]["error"], "address flood: more than 1000 addr messages")
            messages = self.addr_messages(node)
            self.assertEqual(len(messages), 1000)  # the self-announcement and 999 of the flood
            self.assertEqual({(m["entry_count"], m["rows"]) for m in messages}, {(1, 1)})

    def test_address_messages_capped_in_bytes(self):
        for node in self.by_kind["addrbulk"]:
            connection = self.connections(node)[-1]
            # The first big message is the answer; the cap only cuts the grace period short.
            self.assertEqual((connection["outcome"], connection["error"]), ("ok", None))
            messages = self.addr_messages(node)
            bulk = [m for m in messages if m["entry_count"] == MAX_ADDR_TO_SEND]
            self.assertEqual(len(bulk), 4)  # four messages of 523,003 bytes fit in 2 MiB, a fifth does not
            self.assertLessEqual(sum(m["size"] for m in messages), MAX_ADDR_BYTES)
            self.assertEqual({m["rows"] for m in bulk}, {0})  # unknown networks are kept raw only

    def test_endless_inv_ping_stream_ends_at_the_addr_deadline(self):
        for node in self.by_kind["chatter"] + self.by_kind["stall"]:
            connection = self.connections(node)[-1]
            self.assertEqual(connection["error"], "no getaddr answer within the addr timeout")
            self.assertIsNotNone(connection["handshake_at"])
            self.assertLess(connection["lasted"], (HANDSHAKE_TIMEOUT + ADDR_TIMEOUT) * 1000)

    def test_hostile_v2_peers_end_on_their_precise_error_without_a_v1_fallback(self):
        for kind in V2_HOSTILE_KINDS:
            for node in self.by_kind[kind]:
                self.assertEqual(node["transport"], "v2", node)
                self.assertTrue(node["services"] & (1 << 11), node)
                connections = self.connections(node)
                self.assertEqual({c["error"] for c in connections}, {V2_ERRORS[kind]}, node["host"])
                # Each attempt over v2 and none a reconnection: none of them behaves as a v1 peer.
                self.assertEqual({(c["transport"], c["fallback_from"]) for c in connections}, {("v2", None)})
                self.assertTrue(all(c["handshake_at"] is None for c in connections), node["host"])
                # Endless decoys and a handshake that never ends are cut at the handshake deadline.
                for connection in connections:
                    self.assertLess(connection["lasted"], HANDSHAKE_TIMEOUT * 1000 + 1500, (kind, connection["id"]))

    def test_hostile_v2_peers_close_on_a_v1_version(self):
        self.assertEqual(self.v1_crawl.returncode, 0, self.v1_crawl.stderr)
        rows = connect(self.v1_db_path).execute("SELECT transport, outcome FROM connections").fetchall()
        self.assertEqual(len(rows), 3 * len(V2_HOSTILE_KINDS))
        self.assertEqual({(r["transport"], r["outcome"]) for r in rows}, {("v1", "peer_closed")})

    def test_thousand_copies_of_one_address(self):
        for node in self.by_kind["dupaddr"]:
            answer = self.addr_messages(node)[-1]
            self.assertEqual((answer["entry_count"], answer["rows"], answer["distinct_rows"]), (1000, 1000, 1))
            address = self.truth.addresses[node["book"][0]]
            count = self.db.execute(
                "SELECT count(*) FROM addresses WHERE network = ? AND host = ? AND port = ?", address_key(address)
            ).fetchone()[0]
            self.assertEqual(count, 1)

    def version_row(self, node):
        return self.db.execute(
            """SELECT length(v.raw) AS size, v.version, v.user_agent IS NULL AS no_agent,
                      CAST(v.user_agent AS BLOB) AS agent
               FROM version_messages v JOIN connections c ON c.id = v.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ? AND a.host = ? ORDER BY c.id DESC""",
            (self.crawl_id, node["host"]),
        ).fetchone()

    def test_user_agent_of_257_bytes_stored_raw_then_protocol_error(self):
        for node in self.by_kind["longagent"]:
            self.assertEqual(self.connections(node)[-1]["error"], "version: string of 257 bytes > 256")
            row = self.version_row(node)
            # 80 fixed bytes, CompactSize fd 01 01, the agent, start_height, relay.
            self.assertEqual(row["size"], 80 + 3 + 257 + 4 + 1)
            self.assertIsNone(row["version"])
            self.assertTrue(row["no_agent"])

    def test_invalid_utf8_user_agent_stored_byte_for_byte(self):
        for node in self.by_kind["badagent"]:
            self.assertIsNone(node["user_agent"])
            row = self.version_row(node)
            self.assertEqual(row["agent"], bytes.fromhex(node["user_agent_hex"]))
            self.assertEqual(row["version"], 70016)


if __name__ == "__main__":
    run_tests(globals())
