#!/usr/bin/env python3
"""Why this file exists: it checks btcsim from the outside, as a crawler sees it, with a client
written independently of the C++ wire library (stdlib only): handshakes with and without
sendaddrv2, getaddr answers equal to the truth file byte for byte, every fault kind behaving as
docs/btcsim.md says, and under --churn nodes refusing, serving and closing as their schedules in the
truth file say, counted in the counters file. Run it inside a private network namespace (tests/sim/tests.cmake does):
    unshare -n sh -c 'ip link set lo up && python3 sim_smoke_test.py path/to/btcsim'
With --fallback (and a second interface in the namespace) it checks the one-listener-per-node mode.
"""
import base64
import collections
import signal
import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import time

MAGIC = bytes.fromhex("fabfb5da")  # regtest
PORT = 18444
NODES = 50
# This client speaks v1 and sends other messages before its version (which a dual node, as Core,
# reads as a v2 key): every node v1-only. tests/e2e/transport_test.py checks the v2 nodes.
ARGS = ["--nodes", str(NODES), "--book", "20", "--dead", "5", "--exotic", "8", "--faults", "0.4", "--seed", "7"]
ARGS += ["--v2", "0"]


def checksum(payload):
    return hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4]


def frame(command, payload=b"", magic=MAGIC):
    header = magic + command.encode().ljust(12, b"\0") + struct.pack("<I", len(payload))
    return header + checksum(payload) + payload


def compact_size(data, pos):
    first = data[pos]
    if first < 0xFD:
        return first, pos + 1
    size = {0xFD: 2, 0xFE: 4, 0xFF: 8}[first]
    return int.from_bytes(data[pos + 1 : pos + 1 + size], "little"), pos + 1 + size


def version_payload(version=70016):
    no_address = struct.pack("<Q", 0) + bytes(16) + struct.pack(">H", 0)
    user_agent = b"/smoke:0.1/"
    return (
        struct.pack("<iQq", version, 0, int(time.time()))
        + no_address
        + no_address
        + struct.pack("<Q", 12345)
        + bytes([len(user_agent)])
        + user_agent
        + struct.pack("<i?", 0, False)
    )


def parse_version(payload):
    version, services, timestamp = struct.unpack_from("<iQq", payload, 0)
    pos = 4 + 8 + 8 + 26 + 26
    (nonce,) = struct.unpack_from("<Q", payload, pos)
    length, pos = compact_size(payload, pos + 8)
    user_agent = payload[pos : pos + length].decode()
    start_height, relay = struct.unpack_from("<i?", payload, pos + length)
    assert pos + length + 5 == len(payload), "version: trailing bytes"
    return dict(
        version=version, services=services, user_agent=user_agent, start_height=start_height, nonce=nonce, relay=relay
    )


def onion_host(pubkey):
    check = hashlib.sha3_256(b".onion checksum" + pubkey + b"\x03").digest()[:2]
    return base64.b32encode(pubkey + check + b"\x03").decode().lower() + ".onion"


def v6_host(raw):
    if raw[:12] == bytes(10) + b"\xff\xff":
        return socket.inet_ntop(socket.AF_INET, raw[12:])
    return socket.inet_ntop(socket.AF_INET6, raw)


def parse_addr(command, payload):
    """Entries as (host, port, time, services)."""
    count, pos = compact_size(payload, 0)
    entries = []
    for _ in range(count):
        (when,) = struct.unpack_from("<I", payload, pos)
        pos += 4
        if command == "addr":
            (services,) = struct.unpack_from("<Q", payload, pos)
            host = v6_host(payload[pos + 8 : pos + 24])
            pos += 24
        else:
            services, pos = compact_size(payload, pos)
            network = payload[pos]
            length, pos = compact_size(payload, pos + 1)
            raw = payload[pos : pos + length]
            pos += length
            host = {
                1: lambda r: socket.inet_ntop(socket.AF_INET, r),
                2: v6_host,
                4: onion_host,
                5: lambda r: base64.b32encode(r).decode().lower().rstrip("=") + ".b32.i2p",
                6: v6_host,
            }[network](raw)
        (port,) = struct.unpack_from(">H", payload, pos)
        pos += 2
        entries.append((host, port, when, services))
    assert pos == len(payload), f"{command}: trailing bytes"
    return entries


