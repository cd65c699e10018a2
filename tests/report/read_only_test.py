"""End to end: `report` and `export` read a database on a read-only file system (a tmpfs remounted
read-only, in a private mount namespace) exactly as on a writable one, with or without --db, and
leave nothing there; where SQLite cannot create the -shm file a WAL reader needs, the file is read
as immutable. A -wal file that holds commits is read through its -shm when that was copied too, and
refused in one line (exit 1) when it was not: read without it, those commits would be silently lost.
Runs inside tests/e2e/in_netns (the crawl that makes the database opens sockets)."""

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from simnet import Simulator, in_private_namespace, new_workdir, run_crawl, run_tests  # noqa: E402

ARGS = None
NAME = "crawl-20990101T000000Z.sqlite"
# What is read, each as NAME: btccrawl arguments; "{db}" is the database, "{out}" a writable folder.
READS = {
    "json": ["report", "--db", "{db}", "--json"],
    "text": ["report", "--db", "{db}"],
    "html": ["report", "--db", "{db}", "--html", "{out}/report.html"],
    "csv": ["export", "--db", "{db}", "--format", "csv"],
    "bitnodes": ["export", "--db", "{db}", "--format", "bitnodes", "-o", "{out}/bitnodes.json"],
}


class ReadOnlyPlaceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-read-only-")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        db = os.path.join(cls.workdir, NAME)
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, "--nodes", 40, "--book", 20, "--seed", 3):
            crawl = run_crawl(cls.btccrawl, "--chain", "regtest", "--db", db, "--seed", "127.10.0.1", "--quiet")
        assert crawl.returncode == 0, crawl.stderr
        # A copy whose -wal holds one more crawl, not yet checkpointed: copied while a connection
        # that never checkpoints holds it open.
        pending = os.path.join(cls.workdir, "pending")
        os.mkdir(pending)
        shutil.copy(db, pending)
        writer = sqlite3.connect(os.path.join(pending, NAME), isolation_level=None)
        writer.execute("PRAGMA wal_autocheckpoint = 0")
        writer.execute(
            "INSERT INTO crawls (chain, started_at, status, settings) VALUES ('regtest', 1, 'interrupted', '{}')"
        )
        for suffix in ("-wal", "-shm"):
            shutil.copy(os.path.join(pending, NAME + suffix), os.path.join(pending, "copy" + suffix))
        writer.close()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir)

    def read(self, name, db, out):
        arguments = [argument.format(db=db, out=out) for argument in READS[name]]
        return subprocess.run([self.btccrawl, *arguments], capture_output=True, text=True, timeout=120)

    def read_only_script(self):
        """Fills a tmpfs, remounts it read-only, then runs every read there, its output in out/."""
        lines = [
            "set -e",
            "mkdir -p ro out",
            "mount -t tmpfs -o size=32m tmpfs ro",
            "mkdir ro/db ro/wal ro/wal-shm",
            f"cp {NAME} ro/db/",
            f"cp pending/{NAME} ro/wal/ && cp pending/copy-wal ro/wal/{NAME}-wal",
            f"cp pending/{NAME} ro/wal-shm/ && cp pending/copy-wal ro/wal-shm/{NAME}-wal",
            f"cp pending/copy-shm ro/wal-shm/{NAME}-shm",
            "mount -o remount,ro ro",
            "set +e",
        ]
        for name in READS:
            command = " ".join([self.btccrawl, *READS[name]]).format(db=f"ro/db/{NAME}", out="out")
            lines.append(f"{command} > out/{name}.stdout 2> out/{name}.stderr; echo $? > out/{name}.rc")
        lines += [
            f"(cd ro/db && {self.btccrawl} report --json) > out/default.stdout 2> out/default.stderr",
            f"{self.btccrawl} report --db ro/wal-shm/{NAME} --json > out/wal-shm.stdout 2> out/wal-shm.stderr",
            f"{self.btccrawl} report --db ro/wal/{NAME} --json > out/wal.stdout 2> out/wal.stderr; echo $? > out/wal.rc",
            "ls -A ro/db ro/wal ro/wal-shm > out/listing",
        ]
        return "\n".join(lines) + "\n"

    def test_every_read_works_on_a_read_only_file_system(self):
        run = subprocess.run(
            ["unshare", "-m", "sh", "-c", self.read_only_script()],
            cwd=self.workdir,
            capture_output=True,
            text=True,
            timeout=300,
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        out = os.path.join(self.workdir, "out")
        content = lambda name: open(os.path.join(out, name)).read()  # noqa: E731

        writable = os.path.join(self.workdir, "writable")
        os.mkdir(writable)
        for name in READS:
            with self.subTest(read=name):
                self.assertEqual((content(f"{name}.rc"), content(f"{name}.stderr")), ("0\n", ""))
                expected = self.read(name, os.path.join(self.workdir, NAME), writable)
                self.assertEqual(expected.returncode, 0, expected.stderr)
                self.assertEqual(content(f"{name}.stdout"), expected.stdout)
        for written in ("report.html", "bitnodes.json"):
            self.assertEqual(content(written), open(os.path.join(writable, written)).read())
        self.assertIn('"reachable": 40', content("json.stdout"))

        # Without --db, from inside the read-only folder: the same report.
        self.assertEqual((content("default.stdout"), content("default.stderr")), (content("json.stdout"), ""))
        # The -wal's crawl, read through the copied -shm.
        self.assertEqual(content("wal-shm.stderr"), "")
        self.assertIn('"crawl": 2,\n  "chain": "regtest",\n  "status": "interrupted"', content("wal-shm.stdout"))
        # Without the -shm: refused, rather than a report that silently lacks the -wal's commits.
        self.assertEqual((content("wal.rc"), content("wal.stdout")), ("1\n", ""))
        self.assertEqual(
            content("wal.stderr"),
            f"btccrawl report: ro/wal/{NAME}: cannot read in a read-only place: its -wal file holds commits "
            "that need a -shm file; copy both to a writable folder\n",
        )
        # Nothing created beside the databases (the file system would have refused anyway).
        self.assertEqual(
            content("listing"),
            f"ro/db:\n{NAME}\n\nro/wal:\n{NAME}\n{NAME}-wal\n\nro/wal-shm:\n{NAME}\n{NAME}-shm\n{NAME}-wal\n",
        )


if __name__ == "__main__":
    run_tests(globals())
