"""End to end: `btccrawl dns` serving a crawl of btcsim, asked by dig and dnspython over UDP and
TCP (issue 14); and `btccrawl dns` beside `btccrawl monitor` on one file, answering with the good
nodes only. Two simulators: IPv4 nodes on regtest's default port 18444, and a second network
on 18442 whose one reachable IPv6 node is [::1]:18444 (btcsim --ipv6 puts it at port P+2)."""

import os
import pwd
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import unittest

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype

from simnet import Simulator, in_private_namespace, new_workdir, run_crawl, run_tests

ZONE = "seed.test"
PORT = 5353
LONG_NAMES_PORT = 5354
REFRESH_PORT = 5355
NO_LIMIT_PORT = 5356
MONITOR_PORT = 5357
ADDRESS = "127.0.0.1"


def start_dns(btccrawl, db, port, *extra):
    process = subprocess.Popen(
        [btccrawl, "dns", "--db", db, "--zone", ZONE, "--listen", f"{ADDRESS}:{port}", *extra],
        stderr=subprocess.PIPE,
        text=True,
    )
    line = process.stderr.readline()
    if not line.startswith("dns: serving"):
        process.kill()
        raise RuntimeError(f"btccrawl dns did not start: {line!r}")
    return process


def ask(name, rdtype, tcp=False, payload=None, source=""):
    query = dns.message.make_query(name, rdtype, use_edns=payload is not None, payload=payload or 512)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, ADDRESS, port=PORT, timeout=3, source=source or None)


def flood(port, source, count):
    """Sends `count` A queries from `source` at once; how many were answered."""
    query = dns.message.make_query(ZONE, "A").to_wire()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((source, 0))
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        sock.settimeout(0.3)
        for _ in range(count):
            sock.sendto(query, (ADDRESS, port))
        answered = 0
        try:
            while True:
                sock.recvfrom(65535)
                answered += 1
        except socket.timeout:
            pass
    return answered


def addresses(reply):
    return [item.address for rrset in reply.answer for item in rrset]


class DnsSeedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-dns-")
        btcsim = os.path.join(ARGS.bin_dir, "btcsim")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        cls.db = os.path.join(cls.workdir, "seed.sqlite")
        v4_dir, v6_dir = os.path.join(cls.workdir, "v4"), os.path.join(cls.workdir, "v6")
        os.mkdir(v4_dir)
        os.mkdir(v6_dir)
        with Simulator(btcsim, v4_dir, "--nodes", 30), Simulator(
            btcsim, v6_dir, "--nodes", 10, "--exotic", 4, "--ipv6", 1, "--port", 18442, "--base", "127.30.0.1"
        ):
            crawl = run_crawl(
                cls.btccrawl, "--db", cls.db, "--chain", "regtest", "--quiet",
                "--seed", "127.10.0.1:18444", "--seed", "127.30.0.1:18442",
            )  # fmt: skip
            assert crawl.returncode == 0, crawl.stderr
        cls.services = cls.good_nodes()
        cls.server = start_dns(cls.btccrawl, cls.db, PORT, "--ns", "ns.test")
        label_n, label_m = "n" * 60, "m" * 60
        cls.long_names = start_dns(
            cls.btccrawl, cls.db, LONG_NAMES_PORT,
            "--ns", ".".join([label_n] * 4) + ".test", "--mbox", ".".join([label_m] * 4) + ".test",
        )  # fmt: skip

    @classmethod
    def tearDownClass(cls):
        for process in (cls.server, cls.long_names):
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()

    @classmethod
    def good_nodes(cls):
        """{host: services} of the nodes that completed the handshake on port 18444."""
        db = sqlite3.connect(cls.db)
        rows = db.execute(
            """SELECT a.host, v.services FROM connections c JOIN addresses a ON a.id = c.address_id
               JOIN version_messages v ON v.connection_id = c.id
               WHERE c.handshake_at IS NOT NULL AND a.port = 18444"""
        ).fetchall()
        db.close()
        return dict(rows)

    def test_a_over_udp_and_tcp_are_good_ipv4_nodes_two_per_netgroup(self):
        self.assertEqual(len([h for h in self.services if "." in h]), 30)
        for tcp in (False, True):
            reply = ask(ZONE, "A", tcp=tcp)
            self.assertEqual(reply.rcode(), dns.rcode.NOERROR)
            self.assertTrue(reply.flags & dns.flags.AA)
            found = addresses(reply)
            # Every node is in 127.10.0.0/16: at most two of one netgroup.
            self.assertEqual(len(found), 2, found)
            for address in found:
                self.assertIn(address, self.services)

    def test_aaaa_is_the_ipv6_node_on_the_default_port(self):
        for tcp in (False, True):
            self.assertEqual(addresses(ask(ZONE, "AAAA", tcp=tcp)), ["::1"])

    def test_flag_names_give_nodes_with_those_services(self):
        for tcp in (False, True):
            found = addresses(ask("x9." + ZONE, "A", tcp=tcp))
            self.assertTrue(found)
            for address in found:
                self.assertEqual(self.services[address] & 9, 9)
        self.assertEqual(ask("x3." + ZONE, "A").rcode(), dns.rcode.NXDOMAIN)

    def test_ns_and_soa_at_the_apex(self):
        ns = ask(ZONE, "NS", tcp=True)
        self.assertEqual([item.target.to_text() for item in ns.answer[0]], ["ns.test."])
        soa = ask(ZONE, "SOA")
        self.assertEqual(soa.answer[0][0].mname.to_text(), "ns.test.")
        self.assertEqual(soa.answer[0][0].rname.to_text(), "hostmaster.seed.test.")

    def test_nxdomain_inside_and_refused_outside(self):
        reply = ask("www." + ZONE, "A")
        self.assertEqual(reply.rcode(), dns.rcode.NXDOMAIN)
        self.assertEqual(reply.authority[0].rdtype, dns.rdatatype.SOA)
        self.assertEqual(ask("example.org", "A").rcode(), dns.rcode.REFUSED)

    def test_dig(self):
        def dig(*args):
            result = subprocess.run(
                ["dig", f"@{ADDRESS}", "-p", str(PORT), "+time=3", "+tries=1", *args],
                capture_output=True, text=True, timeout=30,
            )  # fmt: skip
            return result.stdout

        self.assertIn("status: NOERROR", dig(ZONE, "A"))
        for line in dig("+short", "x9." + ZONE, "A").split():
            self.assertIn(line, self.services)
        self.assertEqual(dig("+short", "+tcp", ZONE, "AAAA").split(), ["::1"])
        self.assertIn("status: NXDOMAIN", dig("nope." + ZONE, "A"))
        self.assertIn("status: REFUSED", dig("example.com", "A"))
        self.assertIn("ns.test.", dig("+short", ZONE, "NS"))

    def test_tc_over_udp_when_the_answer_does_not_fit(self):
        def long_soa(tcp=False, payload=None):
            query = dns.message.make_query(ZONE, "SOA", use_edns=payload is not None, payload=payload or 512)
            send = dns.query.tcp if tcp else dns.query.udp
            return send(query, ADDRESS, port=LONG_NAMES_PORT, timeout=3)

        truncated = long_soa()
        self.assertTrue(truncated.flags & dns.flags.TC)
        self.assertEqual(truncated.answer, [])
        self.assertFalse(long_soa(payload=1232).flags & dns.flags.TC)
        self.assertEqual(len(long_soa(payload=1232).answer), 1)
        self.assertEqual(len(long_soa(tcp=True).answer), 1)

    def assert_silence(self, packet):
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
            sock.settimeout(0.5)
            sock.sendto(packet, (ADDRESS, PORT))
            with self.assertRaises(socket.timeout):
                sock.recvfrom(65535)

    def test_hostile_packets_get_silence_and_the_server_keeps_answering(self):
        query = dns.message.make_query(ZONE, "A").to_wire()
        response = dns.message.make_response(dns.message.make_query(ZONE, "A")).to_wire()
        loop = bytes([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1])
        for packet in (query[:5], query[:-2], query + b"\0" * 5000, loop, response, os.urandom(64), b""):
            self.assert_silence(packet)
        with socket.create_connection((ADDRESS, PORT), timeout=3) as sock:
            sock.sendall(b"\x00\x10" + b"\xff" * 16)  # junk: the connection is closed
            self.assertEqual(sock.recv(100), b"")
        self.assertEqual(len(addresses(ask(ZONE, "A"))), 2)
        self.assertEqual(self.server.poll(), None)

    def test_a_flooding_source_is_limited_and_others_still_answered(self):
        answered = flood(PORT, "127.0.0.2", 300)
        self.assertGreaterEqual(answered, 30)
        self.assertLess(answered, 100)
        self.assertEqual(len(addresses(ask(ZONE, "A", source="127.0.0.3"))), 2)

    def test_rate_limit_is_an_option_and_0_turns_it_off(self):
        # Unlimited, loopback UDP still drops replies when the machine is busy: "most of 300" is
        # what no limited server (at most 2 x rate in a burst) could answer.
        for rate, at_least, below in (("0", 150, 301), ("5", 8, 20)):
            server = start_dns(self.btccrawl, self.db, NO_LIMIT_PORT, "--ns", "ns.test", "--rate-limit", rate)
            try:
                answered = flood(NO_LIMIT_PORT, "127.0.0.4", 300)
                self.assertGreaterEqual(answered, at_least, rate)
                self.assertLess(answered, below, rate)
            finally:
                server.terminate()
                server.wait(timeout=10)

    def test_port_53_then_runs_as_the_user_given(self):
        server = start_dns(self.btccrawl, self.db, 53, "--ns", "ns.test", "--user", "nobody")
        try:
            with open(f"/proc/{server.pid}/status") as status:
                ids = {line.split(":")[0]: line.split()[1:] for line in status if line.startswith(("Uid", "Gid"))}
            nobody = pwd.getpwnam("nobody")
            self.assertEqual(ids["Uid"], [str(nobody.pw_uid)] * 4)
            self.assertEqual(ids["Gid"], [str(nobody.pw_gid)] * 4)
            query = dns.message.make_query(ZONE, "A")
            reply = dns.query.udp(query, ADDRESS, port=53, timeout=3)
            self.assertEqual(reply.rcode(), dns.rcode.NOERROR)
            self.assertTrue(addresses(reply))
        finally:
            server.terminate()
            server.wait(timeout=10)

    def test_answers_follow_a_new_crawl_within_a_refresh(self):
        db = os.path.join(self.workdir, "refresh.sqlite")
        shutil.copyfile(self.db, db)
        server = start_dns(self.btccrawl, db, REFRESH_PORT, "--ns", "ns.test", "--refresh", "1")
        try:
            sim_dir = os.path.join(self.workdir, "later")
            os.mkdir(sim_dir)
            btcsim = os.path.join(ARGS.bin_dir, "btcsim")
            with Simulator(btcsim, sim_dir, "--nodes", 5, "--base", "127.50.0.1"):
                crawl = run_crawl(self.btccrawl, "--db", db, "--chain", "regtest", "--quiet", "--seed", "127.50.0.1")
                self.assertEqual(crawl.returncode, 0, crawl.stderr)
            # The earlier nodes are down now: the newest crawl reached only 127.50.0.0/16.
            deadline = time.monotonic() + 15
            found = []
            while time.monotonic() < deadline:
                query = dns.message.make_query(ZONE, "A")
                found = addresses(dns.query.udp(query, ADDRESS, port=REFRESH_PORT, timeout=3))
                if found and all(a.startswith("127.50.") for a in found):
                    break
                time.sleep(0.5)
            self.assertTrue(found and all(a.startswith("127.50.") for a in found), found)
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stderr.close()