class Closed(Exception):
    pass


class Peer:
    def __init__(self, host, port=PORT, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)

    def send(self, command, payload=b""):
        self.sock.sendall(frame(command, payload))

    def read_exact(self, size):
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise Closed(f"closed after {len(data)} of {size} bytes")
            data += chunk
        return data

    def recv(self):
        header = self.read_exact(24)
        assert header[:4] == MAGIC, f"bad magic {header[:4].hex()}"
        command = header[4:16].rstrip(b"\0").decode()
        (length,) = struct.unpack_from("<I", header, 16)
        payload = self.read_exact(length)
        assert checksum(payload) == header[20:24], f"{command}: bad checksum"
        return command, payload

    def commands(self, count):
        return [self.recv() for _ in range(count)]

    def is_closed(self, within=2.0):
        self.sock.settimeout(within)
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def silent_for(self, seconds):
        self.sock.settimeout(seconds)
        try:
            data = self.sock.recv(1)
        except socket.timeout:
            return True
        finally:
            self.sock.settimeout(10)
        assert False, f"expected silence, got {data!r}"

    def close(self):
        self.sock.close()


class Truth:
    def __init__(self, path):
        with open(path) as file:
            self.data = json.load(file)
        self.nodes = self.data["nodes"]
        self.addresses = self.data["addresses"]

    def node(self, kind, ordinal=0):
        return [n for n in self.nodes if n["kind"] == kind][ordinal]

    def answer(self, node, addrv2):
        expected = []
        for index in node["book"][: self.data["answer_size"]]:
            a = self.addresses[index]
            if addrv2 or a["network"] in ("ipv4", "ipv6"):
                expected.append((a["host"], a["port"], a["time"] - node["index"] % 3600, a["services"]))
        return expected


def handshake(node, addrv2=True):
    """Connects, completes the handshake, returns (peer, version fields, self-announcement)."""
    peer = Peer(node["host"])
    peer.send("version", version_payload())
    replies = peer.commands(4)
    assert [c for c, _ in replies] == ["version", "wtxidrelay", "sendaddrv2", "verack"], replies
    if addrv2:
        peer.send("sendaddrv2")
    peer.send("verack")
    after = peer.commands(4)
    addr_command = "addrv2" if addrv2 else "addr"
    assert [c for c, _ in after] == ["sendcmpct", "ping", addr_command, "feefilter"], [c for c, _ in after]
    assert after[0][1] == bytes([0]) + struct.pack("<Q", 2)
    assert after[3][1] == struct.pack("<q", 1000)
    announcement = parse_addr(addr_command, after[2][1])
    return peer, parse_version(replies[0][1]), announcement


def assert_next_is_pong(peer, nonce=99):
    peer.send("ping", struct.pack("<Q", nonce))
    assert peer.recv() == ("pong", struct.pack("<Q", nonce))


def check_good(truth, node, addrv2):
    peer, version, announcement = handshake(node, addrv2)
    assert version == {k: node[k] for k in version}, (version, node)
    assert len(announcement) == 1
    host, port, when, services = announcement[0]
    assert (host, port, services) == (node["host"], PORT, node["services"])
    assert abs(when - time.time()) < 60
    peer.send("getaddr")
    command, payload = peer.recv()
    assert command == ("addrv2" if addrv2 else "addr")
    assert parse_addr(command, payload) == truth.answer(node, addrv2)
    peer.send("getaddr")  # only the first is answered: the pong comes next
    assert_next_is_pong(peer)
    peer.close()


