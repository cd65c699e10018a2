"""Shared pieces of the end-to-end tests and the crawl benchmark: start btcsim, run btccrawl,
read the simulator's truth file and the crawl's database. Every run happens inside a private
network namespace (tests/e2e/in_netns), so nothing here can dial beyond loopback."""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest


def in_private_namespace():
    """True when the only network interface is loopback (what in_netns sets up)."""
    with open("/proc/net/dev") as devices:
        names = [line.split(":")[0].strip() for line in devices.readlines()[2:]]
    return names == ["lo"]


class Simulator:
    """btcsim as a context manager: started with --truth, READY awaited, stopped with SIGTERM."""

    def __init__(self, btcsim, workdir, *args):
        self.truth_path = os.path.join(workdir, "truth.json")
        self.args = [btcsim, *map(str, args), "--truth", self.truth_path]
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            self.process.kill()
            raise RuntimeError(f"btcsim did not start: {line!r}")
        with open(self.truth_path) as truth:
            self.truth = json.load(truth)
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()


SHAPE_SOCKS5_PORT = 29050  # above the IPv6 nodes' ports (18446 onwards)
SHAPE_SAM_PORT = 27656


def mainnet_shape(scale=1):
    """Issue 15's mainnet shape divided by `scale`, as (btcsim options, btccrawl options): 15,000
    reachable (4,800 IPv4 + 300 faulty, 9,000 onion behind btcsim's SOCKS5 port, 1,000 IPv6 on
    [::1], 150 I2P behind its SAM bridge; the 50 CJDNS addresses stay undialable), 60,000 dead
    addresses (70 % silent, 5 % unreachable, 25 % refused: block_dead_ranges makes them so),
    1,000-entry books, latency 20-300 ms, circuits 1-5 s, entry times as Core keeps them."""
    sim = [
        "--nodes", 4800 // scale, "--faults", 0.0625, "--book", 1000,
        "--dead", 60000 // scale, "--dead-silent", 0.7, "--dead-unreachable", 0.05,
        "--exotic", 10200 // scale, "--exotic-mix", "180,3,1,20", "--ipv6", 1000 // scale,
        "--latency", "20-300", "--socks5-delay", "1000-5000", "--core-times",
        "--socks5", SHAPE_SOCKS5_PORT, "--sam", SHAPE_SAM_PORT,
    ]  # fmt: skip
    crawl = {
        "--proxy": f"socks5://127.0.0.1:{SHAPE_SOCKS5_PORT}",
        "--i2p-sam": f"127.0.0.1:{SHAPE_SAM_PORT}",
        # Circuits take up to 5 s: they are bounded by --proxy-timeout (20 s), so the dead IP
        # addresses keep the short --connect-timeout of the other shapes.
    }
    return sim, crawl


def expected_reachable(truth, proxied=True):
    """(network, host, port) of every address a complete crawl finishes a handshake with: the nodes
    whose kind ends ok/no_addr, and the exotic aliases btcsim serves (loopback IPv6, and onion and
    I2P when the crawl dials them through btcsim's proxies: `proxied`)."""
    expected = {truth.node_key(n) for n in truth.nodes if truth.expected_outcome(n) in ("ok", "no_addr")}
    for index in truth.raw["exotic"]:
        address = truth.addresses[index]
        if (proxied and address["network"] in ("onion", "i2p")) or address["host"] == "::1":
            expected.add(address_key(address))
    return expected


def block_dead_ranges(truth):
    """Makes the truth file's silent dead range drop SYNs and its unreachable range answer ICMP
    net-unreachable (connect fails with ENETUNREACH), with nftables rules that exist only inside
    this private network namespace; the refused range stays as it is (RST from loopback)."""
    assert in_private_namespace(), "nftables rules only inside a private network namespace"
    ranges = truth.get("dead_ranges", {})
    verdicts = {"silent": "drop", "unreachable": "reject with icmp type net-unreachable"}
    rules = [
        f"ip daddr {ranges[kind]['first']}-{ranges[kind]['last']} tcp flags syn {verdict}"
        for kind, verdict in verdicts.items()
        if kind in ranges
    ]
    if not rules:
        return
    ruleset = "table ip btcsim {\n chain output {\n  type filter hook output priority 0; policy accept;\n"
    ruleset += "".join(f"  {rule}\n" for rule in rules) + " }\n}\n"
    subprocess.run(["nft", "-f", "-"], input=ruleset, text=True, check=True)


def run_crawl(btccrawl, *args, timeout=600):
    """Runs `btccrawl crawl ARGS` and returns the finished process (stdout and stderr as text)."""
    return subprocess.run([btccrawl, "crawl", *map(str, args)], capture_output=True, text=True, timeout=timeout)


def connect(path):
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    return db


def address_key(address):
    return (address["network"], address["host"], address["port"])