def monitor(btccrawl, db, rounds):
    result = subprocess.run(
        [btccrawl, "monitor", "--db", db, "--chain", "regtest", "--seed", "127.10.0.1",
         "--interval", "1", "--rounds", str(rounds), "--quiet"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result


def good_hosts(db_path):
    db = sqlite3.connect(db_path)
    hosts = {row[0] for row in db.execute("SELECT host FROM good_nodes")}
    db.close()
    return hosts


def answered_union(names=(ZONE, "x9." + ZONE), tcp=False, times=25):
    """Every address answered to `times` A queries of each name: the sample is 2 of one /16."""
    found = set()
    for name in names:
        for _ in range(times):
            query = dns.message.make_query(name, "A")
            send = dns.query.tcp if tcp else dns.query.udp
            found.update(addresses(send(query, ADDRESS, port=MONITOR_PORT, timeout=3)))
    return found


def monitor_workdir(prefix):
    """A new folder for a monitor's file: (folder, btcsim, btccrawl, database path)."""
    assert in_private_namespace(), "run through tests/e2e/in_netns"
    workdir = new_workdir(prefix)
    return (workdir, os.path.join(ARGS.bin_dir, "btcsim"), os.path.join(ARGS.bin_dir, "btccrawl"),
            os.path.join(workdir, "seed.sqlite"))  # fmt: skip


class DnsBesideMonitorTest(unittest.TestCase):
    """`dns` answers from the monitor's good nodes, and a node the monitor sees go down leaves the
    answers within one refresh (--refresh 1)."""

    def test_answers_are_good_nodes_and_follow_the_monitor(self):
        workdir, btcsim, btccrawl, db = monitor_workdir("btccrawl-dns-monitor-")
        with Simulator(btcsim, workdir, "--nodes", 10):
            monitor(btccrawl, db, 2)
        good = good_hosts(db)  # btcsim gives some nodes services or versions that are not good
        self.assertGreaterEqual(len(good), 5, good)
        server = start_dns(btccrawl, db, MONITOR_PORT, "--ns", "ns.test", "--refresh", "1", "--rate-limit", "0")
        try:
            before = set()
            for tcp in (False, True):
                found = answered_union(tcp=tcp)
                self.assertLessEqual(found, good)
                before |= found
            dig = subprocess.run(
                ["dig", f"@{ADDRESS}", "-p", str(MONITOR_PORT), "+short", "+tcp", "x9." + ZONE, "A"],
                capture_output=True, text=True, timeout=30,
            )  # fmt: skip
            self.assertLessEqual(set(dig.stdout.split()), good)
            # Nodes 6-10 go away (a smaller simulator on the same addresses: they refuse
            # connections); one more round finds them down, and they are no longer good.
            with Simulator(btcsim, workdir, "--nodes", 5):
                monitor(btccrawl, db, 1)
            still_good = good_hosts(db)
            gone = good - still_good
            self.assertTrue(still_good)
            self.assertLessEqual(still_good, {f"127.10.0.{i}" for i in range(1, 6)})
            self.assertTrue(before & gone, "the nodes to go down were answered before")
            time.sleep(2.5)  # more than one refresh
            for tcp in (False, True):
                found = answered_union(tcp=tcp)
                self.assertTrue(found)
                self.assertLessEqual(found, still_good)
                self.assertFalse(found & gone, found & gone)
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stderr.close()


class DnsBesideAChurningMonitorTest(unittest.TestCase):
    """One `monitor` running without end on a churning btcsim while `dns` serves the same file: the
    answers are read while rounds are written, every answered address was a good node of the file
    moments before, and a node the monitor stops calling good leaves the answers within a refresh."""

    DURATION_S = 20
    # A good set is read by the server at most REFRESH_S after the file had it; snapshots are taken
    # about every half second, so an answer is checked against the good sets of this window.
    WINDOW_S = 3.5
    REFRESH_S = 1

    def test_answers_follow_the_good_nodes_while_the_monitor_writes(self):
        workdir, btcsim, btccrawl, db = monitor_workdir("btccrawl-dns-churn-")
        # 1200 simulated seconds a wall second: flapping nodes change every 0.25-1.5 s, most
        # leaving nodes leave and joining nodes join within the run (at < 6 h = 18 s).
        with Simulator(btcsim, workdir, "--nodes", 40, "--book", 39, "--churn", "--time-scale", 1200) as sim:
            always_up = [n for n in sim.truth["nodes"] if n["churn"]["kind"] == "always_up"]
            seeds = [arg for n in always_up[:3] for arg in ("--seed", f"{n['host']}:{n['port']}")]
            monitor_process = subprocess.Popen(
                [btccrawl, "monitor", "--db", db, "--chain", "regtest", *seeds, "--quiet", "--interval", "1",
                 "--connect-timeout", "1", "--handshake-timeout", "2", "--addr-timeout", "2"],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                snapshots = self.watch(btccrawl, db, monitor_process)
            finally:
                monitor_process.send_signal(signal.SIGINT)
                _, monitor_errors = monitor_process.communicate(timeout=30)
        self.assertEqual(monitor_process.returncode, 0, monitor_errors)

        answered = set().union(*(answers for _, _, answers in snapshots))
        self.assertGreater(len(answered), 5)
        for at, _, answers in snapshots:
            recent = set().union(*(good for t, good, _ in snapshots if at - self.WINDOW_S <= t <= at))
            self.assertLessEqual(
                answers, recent, f"answered at {at:.1f} s without being good since {at - self.WINDOW_S:.1f} s"
            )
        # A node that stops being good for the rest of the run is not answered a refresh (and a
        # snapshot's slack) after the first snapshot without it.
        departures = 0
        for host in set().union(*(good for _, good, _ in snapshots)):
            last_good = max(i for i, (_, good, _) in enumerate(snapshots) if host in good)
            if last_good == len(snapshots) - 1 or snapshots[-1][0] - snapshots[last_good + 1][0] < 2 * self.WINDOW_S:
                continue
            departures += 1
            gone_at = snapshots[last_good + 1][0]
            late = [t for t, _, answers in snapshots if t > gone_at + self.REFRESH_S + 1 and host in answers]
            self.assertEqual(late, [], f"{host} no longer good at {gone_at:.1f} s, answered later")
        self.assertGreater(departures, 0, "no node left the good set during the run: the test checked nothing")
        check = sqlite3.connect(db)
        self.assertEqual(check.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        rounds = check.execute("SELECT count(*) FROM monitor_rounds").fetchone()[0]
        check.close()
        self.assertGreater(rounds, self.DURATION_S // 2)

    def watch(self, btccrawl, db, monitor_process):
        """[(seconds since the server started, good hosts of the file, hosts answered)], one every
        half second or so, for DURATION_S, once the first round made some node good."""
        deadline = time.monotonic() + 60
        while not os.path.exists(db) or not self.good_now(db):
            self.assertIsNone(monitor_process.poll(), "the monitor ended before its first round")
            self.assertLess(time.monotonic(), deadline, "no good node after 60 s")
            time.sleep(0.2)
        server = start_dns(btccrawl, db, MONITOR_PORT, "--ns", "ns.test", "--refresh", str(self.REFRESH_S),
                           "--rate-limit", "0")  # fmt: skip
        try:
            started = time.monotonic()
            snapshots = []
            tcp = False
            while time.monotonic() - started < self.DURATION_S:
                good = self.good_now(db)
                answers = answered_union(tcp=tcp, times=6)
                snapshots.append((time.monotonic() - started, good, answers))
                tcp = not tcp
                time.sleep(0.3)
            self.assertIsNone(server.poll(), "the DNS server ended while the monitor wrote")
            self.assertIsNone(monitor_process.poll(), "the monitor ended while the DNS server read")
            return snapshots
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stderr.close()

    @staticmethod
    def good_now(db):
        try:
            return good_hosts(db)
        except sqlite3.OperationalError:  # the monitor has not created its tables yet
            return set()


class DnsBadInputTest(unittest.TestCase):
    def test_bad_usage_is_one_line_and_exit_1(self):
        btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        workdir = new_workdir("btccrawl-dns-bad-")
        not_ours = os.path.join(workdir, "notes.txt")
        with open(not_ours, "w") as f:
            f.write("not a database\n")
        empty_db = os.path.join(workdir, "empty.sqlite")
        open(empty_db, "w").close()
        base = ["--zone", ZONE, "--ns", "ns.test", "--listen", f"{ADDRESS}:{PORT + 10}"]
        for args in (
            ["--db", empty_db, "--ns", "ns.test"],
            ["--db", os.path.join(workdir, "missing.sqlite"), *base],
            ["--db", not_ours, *base],
            ["--db", empty_db, *base, "--listen", "nowhere:53"],
            ["--db", empty_db, *base, "--zone", "a..b"],
            ["--db", empty_db, *base, "--answers", "0"],
            ["--db", empty_db, *base, "--user", "no-such-user-here"],
        ):
            result = subprocess.run([btccrawl, "dns", *args], capture_output=True, text=True, timeout=30)
            self.assertEqual(result.returncode, 1, (args, result.stderr))
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, (args, result.stderr))
        self.assertEqual(os.path.getsize(empty_db), 0)


if __name__ == "__main__":
    run_tests(globals())