def check_getaddr_before_handshake_ignored(truth, node):
    peer = Peer(node["host"])
    peer.send("getaddr")  # before version
    peer.send("version", version_payload())
    peer.send("getaddr")  # before verack
    assert [c for c, _ in peer.commands(4)] == ["version", "wtxidrelay", "sendaddrv2", "verack"]
    peer.send("sendaddrv2")
    peer.send("verack")
    peer.commands(4)
    assert_next_is_pong(peer)
    peer.send("getaddr")
    command, payload = peer.recv()
    assert parse_addr(command, payload) == truth.answer(node, True)
    peer.close()


def check_old_peer(node):
    peer = Peer(node["host"])
    peer.send("version", version_payload(70015))
    assert [c for c, _ in peer.commands(2)] == ["version", "verack"]
    peer.close()


def check_late_sendaddrv2(node):
    peer, _, _ = handshake(node, addrv2=False)
    peer.send("sendaddrv2")
    assert peer.is_closed(), "sendaddrv2 after verack must disconnect"


def check_faults(truth):
    hangup_at_once = Peer(truth.node("hangup", 0)["host"])
    assert hangup_at_once.is_closed(), "hangup #0 closes at once"
    hangup_after_version = Peer(truth.node("hangup", 1)["host"])
    assert hangup_after_version.silent_for(0.5)
    hangup_after_version.send("version", version_payload())
    assert hangup_after_version.is_closed(), "hangup #1 closes after the version"

    silent = Peer(truth.node("silent")["host"])
    silent.send("version", version_payload())
    assert silent.silent_for(1.0)

    def first_bytes(kind, size):
        peer = Peer(truth.node(kind)["host"])
        peer.send("version", version_payload())
        return peer, peer.read_exact(size)

    _, garbage = first_bytes("garbage", 256)
    assert garbage[:4] != MAGIC
    _, header = first_bytes("badmagic", 24)
    assert header[:4] == bytes(b ^ 0xFF for b in MAGIC) and header[4:11] == b"version"
    peer, header = first_bytes("badchecksum", 24)
    (length,) = struct.unpack_from("<I", header, 16)
    assert header[:4] == MAGIC and header[4:11] == b"version"
    assert checksum(peer.read_exact(length)) != header[20:24]
    peer, header = first_bytes("oversize", 24)
    assert header[:4] == MAGIC and struct.unpack_from("<I", header, 16)[0] == 33_554_433
    assert peer.silent_for(1.0), "oversize stalls after the header"

    noaddr = truth.node("noaddr")
    peer, version, _ = handshake(noaddr)
    assert version["nonce"] == noaddr["nonce"]
    peer.send("getaddr")
    assert_next_is_pong(peer)

    flood = truth.node("flood")
    peer, _, _ = handshake(flood)
    peer.send("getaddr")
    answer = truth.answer(flood, True)
    for m in range(5000):
        command, payload = peer.recv()
        entries = parse_addr(command, payload)
        assert command == "addrv2" and len(entries) == 1 + m % 2, (m, command, len(entries))
        first = (m // 2) * 3 + (m % 2)
        assert entries == [answer[(first + i) % len(answer)] for i in range(len(entries))], m
    assert_next_is_pong(peer)

    slow = truth.node("slow")
    start = time.monotonic()
    peer = Peer(slow["host"])
    peer.send("version", version_payload())
    peer.recv()
    assert time.monotonic() - start >= 2.9, "slow waits 3 s before its version"
    peer.commands(3)
    peer.send("sendaddrv2")
    peer.send("verack")
    peer.commands(4)  # sent at once: not a reply
    start = time.monotonic()
    peer.send("getaddr")
    command, payload = peer.recv()
    assert time.monotonic() - start >= 2.9, "slow waits 3 s before its answer"
    assert parse_addr(command, payload) == truth.answer(slow, True)


def check_truth_invariants(truth):
    data = truth.data
    counts = data["counts"]
    good = counts["good"]
    assert good == NODES and counts["fault"] == 20 and counts["dead"] == 5 and counts["exotic"] == 8
    assert len(truth.nodes) == good + counts["fault"] and len(truth.addresses) == counts["addresses"]
    kinds = ["silent", "hangup", "garbage", "badmagic", "badchecksum", "oversize", "slow", "noaddr", "flood"]
    assert [n["kind"] for n in truth.nodes[good:]] == [kinds[j % 9] for j in range(counts["fault"])]
    for node in truth.nodes:
        book = node["book"]
        assert len(book) == data["book_size"] == 20 and len(set(book)) == 20 and node["index"] not in book
    seen, frontier = {0}, [0]
    while frontier:
        for index in truth.nodes[frontier.pop()]["book"]:
            if index < len(truth.nodes) and index not in seen:
                seen.add(index)
                if truth.nodes[index]["kind"] == "good":
                    frontier.append(index)
    assert seen == set(range(len(truth.nodes))), "every node is advertised along the books from node 0"
    advertised = {i for n in truth.nodes[:good] for i in n["book"]}
    assert set(data["dead"]) | set(data["exotic"]) <= advertised
    dead = [truth.addresses[i] for i in data["dead"]]
    assert [(a["host"], a["port"]) for a in dead] == [(f"127.200.0.{i}", PORT + 1) for i in range(1, 6)]
    networks = collections.Counter(truth.addresses[i]["network"] for i in data["exotic"])
    assert networks == {"onion": 2, "i2p": 2, "cjdns": 2, "ipv6": 2}, networks
    assert "churn" not in data and "churn" not in truth.nodes[0], "no schedules without --churn"


def start(binary, truth_path, port=PORT, stderr=None):
    process = subprocess.Popen(
        [binary, *ARGS, "--port", str(port), "--truth", truth_path], stdout=subprocess.PIPE, stderr=stderr, text=True
    )
    assert process.stdout.readline() == f"READY {NODES}\n"
    return process


def stop(process):
    process.terminate()
    assert process.wait(timeout=10) == 0, "btcsim exits 0 on SIGTERM"


# Under --churn, 2400 simulated seconds per wall second: a 60-minute flap is 0.75 s up, 0.75 s down.
TIME_SCALE = 2400
# How far (in wall seconds) from a scheduled change an attempt is made, so that timer latency or
# a slow client cannot put it on the wrong side.
CHANGE_MARGIN = 0.15


class Schedules:
    """The truth file's churn clock and schedules, as docs/btcsim.md "Churn" defines them."""

    def __init__(self, truth):
        churn = truth.data["churn"]
        self.scale, self.started_at_ms = churn["time_scale"], churn["started_at_ms"]
        self.margin = CHANGE_MARGIN * self.scale
        self.nodes = truth.nodes

    def now(self):
        return (time.time() * 1000 - self.started_at_ms) * self.scale / 1000

    def wait_until(self, simulated):
        time.sleep(max(0.0, self.started_at_ms / 1000 + simulated / self.scale - time.time()))

    def up(self, node, simulated):
        schedule = node["churn"]
        kind, period, at = schedule["kind"], schedule["period_s"], schedule["at_s"]
        if kind == "flapping":
            return simulated % period < period // 2
        return {"leaving": simulated < at, "joining": simulated >= at}.get(kind, True)

    def assert_still(self, node, started, up):
        """The attempt that began at `started` (simulated seconds) and ended now lay, with half the
        margin to spare, where the schedule says the node is `up`."""
        for moment in (started - self.margin / 2, self.now() + self.margin / 2):
            assert self.up(node, moment) == up, f"the test ran too slowly to stay inside {node['churn']}"

    def good(self, kind):
        return [n for n in self.nodes if n["kind"] == "good" and n["churn"]["kind"] == kind]

    def first_change_after(self, kind, earliest):
        """The good node of `kind` whose change time comes first after `earliest` simulated seconds."""
        nodes = [n for n in self.good(kind) if n["churn"]["at_s"] > earliest]
        assert nodes, f"no {kind} node changing after {earliest}"
        return min(nodes, key=lambda n: n["churn"]["at_s"])


def refuses(node):
    try:
        socket.create_connection((node["host"], PORT), timeout=5).close()
        return False
    except ConnectionRefusedError:
        return True


def serves(node):
    peer, version, _ = handshake(node)
    assert version["nonce"] == node["nonce"]
    return peer


def closes_before_version(node):
    """TCP is accepted, then closed before a byte comes back, whatever the client sends."""
    peer = Peer(node["host"])
    try:
        peer.send("version", version_payload())
        peer.sock.settimeout(2)
        return peer.sock.recv(24) == b""
    except (ConnectionResetError, BrokenPipeError):
        return True
    finally:
        peer.close()


def check_leaving_and_joining(schedules):
    for kind, before, after in (("leaving", True, False), ("joining", False, True)):
        node = schedules.first_change_after(kind, schedules.now() + 2 * schedules.margin)
        at = node["churn"]["at_s"]
        for up, moment in ((before, at - schedules.margin), (after, at + schedules.margin)):
            schedules.wait_until(moment)
            started = schedules.now()
            if up:
                serves(node).close()
            else:
                assert refuses(node), f"{kind} node {node['index']} must refuse while down"
            schedules.assert_still(node, started, up)


def check_flapping(schedules):
    """Up, down, up again; a connection made while up is still served while down and after."""
    node = max(schedules.good("flapping"), key=lambda n: n["churn"]["period_s"])
    period = node["churn"]["period_s"]
    half = period // 2
    first_up = (schedules.now() // period + 1) * period + half // 2
    schedules.wait_until(first_up)
    started = schedules.now()
    kept = serves(node)
    schedules.assert_still(node, started, True)
    schedules.wait_until(first_up + half)
    started = schedules.now()
    assert refuses(node), "a flapping node refuses TCP while down"
    assert_next_is_pong(kept)
    schedules.assert_still(node, started, False)
    schedules.wait_until(first_up + period)
    started = schedules.now()
    serves(node).close()
    schedules.assert_still(node, started, True)
    assert_next_is_pong(kept)
    kept.close()
    return node


def check_truth_schedules(truth, launched_ms, ready_ms):
    churn = truth.data["churn"]
    assert churn["time_scale"] == TIME_SCALE
    assert launched_ms <= churn["started_at_ms"] <= ready_ms, (launched_ms, churn, ready_ms)
    kinds = collections.Counter(n["churn"]["kind"] for n in truth.nodes)
    assert set(kinds) == {"always_up", "flapping", "leaving", "joining", "full"}, kinds
    for node in truth.nodes:
        schedule = node["churn"]
        assert set(schedule) == {"kind", "period_s", "at_s"}
        assert (schedule["period_s"] in (600, 1200, 2400, 3600)) == (schedule["kind"] == "flapping"), node
        assert (0 < schedule["at_s"] < 6 * 3600) == (schedule["kind"] in ("leaving", "joining")), node


def read_counters(process, path):
    """Asks btcsim for its counters (SIGUSR1) and waits for the new file."""
    os.remove(path)
    process.send_signal(signal.SIGUSR1)
    for _ in range(100):
        if os.path.exists(path):
            with open(path) as file:
                return json.load(file)["nodes"]
        time.sleep(0.05)
    assert False, "no counters file after SIGUSR1"


def check_counters(process, path, always_up, full, flapping):
    peer, _, _ = handshake(always_up)
    peer.send("getaddr")
    peer.recv()
    peer.send("getaddr")  # ignored, still counted
    assert_next_is_pong(peer)
    peer.close()
    counters = read_counters(process, path)
    key = lambda node: f"{node['host']}:{PORT}"
    assert len(counters) == 70
    assert counters[key(always_up)] == {"connections": 1, "versions": 1, "getaddrs": 2}, counters[key(always_up)]
    assert counters[key(full)] == {"connections": 2, "versions": 0, "getaddrs": 0}, counters[key(full)]
    # Two handshakes while up; the refused dial is no connection.
    assert counters[key(flapping)] == {"connections": 2, "versions": 2, "getaddrs": 0}, counters[key(flapping)]
    serves(always_up).close()
    return key(always_up)


def check_churn(binary):
    with tempfile.TemporaryDirectory() as folder:
        truth_path, counters_path = os.path.join(folder, "truth.json"), os.path.join(folder, "counters.json")
        churn_args = ["--churn", "--time-scale", str(TIME_SCALE), "--counters", counters_path]
        launched_ms = time.time() * 1000
        process = subprocess.Popen(
            [binary, *ARGS, *churn_args, "--truth", truth_path], stdout=subprocess.PIPE, text=True
        )
        try:
            assert process.stdout.readline() == f"READY {NODES}\n"
            truth = Truth(truth_path)
            check_truth_schedules(truth, launched_ms, time.time() * 1000)
            schedules = Schedules(truth)
            check_leaving_and_joining(schedules)
            flapping = check_flapping(schedules)
            full = schedules.good("full")[0]
            assert closes_before_version(full) and closes_before_version(full), "full: accepted, closed before version"
            always_up = schedules.good("always_up")[0]
            always_up_key = check_counters(process, counters_path, always_up, full, flapping)
        finally:
            stop(process)
        with open(counters_path) as file:
            assert json.load(file)["nodes"][always_up_key]["connections"] == 2, "the counters are written at exit"


def check_bad_time_scale(binary):
    for args in (["--churn", "--time-scale", "0"], ["--churn", "--time-scale", "-2.5"], ["--time-scale", "2"]):
        result = subprocess.run([binary, "--nodes", "5", *args], capture_output=True, text=True, timeout=10)
        assert result.returncode == 1 and result.stdout == "", (args, result)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("btcsim: --time-scale"), (args, result.stderr)


def check_fallback(binary):
    """With an interface besides lo, a wildcard would reach it: one listener per node instead."""
    with tempfile.TemporaryDirectory() as folder:
        process = start(binary, os.path.join(folder, "truth.json"), stderr=subprocess.PIPE)
        try:
            assert "one listener per node" in process.stderr.readline()
            truth = Truth(os.path.join(folder, "truth.json"))
            check_good(truth, truth.nodes[0], addrv2=True)
            check_good(truth, truth.nodes[NODES - 1], addrv2=False)
            for host in (f"127.10.0.{len(truth.nodes) + 1}", "127.200.0.1"):
                try:
                    socket.create_connection((host, PORT), timeout=5)
                    assert False, f"nothing listens on {host}:{PORT} without the wildcard"
                except ConnectionRefusedError:
                    pass
        finally:
            stop(process)
    print("sim_smoke --fallback: all checks passed")


def main():
    if sys.argv[1] == "--fallback":
        check_fallback(sys.argv[2])
        return
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory() as folder:
        truth_path = os.path.join(folder, "truth.json")
        process = start(binary, truth_path)
        try:
            truth = Truth(truth_path)
            check_truth_invariants(truth)
            check_good(truth, truth.nodes[0], addrv2=True)
            check_good(truth, truth.nodes[1], addrv2=False)
            check_getaddr_before_handshake_ignored(truth, truth.nodes[2])
            check_old_peer(truth.nodes[3])
            check_late_sendaddrv2(truth.nodes[4])
            try:
                socket.create_connection(("127.200.0.1", PORT + 1), timeout=5)
                assert False, "a dead address must refuse"
            except ConnectionRefusedError:
                pass
            unplayed = Peer(f"127.10.0.{len(truth.nodes) + 1}")
            assert unplayed.is_closed(), "an address no node plays closes at once"
            check_faults(truth)
        finally:
            stop(process)
        check_churn(binary)
        check_bad_time_scale(binary)
        again_path = os.path.join(folder, "again.json")
        stop(start(binary, again_path, PORT + 7))
        with open(truth_path) as first, open(again_path) as second:

            def normalized(text, port):
                return text.replace(f":{port}", ":P").replace(f":{port + 1}", ":D")

            assert normalized(first.read(), PORT) == normalized(
                second.read(), PORT + 7
            ), "the same seed gives the same network"
    print("sim_smoke: all checks passed")


if __name__ == "__main__":
    main()