class Truth:
    """The simulator's truth file with the lookups the tests need."""

    def __init__(self, truth):
        self.raw = truth
        self.addresses = truth["addresses"]
        self.nodes = truth["nodes"]
        self.spread = truth["owner_time_spread"]

    def node_key(self, node):
        return ("ipv4", node["host"], node["port"])

    def book_entries(self, node):
        """The entries `node` answers getaddr with: (key, timestamp, services), in order."""
        entries = []
        for index in node["book"][: self.raw["answer_size"]]:
            address = self.addresses[index]
            timestamp = address["time"] - node["index"] % self.spread
            entries.append((address_key(address), timestamp, address["services"]))
        return entries

    def expected_outcome(self, node):
        return self.raw["expected_outcomes"][node["kind"]]


def last_outcomes(db, crawl_id):
    """{(network, host, port): outcome of the newest connection} for one crawl."""
    rows = db.execute(
        """SELECT a.network, a.host, a.port, c.outcome FROM connections c
           JOIN addresses a ON a.id = c.address_id
           WHERE c.crawl_id = ? AND c.id = (SELECT max(id) FROM connections
                                            WHERE crawl_id = c.crawl_id AND address_id = c.address_id)""",
        (crawl_id,),
    )
    return {(r["network"], r["host"], r["port"]): r["outcome"] for r in rows}


def crawl_state(path):
    """Everything a crawl's result consists of, independent of ids and clock times."""
    db = connect(path)
    crawl_id = db.execute("SELECT max(id) FROM crawls").fetchone()[0]
    reachable = {
        address_key(r)
        for r in db.execute(
            """SELECT DISTINCT a.network, a.host, a.port FROM connections c JOIN addresses a ON a.id = c.address_id
           WHERE c.crawl_id = ? AND c.handshake_at IS NOT NULL""",
            (crawl_id,),
        )
    }
    learned = {
        address_key(r)
        for r in db.execute(
            """SELECT a.network, a.host, a.port FROM crawl_addresses l JOIN addresses a ON a.id = l.address_id
           WHERE l.crawl_id = ?""",
            (crawl_id,),
        )
    }
    answers = {}
    for r in db.execute(
        """SELECT src.host AS source, a.network, a.host, a.port, e.timestamp, e.services
               FROM addr_entries e JOIN addr_messages m ON m.id = e.addr_message_id
               JOIN connections c ON c.id = m.connection_id JOIN addresses src ON src.id = c.address_id
               JOIN addresses a ON a.id = e.address_id
               WHERE c.crawl_id = ? AND m.entry_count > 1 ORDER BY m.id, e.position""",
        (crawl_id,),
    ):
        answers.setdefault(r["source"], []).append((address_key(r), r["timestamp"], r["services"]))
    state = {
        "reachable": reachable,
        "learned": learned,
        "answers": answers,
        "outcomes": last_outcomes(db, crawl_id),
        "status": db.execute("SELECT status FROM crawls WHERE id = ?", (crawl_id,)).fetchone()[0],
        "crawls": db.execute("SELECT count(*) FROM crawls").fetchone()[0],
        "integrity": db.execute("PRAGMA integrity_check").fetchone()[0],
        "duplicates": {
            "addresses": db.execute(
                "SELECT count(*) - count(DISTINCT network || host || port) FROM addresses"
            ).fetchone()[0],
            "attempts": db.execute(
                # A BIP324 fallback is a second row of the same attempt (docs/schema.md).
                """SELECT count(*) FROM (SELECT 1 FROM connections WHERE fallback_from IS NULL
                                      GROUP BY crawl_id, address_id, attempt HAVING count(*) > 1)"""
            ).fetchone()[0],
            "handshakes": db.execute(
                """SELECT count(*) FROM (SELECT 1 FROM connections WHERE outcome = 'ok'
                                        GROUP BY crawl_id, address_id HAVING count(*) > 1)"""
            ).fetchone()[0],
            "answers": db.execute(
                """SELECT count(*) FROM (SELECT 1 FROM addr_messages m JOIN connections c
                                     ON c.id = m.connection_id WHERE m.entry_count > 1
                                     GROUP BY c.address_id HAVING count(*) > 1)"""
            ).fetchone()[0],
            "crawl_addresses": db.execute(
                """SELECT count(*) FROM (SELECT 1 FROM crawl_addresses
                                             GROUP BY crawl_id, address_id HAVING count(*) > 1)"""
            ).fetchone()[0],
        },
    }
    db.close()
    return state


def new_workdir(prefix):
    return tempfile.mkdtemp(prefix=prefix)


def sanitized(binary):
    """True for a -DBTCCRAWL_SANITIZE=ON build (scripts/test stage 2), whose RSS is not comparable."""
    with open(binary, "rb") as f:
        return b"__asan_init" in f.read()


def run_tests(test_globals):
    """The `__main__` of every end-to-end test script: `--bin-dir DIR` (where btccrawl and btcsim
    are) goes to the script's ARGS, the rest to unittest."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin-dir", required=True)
    args, rest = parser.parse_known_args()
    test_globals["ARGS"] = args
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)
