"""End to end, every network a node lives on, inside a private network namespace: IPv6 nodes on
[::1], .onion nodes through a SOCKS5 proxy (btcsim playing Tor, and Debian's microsocks reaching
IPv4 nodes), I2P nodes through a SAM bridge (btcsim playing it), CJDNS left undialed, and the seed
paths: host names from a hosts file, --seed-file, the chain's DNS seeds with some failing, and
Bitcoin Core's fixed seeds loaded but never dialed. Nothing here uses real DNS or leaves loopback."""

import json
import os
import shutil
import socket
import subprocess
import time
import unittest

from simnet import Truth, connect, in_private_namespace, last_outcomes, new_workdir, run_crawl, run_tests

ARGS = None
TIMEOUTS = ["--connect-timeout", "2", "--handshake-timeout", "5", "--addr-timeout", "3", "--retries", "0", "--quiet"]
SOCKS_PORT = 19050
SAM_PORT = 17656


class Sim:
    """btcsim with its stderr kept in a file (the SAM bridge reports its sessions there)."""

    def __init__(self, workdir, *args):
        self.workdir = workdir
        self.truth_path = os.path.join(workdir, "truth.json")
        self.stderr_path = os.path.join(workdir, "btcsim.err")
        self.args = [os.path.join(ARGS.bin_dir, "btcsim"), *map(str, args), "--truth", self.truth_path]

    def __enter__(self):
        self.stderr = open(self.stderr_path, "w")
        self.process = subprocess.Popen(self.args, stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        line = self.process.stdout.readline()
        if not line.startswith("READY"):
            self.process.kill()
            raise RuntimeError(f"btcsim did not start: {line!r}")
        with open(self.truth_path) as truth:
            self.truth = Truth(json.load(truth))
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.process.stdout.close()
        self.stderr.close()

    def log(self):
        with open(self.stderr_path) as err:
            return err.read()


def crawl(db_path, *args):
    return run_crawl(os.path.join(ARGS.bin_dir, "btccrawl"), "--db", db_path, *args, timeout=300)


def exotic_by_network(truth):
    """{network: [(index, address)]} of the truth's exotic addresses."""
    result = {}
    for index in truth.raw["exotic"]:
        address = truth.addresses[index]
        result.setdefault(address["network"], []).append((index, address))
    return result


def alias_node(truth, index):
    """The good node exotic address `index` plays (World::AliasOf)."""
    return truth.nodes[(index - truth.raw["exotic"][0]) % truth.raw["counts"]["good"]]


def connections(db, network):
    return db.execute(
        """SELECT a.host, a.port, c.outcome, c.error, v.nonce FROM connections c
           JOIN addresses a ON a.id = c.address_id LEFT JOIN version_messages v ON v.connection_id = c.id
           WHERE a.network = ? ORDER BY a.host, a.port""",
        (network,),
    ).fetchall()


class ExoticNetworks(unittest.TestCase):
    """One btcsim with IPv6 nodes, a SOCKS5 port and a SAM bridge; one crawl through both."""

    @classmethod
    def setUpClass(cls):
        cls.workdir = new_workdir("btccrawl-networks-")
        cls.db_path = os.path.join(cls.workdir, "crawl.sqlite")
        with Sim(
            cls.workdir,
            "--nodes",
            30,
            "--book",
            40,
            "--dead",
            5,
            "--exotic",
            24,
            "--ipv6",
            3,
            "--socks5",
            SOCKS_PORT,
            "--sam",
            SAM_PORT,
            "--seed",
            5,
        ) as sim:
            cls.truth = sim.truth
            cls.crawl = crawl(
                cls.db_path,
                "--chain",
                "regtest",
                "--seed",
                "127.10.0.1",
                "--proxy",
                f"socks5://127.0.0.1:{SOCKS_PORT}",
                "--i2p-sam",
                f"127.0.0.1:{SAM_PORT}",
                "--cjdns",
                *TIMEOUTS,
            )
            cls.sim_log = sim.log()
        cls.db = connect(cls.db_path)
        cls.exotic = exotic_by_network(cls.truth)

    def test_crawl_finished(self):
        self.assertEqual(self.crawl.returncode, 0, self.crawl.stderr)
        self.assertIn("finished", self.crawl.stdout)

    def check_network_reached(self, network, expected):
        rows = connections(self.db, network)
        self.assertEqual({(r["host"], r["port"]) for r in rows}, {(a["host"], a["port"]) for _, a in expected})
        for row in rows:
            self.assertEqual((row["outcome"], row["error"]), ("ok", None), row["host"])
        # The node behind the proxy is the alias the truth file's rule names: same nonce.
        nonces = {(r["host"], r["port"]): r["nonce"] % 2**64 for r in rows}  # stored as signed INTEGER
        for index, address in expected:
            self.assertEqual(nonces[(address["host"], address["port"])], alias_node(self.truth, index)["nonce"])

    def test_ipv6_nodes_on_loopback_reached(self):
        reachable = [(i, a) for i, a in self.exotic["ipv6"] if a["host"] == "::1"]
        self.assertEqual([a["port"] for _, a in reachable], [18446, 18447, 18448])
        self.check_network_reached("ipv6", reachable)

    def test_onion_nodes_reached_through_socks5(self):
        self.assertEqual(len(self.exotic["onion"]), 6)
        self.check_network_reached("onion", self.exotic["onion"])

    def test_i2p_nodes_reached_through_sam_with_port_zero_and_one_session(self):
        self.assertEqual(len(self.exotic["i2p"]), 6)
        self.assertTrue(all(a["port"] == 0 for _, a in self.exotic["i2p"]))
        self.check_network_reached("i2p", self.exotic["i2p"])
        self.assertEqual(self.sim_log.count("SAM session"), 1, self.sim_log)

    def test_cjdns_and_unreachable_ipv6_recorded_but_not_dialed(self):
        # --cjdns makes them dialable, but regtest's scope (127.0.0.0/8, ::1) keeps them off.
        self.assertEqual(connections(self.db, "cjdns"), [])
        stored = self.db.execute("SELECT count(*) FROM addresses WHERE network = 'cjdns'").fetchone()[0]
        self.assertEqual(stored, len(self.exotic["cjdns"]))
        dialed_v6 = {r["host"] for r in connections(self.db, "ipv6")}
        self.assertEqual(dialed_v6, {"::1"})

    def test_report_counts_each_network_and_flags_nodes_seen_twice(self):
        report = subprocess.run(
            [os.path.join(ARGS.bin_dir, "btccrawl"), "report", "--db", self.db_path, "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        summary = json.loads(report.stdout)
        reached = {network: len(self.exotic[network]) for network in ("onion", "i2p")}
        self.assertEqual(
            summary["reachable_by_network"],
            {"ipv4": 30, "ipv6": 3, "onion": reached["onion"], "i2p": reached["i2p"], "cjdns": 0},
        )
        # Every exotic node reached is an alias of an IPv4 node: one node, several addresses.
        aliases = {}
        for network in ("ipv6", "onion", "i2p"):
            for index, address in self.exotic[network]:
                if network == "ipv6" and address["host"] != "::1":
                    continue
                key = str(alias_node(self.truth, index)["nonce"])
                aliases.setdefault(key, set()).add(f"{network} {address['host']}")
        flagged = {
            node["nonce"]: {
                a.rsplit(":", 1)[0].replace("[", "").replace("]", "")
                for a in node["addresses"]
                if not a.startswith("ipv4")
            }
            for node in summary["multi_address_nodes"]
        }
        self.assertEqual(flagged, aliases)
        duplicates = sum(len(node["addresses"]) - 1 for node in summary["multi_address_nodes"])
        self.assertEqual(summary["reachable_distinct"], summary["reachable"] - duplicates)
        self.assertEqual(summary["reachable_distinct"], 30)

    def test_every_ipv4_node_ok(self):
        outcomes = last_outcomes(self.db, 1)
        for node in self.truth.nodes:
            self.assertEqual(outcomes[self.truth.node_key(node)], "ok")


class ProxyFailures(unittest.TestCase):
    """Every way a proxy fails is `proxy_error`, with the proxy's reason in the error text."""

    @classmethod
    def setUpClass(cls):
        cls.workdir = new_workdir("btccrawl-proxyfail-")

    def one_connection(self, db_path, *args):
        result = crawl(db_path, "--chain", "regtest", "--no-dns-seeds", *args, *TIMEOUTS)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = connect(db_path).execute("SELECT outcome, error FROM connections").fetchall()
        return [(r["outcome"], r["error"]) for r in rows]

    def test_unknown_onion_gets_tors_reply_code(self):
        unknown = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion"
        with Sim(self.workdir, "--nodes", 2, "--book", 1, "--socks5", SOCKS_PORT):
            rows = self.one_connection(
                os.path.join(self.workdir, "onion.sqlite"),
                "--seed",
                unknown,
                "--proxy",
                f"socks5://127.0.0.1:{SOCKS_PORT}",
            )
        self.assertEqual(
            rows, [("proxy_error", "SOCKS5 proxy: reply 0xf0 (onion service descriptor can not be found)")]
        )

    def test_proxy_not_listening(self):
        rows = self.one_connection(
            os.path.join(self.workdir, "down.sqlite"),
            "--seed",
            "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
            "--proxy",
            "socks5://127.0.0.1:9",
        )
        self.assertEqual(rows, [("proxy_error", "cannot connect to SOCKS5 proxy 127.0.0.1:9: Connection refused")])

    def test_unknown_i2p_destination(self):
        with Sim(self.workdir, "--nodes", 2, "--book", 1, "--sam", SAM_PORT):
            rows = self.one_connection(
                os.path.join(self.workdir, "i2p.sqlite"),
                "--seed",
                "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p",
                "--i2p-sam",
                f"127.0.0.1:{SAM_PORT}",
            )
        self.assertEqual(rows, [("proxy_error", "SAM STREAM CONNECT: RESULT=CANT_REACH_PEER (unknown destination)")])

    def test_sam_bridge_not_listening(self):
        rows = self.one_connection(
            os.path.join(self.workdir, "samdown.sqlite"),
            "--seed",
            "ukeu3k5oycgaauneqgtnvselmt4yemvoilkln7jpvamvfx7dnkdq.b32.i2p",
            "--i2p-sam",
            "127.0.0.1:9",
        )
        self.assertEqual(rows, [("proxy_error", "cannot connect to I2P SAM bridge 127.0.0.1:9: Connection refused")])

    def test_a_proxy_that_never_answers_is_bounded_by_the_proxy_timeout(self):
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        db_path = os.path.join(self.workdir, "silent.sqlite")
        try:
            rows = self.one_connection(
                db_path,
                "--seed",
                "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion",
                "--proxy",
                f"socks5://127.0.0.1:{silent.getsockname()[1]}",
                "--proxy-timeout",
                "1",
            )
        finally:
            silent.close()
        self.assertEqual(rows, [("connect_timeout", "no connection through the proxy within the proxy timeout")])
        # The proxy's deadline, not --connect-timeout's 2 s.
        lasted = connect(db_path).execute("SELECT finished_at - started_at FROM connections").fetchone()[0]
        self.assertGreaterEqual(lasted, 1000)
        self.assertLess(lasted, 1900)

    def test_a_circuit_slower_than_the_connect_timeout_is_waited_for(self):
        # Every circuit of btcsim's SOCKS5 port takes 2.5 s, beyond --connect-timeout 2 but well
        # inside the default --proxy-timeout (20 s): every onion node is reached.
        db_path = os.path.join(self.workdir, "circuit.sqlite")
        with Sim(
            self.workdir, "--nodes", 4, "--book", 6, "--exotic", 8, "--exotic-mix", "1,0,0,0",
            "--socks5", SOCKS_PORT, "--socks5-delay", "2500",
        ) as sim:  # fmt: skip
            onions = {a["host"] for _, a in exotic_by_network(sim.truth)["onion"]}
            result = crawl(
                db_path, "--chain", "regtest", "--seed", "127.10.0.1", "--proxy", f"socks5://127.0.0.1:{SOCKS_PORT}",
                *TIMEOUTS,
            )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = connections(connect(db_path), "onion")
        self.assertEqual({r["host"] for r in rows}, onions)
        self.assertEqual({(r["outcome"], r["error"]) for r in rows}, {("ok", None)})

    def test_proxy_outside_the_scope_is_refused(self):
        result = crawl(
            os.path.join(self.workdir, "scope.sqlite"),
            "--chain",
            "regtest",
            "--no-dns-seeds",
            "--proxy",
            "socks5://10.1.2.3:9050",
            "--quiet",
        )
        self.assertEqual(result.returncode, 1)
        self.assertEqual(result.stderr, "btccrawl: --proxy '10.1.2.3:9050' is outside --scope and not loopback\n")
        self.assertFalse(os.path.exists(os.path.join(self.workdir, "scope.sqlite")))


class RealSocks5Server(unittest.TestCase):
    """Debian's microsocks, a SOCKS5 server nobody here wrote, carries a whole IPv4 crawl (--proxy-all)."""

    def test_crawl_through_microsocks(self):
        self.assertIsNotNone(shutil.which("microsocks"), "microsocks missing: scripts/setup installs it")
        workdir = new_workdir("btccrawl-microsocks-")
        db_path = os.path.join(workdir, "crawl.sqlite")
        log_path = os.path.join(workdir, "microsocks.log")
        with open(log_path, "w") as log:
            proxy = subprocess.Popen(["microsocks", "-i", "127.0.0.1", "-p", "19080"], stdout=log, stderr=log)
            try:
                time.sleep(0.3)
                with Sim(workdir, "--nodes", 20, "--book", 20, "--dead", 3, "--seed", 3) as sim:
                    result = crawl(
                        db_path,
                        "--chain",
                        "regtest",
                        "--seed",
                        "127.10.0.1",
                        "--proxy",
                        "socks5://127.0.0.1:19080",
                        "--proxy-all",
                        *TIMEOUTS,
                    )
                    truth = sim.truth
            finally:
                proxy.terminate()
                proxy.wait(timeout=10)
        self.assertEqual(result.returncode, 0, result.stderr)
        outcomes = last_outcomes(connect(db_path), 1)
        for node in truth.nodes:
            self.assertEqual(outcomes[truth.node_key(node)], "ok")
        # Dead addresses: microsocks cannot connect and says so with a SOCKS reply.
        # A v1-only node dialed over v2 first (the seed, its services unknown) closes on our key;
        # that attempt is followed by its v1 reconnection, and no other attempt fails otherwise.
        failed = (
            connect(db_path)
            .execute(
                """SELECT error, transport, EXISTS (SELECT 1 FROM connections f WHERE f.fallback_from = c.id) AS fell_back
               FROM connections c WHERE outcome != 'ok'"""
            )
            .fetchall()
        )
        errors = {r["error"] for r in failed if not r["fell_back"]}
        self.assertEqual(errors, {"SOCKS5 proxy: reply 0x05 (connection refused)"})
        self.assertTrue(all(r["transport"] == "v2" for r in failed if r["fell_back"]))
        with open(log_path) as log:
            proxied = log.read().count("connected to")
        # Every reachable node's stream went through microsocks, and so did each v2 attempt that fell back.
        self.assertEqual(proxied, 20 + sum(1 for r in failed if r["fell_back"]))


class Seeds(unittest.TestCase):
    """Seeds by host name (a hosts file bind-mounted in a private mount namespace), --seed-file,
    the chain's DNS seeds (some resolving, the rest failing and reported), Core's fixed seeds."""

    @classmethod
    def setUpClass(cls):
        cls.workdir = new_workdir("btccrawl-seeds-")
        cls.hosts = os.path.join(cls.workdir, "hosts")
        with open(cls.hosts, "w") as hosts:
            hosts.write(
                "127.0.0.1 localhost\n::1 localhost ip6-localhost\n127.10.0.2 sim-seed.test\n"
                "127.10.0.1 seed.bitcoin.sipa.be\n127.10.0.3 dnsseed.bluematt.me\n"
            )

    def crawl_with_hosts(self, db_path, *args):
        """btccrawl with our hosts file over /etc/hosts, in a private mount namespace."""
        command = [os.path.join(ARGS.bin_dir, "btccrawl"), "crawl", "--db", db_path, *map(str, args)]
        script = 'mount --bind "$0" /etc/hosts && exec "$@"'
        return subprocess.run(
            ["unshare", "-m", "sh", "-c", script, self.hosts, *command], capture_output=True, text=True, timeout=300
        )

    def dialed(self, db_path):
        rows = connect(db_path).execute(
            "SELECT a.host FROM connections c JOIN addresses a ON a.id = c.address_id WHERE c.attempt = 1 ORDER BY c.id"
        )
        return [r["host"] for r in rows]

    def test_seed_by_host_name_from_the_hosts_file_and_localhost(self):
        with Sim(self.workdir, "--nodes", 3, "--book", 2, "--seed", 2):
            db_path = os.path.join(self.workdir, "names.sqlite")
            result = self.crawl_with_hosts(
                db_path,
                "--chain",
                "regtest",
                "--seed",
                "sim-seed.test",
                "--seed",
                "localhost:1",
                *TIMEOUTS,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        settings = json.loads(connect(db_path).execute("SELECT settings FROM crawls").fetchone()[0])
        self.assertEqual(set(settings["seeds"]), {"127.10.0.2:18444", "127.0.0.1:1", "[::1]:1"})
        self.assertEqual(set(self.dialed(db_path)[:3]), {"127.10.0.2", "127.0.0.1", "::1"})

    def test_unknown_seed_name_is_a_usage_error(self):
        result = self.crawl_with_hosts(
            os.path.join(self.workdir, "bad.sqlite"),
            "--chain",
            "regtest",
            "--seed",
            "no-such-host.test",
            "--quiet",
        )
        self.assertEqual(result.returncode, 1)
        self.assertTrue(result.stderr.startswith("btccrawl: bad --seed 'no-such-host.test': "), result.stderr)

    def test_seed_file(self):
        seed_file = os.path.join(self.workdir, "seeds.txt")
        with open(seed_file, "w") as seeds:
            seeds.write("# seeds for the test\n\n  127.10.0.3  \n[::1]:18446\n")
        with Sim(self.workdir, "--nodes", 4, "--book", 3, "--exotic", 4, "--ipv6", 1, "--seed", 2):
            db_path = os.path.join(self.workdir, "file.sqlite")
            result = crawl(db_path, "--chain", "regtest", "--seed-file", seed_file, *TIMEOUTS)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(set(self.dialed(db_path)[:2]), {"127.10.0.3", "::1"})

    def test_dns_seeds_resolved_failures_reported_and_tolerated(self):
        # mainnet magic and port on loopback: the hosts file answers two of mainnet's DNS seeds;
        # the others fail (no DNS server in the namespace) and are reported, not fatal.
        with Sim(
            self.workdir,
            "--nodes",
            5,
            "--book",
            4,
            "--chain",
            "mainnet",
            "--port",
            8333,
            "--seed",
            4,
        ):
            db_path = os.path.join(self.workdir, "dns.sqlite")
            result = self.crawl_with_hosts(db_path, "--chain", "mainnet", "--scope", "127.10.0.0/16", *TIMEOUTS)
        self.assertEqual(result.returncode, 0, result.stderr)
        reported = [line for line in result.stderr.splitlines() if line.startswith("btccrawl: DNS seed ")]
        self.assertEqual(len(reported), 6, result.stderr)
        self.assertNotIn("seed.bitcoin.sipa.be", result.stderr)
        self.assertEqual(sorted(self.dialed(db_path)[:2]), ["127.10.0.1", "127.10.0.3"])
        outcomes = last_outcomes(connect(db_path), 1)
        self.assertEqual(set(outcomes.values()), {"ok"})
        self.assertEqual(len(outcomes), 5)

    def test_fixed_seeds_loaded_but_kept_undialed_by_the_scope(self):
        db_path = os.path.join(self.workdir, "fixed.sqlite")
        result = crawl(
            db_path,
            "--chain",
            "mainnet",
            "--no-dns-seeds",
            "--fixed-seeds",
            "--scope",
            "127.0.0.1/32",
            "--cjdns",
            *TIMEOUTS,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("btccrawl: 56 fixed seeds for mainnet\n", result.stderr)
        db = connect(db_path)
        counts = dict(db.execute("SELECT network, count(*) FROM addresses GROUP BY network").fetchall())
        self.assertEqual(counts, {"ipv4": 12, "ipv6": 12, "onion": 12, "i2p": 12, "cjdns": 8})
        # The scope keeps every IP (and CJDNS) seed off; without proxies Tor and I2P are not dialed.
        self.assertEqual(db.execute("SELECT count(*) FROM connections").fetchone()[0], 0)

    def test_fixed_seeds_are_the_fallback_when_dns_gives_nothing(self):
        db_path = os.path.join(self.workdir, "fallback.sqlite")
        hosts = os.path.join(self.workdir, "empty-hosts")
        with open(hosts, "w") as empty:
            empty.write("127.0.0.1 localhost\n")
        command = [
            os.path.join(ARGS.bin_dir, "btccrawl"),
            "crawl",
            "--db",
            db_path,
            "--chain",
            "signet",
            "--scope",
            "127.0.0.1/32",
            *TIMEOUTS,
        ]
        result = subprocess.run(
            ["unshare", "-m", "sh", "-c", 'mount --bind "$0" /etc/hosts && exec "$@"', hosts, *command],
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("btccrawl: no address from the DNS seeds: using the fixed seeds\n", result.stderr)
        self.assertIn("btccrawl: 25 fixed seeds for signet\n", result.stderr)
        db = connect(db_path)
        self.assertEqual(db.execute("SELECT count(*) FROM addresses").fetchone()[0], 25)
        self.assertEqual(db.execute("SELECT count(*) FROM connections").fetchone()[0], 0)


if __name__ == "__main__":
    assert in_private_namespace(), "run me through tests/e2e/in_netns"
    run_tests(globals())
