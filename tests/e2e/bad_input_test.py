"""End to end: bad user input. Every case runs btccrawl in a fresh working folder holding a few
fixture files and must print exactly one line on stderr, nothing on stdout, exit 1, create no
file and leave every existing file byte for byte as it was (docs/spec.md §1: "clear message on stderr,
nothing written")."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import unittest

from simnet import in_private_namespace, new_workdir, run_crawl, run_tests

ARGS = None
REGTEST = ["--chain", "regtest"]
LONG_AGENT = "a" * 257

# (name, arguments after `btccrawl`, the stderr line). Files named here exist in the working
# folder: finished.sqlite (a btccrawl database whose only crawl finished), interrupted.sqlite (the
# same crawl marked interrupted), text.txt, other.sqlite (an SQLite file of another application),
# seeds.txt (one bad line).
CASES = [
    ("no subcommand", [], "btccrawl: A subcommand is required"),
    ("unknown subcommand", ["bogus"], "btccrawl: unknown command 'bogus': one of crawl, monitor, report, export, dns"),
    (
        "nothing to crawl",
        ["crawl", *REGTEST],
        "btccrawl: nothing to crawl: no seed and no known address (give --seed HOST, or --db FILE of an earlier crawl)",
    ),
    ("unknown option", ["crawl", *REGTEST, "--bogus"], "btccrawl: The following argument was not expected: --bogus"),
    ("stray argument", ["crawl", *REGTEST, "stray"], "btccrawl: The following argument was not expected: stray"),
    ("unknown chain", ["crawl", "--chain", "foo"], "btccrawl: unknown --chain 'foo'"),
    (
        "unknown transport",
        ["crawl", *REGTEST, "--seed", "127.0.0.1", "--transport", "v3"],
        "btccrawl: unknown --transport 'v3' (auto, v2 or v1)",
    ),
    (
        "seed: unclosed bracket",
        ["crawl", *REGTEST, "--seed", "[::1"],
        "btccrawl: bad --seed '[::1': missing ']' in \"[::1\"",
    ),
    (
        "seed: bad port",
        ["crawl", *REGTEST, "--seed", "127.0.0.1:99999"],
        'btccrawl: bad --seed \'127.0.0.1:99999\': bad port "99999" in "127.0.0.1:99999"',
    ),
    (
        "seed: IPv4 out of range",
        ["crawl", *REGTEST, "--seed", "300.1.1.1"],
        "btccrawl: bad --seed '300.1.1.1': not an IPv4 address",
    ),
    (
        "seed: three parts",
        ["crawl", *REGTEST, "--seed", "1.2.3:18444"],
        "btccrawl: bad --seed '1.2.3:18444': not an IPv4 address",
    ),
    (
        "stray word after a seed",
        ["crawl", *REGTEST, "--seed", "127.0.0.1", "stray"],
        "btccrawl: The following argument was not expected: stray",
    ),
    (
        "stray word after a scope",
        ["crawl", *REGTEST, "--seed", "127.0.0.1", "--scope", "127.0.0.0/8", "stray"],
        "btccrawl: The following argument was not expected: stray",
    ),
    (
        "seed: bad onion",
        ["crawl", *REGTEST, "--seed", "abc.onion"],
        "btccrawl: bad --seed 'abc.onion': not a valid Tor v3 or I2P name",
    ),
    (
        "seed file missing",
        ["crawl", *REGTEST, "--seed-file", "missing.txt"],
        "btccrawl: cannot read --seed-file missing.txt",
    ),
    (
        "seed file with a bad line",
        ["crawl", *REGTEST, "--seed-file", "seeds.txt"],
        'btccrawl: bad --seed \'127.0.0.1:0x\': bad port "0x" in "127.0.0.1:0x"',
    ),
    (
        "scope: prefix too long",
        ["crawl", *REGTEST, "--scope", "10.0.0.0/33"],
        'btccrawl: bad --scope \'10.0.0.0/33\': bad prefix length "33" (0-32) in "10.0.0.0/33"',
    ),
    (
        "scope: not an address",
        ["crawl", *REGTEST, "--scope", "nonsense"],
        "btccrawl: bad --scope 'nonsense': not an IP address, .onion or .b32.i2p name: \"nonsense\"",
    ),
    ("resume without db", ["crawl", *REGTEST, "--resume"], "btccrawl: --resume needs --db FILE"),
    (
        "resume: nothing unfinished",
        ["crawl", *REGTEST, "--db", "finished.sqlite", "--resume"],
        "btccrawl: no unfinished crawl in finished.sqlite",
    ),
    # No DNS seed is looked up for a resumed crawl: stderr holds the one line only.
    (
        "resume on signet: nothing unfinished",
        ["crawl", "--chain", "signet", "--db", "finished.sqlite", "--resume"],
        "btccrawl: no unfinished crawl in finished.sqlite",
    ),
    (
        "resume: no such file",
        ["crawl", *REGTEST, "--db", "new.sqlite", "--resume"],
        "btccrawl: new.sqlite: no such file",
    ),
    (
        "resume: other chain",
        ["crawl", "--chain", "signet", "--seed", "127.0.0.1", "--db", "interrupted.sqlite", "--resume"],
        "btccrawl: crawl 1 in interrupted.sqlite is on chain regtest, not signet",
    ),
    # docs/spec.md §1 "Resuming": what decides what is dialed comes from the stored settings; the
    # same option given otherwise is refused, so a resume never widens the crawl.
    (
        "resume: wider scope",
        ["crawl", *REGTEST, "--db", "interrupted.sqlite", "--resume", "--scope", "0.0.0.0/0"],
        'btccrawl: --scope ["0.0.0.0/0"] differs from ["127.0.0.0/8","::1/128"] of the resumed crawl 1'
        " (give it as then, or not at all)",
    ),
    (
        "resume: other timeout",
        ["crawl", *REGTEST, "--db", "interrupted.sqlite", "--resume", "--connect-timeout", "9"],
        "btccrawl: --connect-timeout 9.0 differs from 5.0 of the resumed crawl 1 (give it as then, or not at all)",
    ),
    (
        "resume: other proxy timeout",
        ["crawl", *REGTEST, "--db", "interrupted.sqlite", "--resume", "--proxy-timeout", "30"],
        "btccrawl: --proxy-timeout 30.0 differs from 20.0 of the resumed crawl 1 (give it as then, or not at all)",
    ),
    (
        "resume: other transport",
        ["crawl", *REGTEST, "--db", "interrupted.sqlite", "--resume", "--transport", "v1"],
        'btccrawl: --transport "v1" differs from "auto" of the resumed crawl 1 (give it as then, or not at all)',
    ),
    (
        "resume: new seed",
        ["crawl", *REGTEST, "--db", "interrupted.sqlite", "--resume", "--seed", "127.0.0.2"],
        "btccrawl: --seed 127.0.0.2:18444 is not a seed of the resumed crawl 1",
    ),
    (
        "db in a missing folder",
        ["crawl", *REGTEST, "--seed", "127.0.0.1", "--db", "missing/x.sqlite"],
        "btccrawl: missing/x.sqlite: cannot open: unable to open database file",
    ),
    (
        "db is a text file",
        ["crawl", *REGTEST, "--db", "text.txt"],
        "btccrawl: text.txt: not a btccrawl database (not an SQLite file)",
    ),
    (
        "db of another application",
        ["crawl", *REGTEST, "--db", "other.sqlite"],
        "btccrawl: other.sqlite: not a btccrawl database (an SQLite database of another application)",
    ),
    ("db is a folder", ["crawl", *REGTEST, "--db", "."], "btccrawl: .: not a btccrawl database (not a file)"),
    (
        "concurrency zero",
        ["crawl", *REGTEST, "--concurrency", "0"],
        "btccrawl: --concurrency: Value 0 not in range 1 to 1000000",
    ),
    (
        "connect timeout zero",
        ["crawl", *REGTEST, "--connect-timeout", "0"],
        "btccrawl: --connect-timeout: must be more than 0, not 0",
    ),
    (
        "connect timeout negative",
        ["crawl", *REGTEST, "--connect-timeout", "-1"],
        "btccrawl: --connect-timeout: must be more than 0, not -1",
    ),
    (
        "connect timeout text",
        ["crawl", *REGTEST, "--connect-timeout", "abc"],
        "btccrawl: --connect-timeout: 'abc' is not a number",
    ),
    (
        "proxy timeout zero",
        ["crawl", *REGTEST, "--proxy-timeout", "0"],
        "btccrawl: --proxy-timeout: must be more than 0, not 0",
    ),
    (
        "handshake timeout zero",
        ["crawl", *REGTEST, "--handshake-timeout", "0"],
        "btccrawl: --handshake-timeout: must be more than 0, not 0",
    ),
    (
        "addr timeout negative",
        ["crawl", *REGTEST, "--addr-timeout", "-5"],
        "btccrawl: --addr-timeout: must be more than 0, not -5",
    ),
    (
        "addr timeout infinite",
        ["crawl", *REGTEST, "--addr-timeout", "inf"],
        "btccrawl: --addr-timeout: 'inf' is not a number",
    ),
    ("retries negative", ["crawl", *REGTEST, "--retries", "-1"], "btccrawl: --retries: Value -1 not in range 0 to 100"),
    (
        "retry delay negative",
        ["crawl", *REGTEST, "--retry-delay", "-1"],
        "btccrawl: --retry-delay: must be at least 0, not -1",
    ),
    (
        "connect rate zero",
        ["crawl", *REGTEST, "--connect-rate", "0"],
        "btccrawl: --connect-rate: must be more than 0, not 0",
    ),
    (
        "writer backlog zero",
        ["crawl", *REGTEST, "--writer-backlog", "0"],
        "btccrawl: --writer-backlog: Value 0 not in range 1 to 100000000",
    ),
    (
        "max duration nan",
        ["crawl", *REGTEST, "--max-duration", "nan"],
        "btccrawl: --max-duration: 'nan' is not a number",
    ),
    (
        "user agent too long",
        ["crawl", *REGTEST, "--user-agent", LONG_AGENT],
        "btccrawl: --user-agent is longer than 256 bytes",
    ),
    (
        "proxy: not socks5",
        ["crawl", *REGTEST, "--proxy", "ftp://x"],
        "btccrawl: bad --proxy 'ftp://x': expected socks5://HOST:PORT",
    ),
    (
        "i2p sam without port",
        ["crawl", *REGTEST, "--i2p-sam", "nonsense"],
        "btccrawl: --i2p-sam 'nonsense' needs a port",
    ),
    ("report: no such file", ["report", "--db", "missing.sqlite"], "btccrawl report: missing.sqlite: no such file"),
    (
        "report: not a database",
        ["report", "--db", "text.txt"],
        "btccrawl report: text.txt: not a btccrawl database (not an SQLite file)",
    ),
    (
        "report: no such crawl",
        ["report", "--db", "finished.sqlite", "--crawl", "99"],
        "btccrawl report: crawl 99 not found in finished.sqlite",
    ),
    (
        "report: crawl not a number",
        ["report", "--db", "finished.sqlite", "--crawl", "abc"],
        "btccrawl: Could not convert: --crawl = abc",
    ),
    ("export: no format", ["export", "--db", "finished.sqlite"], "btccrawl: --format is required"),
    (
        "export: unknown format",
        ["export", "--db", "finished.sqlite", "--format", "xml"],
        "btccrawl: --format: xml not in {csv,json,bitnodes,seeds}",
    ),
    (
        "export: seeds of one crawl",
        ["export", "--db", "finished.sqlite", "--format", "seeds", "--crawl", "1"],
        "btccrawl export: --crawl does not apply to --format seeds (it covers every round)",
    ),
    (
        "export: unwritable output",
        ["export", "--db", "finished.sqlite", "--format", "csv", "-o", "missing/x.csv"],
        "btccrawl export: cannot write missing/x.csv: No such file or directory",
    ),
]


def snapshot(folder, ignore_sidecars=False):
    """{name: sha256} of every file in the folder (sub-folders by name only)."""
    result = {}
    for name in sorted(os.listdir(folder)):
        if ignore_sidecars and name.endswith(("-wal", "-shm")):
            continue
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            with open(path, "rb") as f:
                result[name] = hashlib.sha256(f.read()).hexdigest()
        else:
            result[name] = "folder"
    return result


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        cls.fixtures = new_workdir("btccrawl-badinput-")
        # A finished crawl: its one seed refuses (nothing listens on port 1).
        done = run_crawl(
            cls.btccrawl,
            *REGTEST,
            "--db",
            os.path.join(cls.fixtures, "finished.sqlite"),
            "--seed",
            "127.0.0.1:1",
            "--quiet"
        )
        assert done.returncode == 0, done.stderr
        with open(os.path.join(cls.fixtures, "text.txt"), "w") as f:
            f.write("hello\n")
        with open(os.path.join(cls.fixtures, "seeds.txt"), "w") as f:
            f.write("# one good line, one bad\n127.0.0.1\n127.0.0.1:0x\n")
        shutil.copy(os.path.join(cls.fixtures, "finished.sqlite"), os.path.join(cls.fixtures, "interrupted.sqlite"))
        interrupted = sqlite3.connect(os.path.join(cls.fixtures, "interrupted.sqlite"))
        interrupted.execute("UPDATE crawls SET status = 'interrupted'")
        interrupted.commit()
        interrupted.close()
        other = sqlite3.connect(os.path.join(cls.fixtures, "other.sqlite"))
        other.execute("CREATE TABLE t (x)")
        other.commit()
        other.close()

    def test_each_bad_input(self):
        for name, args, message in CASES:
            with self.subTest(name):
                folder = new_workdir("btccrawl-badinput-case-")
                shutil.rmtree(folder)
                shutil.copytree(self.fixtures, folder)
                before = snapshot(folder)
                run = subprocess.run(
                    [self.btccrawl, *args],
                    cwd=folder,
                    capture_output=True,
                    text=True,
                    timeout=30,
                    stdin=subprocess.DEVNULL,
                )
                self.assertEqual((run.returncode, run.stdout, run.stderr), (1, "", message + "\n"))
                # Known issue (docs/robustness.md): report and export open a WAL database read-only
                # and leave its empty -wal and -shm files behind; the database itself is untouched.
                sidecars_allowed = args[:1] in (["report"], ["export"])
                self.assertEqual(snapshot(folder, sidecars_allowed), before)
                shutil.rmtree(folder)


if __name__ == "__main__":
    run_tests(globals())
