"""End to end against a peer nobody here wrote: bcoin 1.0.2 (npm), several regtest full nodes on
loopback whose address books point at each other and at dead addresses. The crawler, seeded with
the first node only, must find every node, store each one's version and every entry it advertised
(compared with the book our launcher put in it), record the dead addresses as refused, and end the
node with an empty book as no_addr — and so the node with a one-entry book, whose answer looks like a
self-announcement (docs/spec.md §2), though its entry is stored and followed. Everything runs inside tests/e2e/in_netns."""

import collections
import contextlib
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
from simnet import connect, in_private_namespace, last_outcomes, new_workdir, run_crawl, run_tests  # noqa: E402

ARGS = None
LAUNCHER = os.path.join(HERE, "launch_node.js")
ADDR_TIMEOUT_S = 3
TIMEOUTS = ["--connect-timeout", "2", "--handshake-timeout", "5", "--addr-timeout", str(ADDR_TIMEOUT_S)]

# Where nothing listens: the connection is refused at once inside the namespace.
DEAD = [("127.200.0.1", 18444), ("127.200.0.2", 18444), ("127.200.0.3", 18445), ("127.200.0.4", 18444)]
# name -> (host, port, book). Distinct addresses, two nodes sharing a host on different ports, one
# dead address advertised by two nodes, a node with an empty book and one with a one-entry book.
NODES = {
    "a": ("127.0.0.2", 18444, ["b", "c", DEAD[0], DEAD[1]]),
    "b": ("127.0.0.3", 18445, ["a", "d", DEAD[0], DEAD[2]]),
    "c": ("127.0.0.4", 18444, ["b", "d", "e"]),
    "d": ("127.0.0.4", 18446, []),
    "e": ("127.0.0.5", 18444, [DEAD[3]]),
}


def endpoint(entry):
    """A book entry (a node's name or a dead (host, port)) as HOST:PORT."""
    host, port = (NODES[entry][0], NODES[entry][1]) if isinstance(entry, str) else entry
    return f"{host}:{port}"


class BcoinNode:
    """One bcoin process started through our launcher; `info` is its READY line (with its book)."""

    def __init__(self, host, port, book):
        args = ["node", LAUNCHER, "--host", host, "--port", str(port)]
        for entry in book:
            args += ["--book", endpoint(entry)]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.info = None

    def wait_ready(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"bcoin did not start: {self.process.stderr.read()}")
        self.info = json.loads(line)

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.process.stderr.close()


class BcoinCrawlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        assert os.path.isdir(os.path.join(HERE, "node_modules", "bcoin")), "bcoin missing: run scripts/setup"
        cls.db_path = os.path.join(new_workdir("btccrawl-bcoin-"), "crawl.sqlite")
        with contextlib.ExitStack() as stack:
            cls.nodes = {}
            for name, (host, port, book) in NODES.items():
                cls.nodes[name] = node = BcoinNode(host, port, book)
                stack.callback(node.stop)
            for node in cls.nodes.values():
                node.wait_ready()
            first = cls.nodes["a"].info
            cls.crawl = run_crawl(
                os.path.join(ARGS.bin_dir, "btccrawl"),
                "--chain",
                "regtest",
                "--db",
                cls.db_path,
                "--seed",
                f"{first['host']}:{first['port']}",
                "--quiet",
                *TIMEOUTS,
            )
            rss = {name: node.rss_kib() for name, node in cls.nodes.items()}
            print(f"bcoin RSS per process (KiB): {rss}", file=sys.stderr)
        cls.db = connect(cls.db_path)
        cls.crawl_id = cls.db.execute("SELECT max(id) FROM crawls").fetchone()[0]

    def node_key(self, name):
        return ("ipv4", NODES[name][0], NODES[name][1])

    def test_crawl_finished_cleanly(self):
        self.assertEqual(self.crawl.returncode, 0, self.crawl.stderr)
        status = self.db.execute("SELECT status FROM crawls WHERE id = ?", (self.crawl_id,)).fetchone()[0]
        self.assertEqual(status, "finished")

    def test_launcher_books_are_what_we_asked_for(self):
        for name, (_, _, book) in NODES.items():
            stored = [f"{entry['host']}:{entry['port']}" for entry in self.nodes[name].info["book"]]
            self.assertEqual(stored, [endpoint(entry) for entry in book], name)

    def test_every_node_and_dead_address_found_with_its_outcome(self):
        expected = {self.node_key(name): "ok" for name in ("a", "b", "c")}
        expected[self.node_key("d")] = "no_addr"
        expected[self.node_key("e")] = "no_addr"
        expected.update({("ipv4", host, port): "refused" for host, port in DEAD})
        self.assertEqual(last_outcomes(self.db, self.crawl_id), expected)
        stored = {(r["network"], r["host"], r["port"]) for r in self.db.execute("SELECT * FROM addresses")}
        self.assertEqual(stored, set(expected))

    def test_each_address_dialed_once(self):
        # A v1 reconnection after a turned-away v2 key is part of the same dial, not a second one.
        rows = self.db.execute(
            """SELECT address_id, count(*) FROM connections WHERE crawl_id = ? AND fallback_from IS NULL
               GROUP BY address_id""",
            (self.crawl_id,),
        ).fetchall()
        self.assertEqual(len(rows), len(NODES) + len(DEAD))
        self.assertEqual({row[1] for row in rows}, {1})

    def test_v1_only_bcoin_reached_over_v1_after_exactly_one_fallback(self):
        # bcoin speaks v1 only. The seed's services are unknown, so it is dialed over v2 first: bcoin
        # answers our key with a v1 `reject` (our magic) and the crawler reconnects at once over v1,
        # in the same attempt. The
        # nodes learned from address books were advertised without NODE_P2P_V2: v1 from the start.
        rows = self.db.execute(
            """SELECT a.host, a.port, c.id, c.transport, c.outcome, c.attempt, c.fallback_from, c.v2_session_id
               FROM connections c JOIN addresses a ON a.id = c.address_id
               WHERE c.crawl_id = ? ORDER BY c.id""",
            (self.crawl_id,),
        ).fetchall()
        seed = [row for row in rows if (row[0], row[1]) == (NODES["a"][0], NODES["a"][1])]
        self.assertEqual([(row[3], row[4], row[5]) for row in seed], [("v2", "protocol_error", 1), ("v1", "ok", 1)])
        self.assertEqual(seed[1][6], seed[0][2])
        self.assertIsNone(seed[0][7])  # bcoin never sent a key: no session id
        others = [row for row in rows if (row[0], row[1]) != (NODES["a"][0], NODES["a"][1])]
        self.assertEqual({row[3] for row in others}, {"v1"})
        self.assertEqual([row for row in others if row[6] is not None], [])

    def test_versions_of_every_node(self):
        rows = self.db.execute(
            """SELECT a.host, a.port, v.version, v.services, v.user_agent, v.start_height, v.relay
               FROM version_messages v JOIN connections c ON c.id = v.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ?""",
            (self.crawl_id,),
        ).fetchall()
        # bcoin 1.0.2 on regtest: protocol 70015 (no BIP155), NODE_NETWORK | NODE_WITNESS, genesis only.
        expected = {(host, port): (70015, 9, "/bcoin:v1.0.2/", 0, 1) for host, port, _ in NODES.values()}
        self.assertEqual({(r["host"], r["port"]): tuple(r)[2:] for r in rows}, expected)

    def test_every_advertised_entry_stored_as_in_the_book(self):
        advertised = collections.defaultdict(list)
        rows = self.db.execute(
            """SELECT src.host AS src_host, src.port AS src_port, m.command, a.host, a.port, e.timestamp, e.services
               FROM addr_entries e JOIN addr_messages m ON m.id = e.addr_message_id
               JOIN connections c ON c.id = m.connection_id JOIN addresses src ON src.id = c.address_id
               JOIN addresses a ON a.id = e.address_id WHERE c.crawl_id = ? ORDER BY m.id, e.position""",
            (self.crawl_id,),
        )
        for row in rows:
            self.assertEqual(row["command"], "addr")  # no BIP155: never addrv2
            advertised[(row["src_host"], row["src_port"])].append(
                (row["host"], row["port"], row["timestamp"], row["services"])
            )
        expected = {}
        for name, node in self.nodes.items():
            book = [(e["host"], e["port"], e["time"], e["services"]) for e in node.info["book"]]
            if book:
                expected[(node.info["host"], node.info["port"])] = book
        self.assertEqual(dict(advertised), expected)

    def test_one_addr_message_per_answering_node(self):
        rows = self.db.execute(
            """SELECT a.host, a.port, m.entry_count FROM addr_messages m JOIN connections c ON c.id = m.connection_id
               JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ? ORDER BY m.id""",
            (self.crawl_id,),
        ).fetchall()
        counts = {(r["host"], r["port"]): r["entry_count"] for r in rows}
        # One message per node: bcoin does not announce itself on 127.x (not routable, no local address).
        self.assertEqual(len(rows), len(counts))
        self.assertEqual(counts, {(host, port): len(book) for host, port, book in NODES.values() if book})

    def test_empty_and_one_entry_books_end_as_no_addr_after_the_addr_timeout(self):
        for name in ("d", "e"):
            row = self.db.execute(
                """SELECT c.outcome, c.error, c.finished_at - c.handshake_at AS waited FROM connections c
                   JOIN addresses a ON a.id = c.address_id WHERE c.crawl_id = ? AND a.host = ? AND a.port = ?""",
                (self.crawl_id, NODES[name][0], NODES[name][1]),
            ).fetchone()
            self.assertEqual((row["outcome"], row["error"]), ("no_addr", "no getaddr answer within the addr timeout"))
            self.assertGreaterEqual(row["waited"], ADDR_TIMEOUT_S * 1000, name)
            self.assertLess(row["waited"], ADDR_TIMEOUT_S * 1000 + 1000, name)


if __name__ == "__main__":
    run_tests(globals())
