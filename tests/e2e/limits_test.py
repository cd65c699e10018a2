"""End to end: resource limits. A full disk (a small tmpfs) and a read-only database (a tmpfs
remounted read-only, a read-only bind mount of the file, a new file in a read-only folder) stop the crawl with one clear line and
exit 2, never a silent loss: what was committed stays, and the crawl, still unfinished in the
file, completes with --resume once there is room. Too few file descriptors (ulimit -n 256 with
--concurrency 5000) lower the concurrency, said on stderr, and the crawl still finishes without a
single descriptor error. 100,000 unreachable addresses in scope finish with bounded memory.
Mounts happen in a private mount namespace (unshare -m) inside the private network namespace."""

import os
import resource
import subprocess
import textwrap
import unittest

from simnet import Simulator, connect, in_private_namespace, last_outcomes, new_workdir, run_crawl, sanitized, run_tests

ARGS = None
CRAWL = [
    "--chain",
    "regtest",
    "--seed",
    "127.10.0.1",
    "--quiet",
    "--connect-timeout",
    "2",
    "--handshake-timeout",
    "2",
    "--addr-timeout",
    "4",
    "--retry-delay",
    "0.2",
]
DEAD_ADDRESSES = 100_000
MAX_DEAD_RSS_KB = 150 * 1024  # measured: 50 MB


def in_mount_namespace(script, workdir):
    """Runs a shell script in a private mount namespace; returns the finished process."""
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], cwd=workdir, capture_output=True, text=True, timeout=300
    )


class LimitsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-limits-")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        cls.sim = cls.enterClassContext(
            Simulator(
                os.path.join(ARGS.bin_dir, "btcsim"),
                cls.workdir,
                "--nodes",
                300,
                "--book",
                100,
                "--faults",
                1.0,
                "--fault-kinds",
                "silent",
                "--seed",
                5,
            )
        )

    def crawl_script(self, db, *extra):
        return " ".join([self.btccrawl, "crawl", "--db", db, *CRAWL, *extra])

    def test_nothing_dialable_warns_and_exits_0(self):
        db = os.path.join(self.workdir, "nothing.sqlite")
        # 8.8.8.8 is outside regtest's default scope; 127.10.0.1:1 refuses.
        run = run_crawl(
            self.btccrawl, "--db", db, "--chain", "regtest", "--seed", "8.8.8.8", "--seed", "127.10.0.1:1", "--quiet"
        )
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(
            run.stderr.splitlines(),
            [
                "btccrawl: seed 8.8.8.8:18444 is outside the scope or the networks this crawl reaches: not dialed",
                "btccrawl: no node was reachable (the crawl finished: exit 0)",
            ],
        )

    def test_full_disk_exit_2_then_resume_completes(self):
        # 400 KB holds the schema and a few batches, not the 30,000 entries of this crawl. The pace
        # keeps each batch small: without a grace period the 300 answers would all be in the first.
        script = textwrap.dedent(
            f"""\
            mkdir -p small out
            mount -t tmpfs -o size=400k tmpfs small
            {self.crawl_script("small/full.sqlite", "--connect-rate", "200")}
            echo "exit=$?"
            cp small/* out/
            """
        )
        run = in_mount_namespace(script, self.workdir)
        self.assertIn("exit=2", run.stdout)
        self.assertEqual(run.stderr, "btccrawl: cannot write small/full.sqlite: database or disk is full\n")
        db_path = os.path.join(self.workdir, "out", "full.sqlite")
        db = connect(db_path)
        self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        self.assertEqual(db.execute("SELECT status FROM crawls").fetchone()[0], "running")
        committed = db.execute("SELECT count(*) FROM connections").fetchone()[0]
        self.assertGreater(committed, 0)
        db.close()
        done = run_crawl(self.btccrawl, "--db", db_path, "--resume", *CRAWL)
        self.assertEqual(done.returncode, 0, done.stderr)
        outcomes = last_outcomes(connect(db_path), 1)
        self.assertEqual(sorted(outcomes.values()).count("ok"), 300)
        self.assertEqual(sorted(outcomes.values()).count("handshake_timeout"), 300)

    def test_read_only_database_or_folder_exit_2_untouched(self):
        script = textwrap.dedent(
            f"""\
            mkdir -p ro
            mount -t tmpfs -o size=8m tmpfs ro
            {self.btccrawl} crawl --chain regtest --db ro/a.sqlite --seed 127.0.0.1:1 --quiet > /dev/null 2>&1
            cp ro/a.sqlite ro/b.sqlite
            sha256sum ro/a.sqlite ro/b.sqlite > before
            mount --bind ro/b.sqlite ro/b.sqlite && mount -o remount,bind,ro ro/b.sqlite
            {self.crawl_script("ro/b.sqlite")}
            echo "file exit=$?"
            mount -o remount,ro ro
            {self.crawl_script("ro/a.sqlite")}
            echo "fs exit=$?"
            {self.crawl_script("ro/new.sqlite")}
            echo "new exit=$?"
            sha256sum -c before > /dev/null && echo untouched
            ls ro
            """
        )
        run = in_mount_namespace(script, self.workdir)
        self.assertEqual(run.stdout, "file exit=2\nfs exit=2\nnew exit=2\nuntouched\na.sqlite\nb.sqlite\n")
        self.assertEqual(
            run.stderr,
            "btccrawl: cannot write ro/b.sqlite: Read-only file system\n"
            "btccrawl: cannot write ro/a.sqlite: Read-only file system\n"
            # A new file in a read-only folder: the same cause, the same exit and line.
            "btccrawl: cannot write ro/new.sqlite: Read-only file system\n",
        )

    def test_few_descriptors_lower_the_concurrency(self):
        db_path = os.path.join(self.workdir, "fd.sqlite")
        limit = lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))  # noqa: E731
        # 300 silent nodes hold their connections until the handshake timeout: far more than
        # 256 descriptors would be open at once without the lowered cap.
        done = subprocess.run(
            [
                self.btccrawl,
                "crawl",
                "--db",
                db_path,
                *CRAWL,
                "--concurrency",
                "5000",
                "--retries",
                "0",
                "--connect-rate",
                "100000",
            ],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=limit,
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "btccrawl: open-file limit is 256: concurrency lowered from 5000 to 192\n")
        outcomes = list(last_outcomes(connect(db_path), 1).values())
        self.assertEqual((outcomes.count("ok"), outcomes.count("handshake_timeout"), len(outcomes)), (300, 300, 600))
        errors = connect(db_path).execute("SELECT count(*) FROM connections WHERE error LIKE '%open files%'")
        self.assertEqual(errors.fetchone()[0], 0)

    def test_100k_unreachable_addresses_finish_with_bounded_memory(self):
        seed_file = os.path.join(self.workdir, "dead.txt")
        with open(seed_file, "w") as f:
            # 127.201.0.1 onwards on the port after btcsim's (its wildcard takes 18444): every dial is refused.
            for i in range(DEAD_ADDRESSES):
                f.write(f"127.{201 + i // 65024}.{(i % 65024) // 254}.{i % 254 + 1}:18445\n")
        db_path = os.path.join(self.workdir, "dead.sqlite")
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        done = run_crawl(
            self.btccrawl,
            "--chain",
            "regtest",
            "--db",
            db_path,
            "--seed-file",
            seed_file,
            "--quiet",
            "--connect-rate",
            "20000",
        )
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"newest attempt per address: refused {DEAD_ADDRESSES}\n", done.stdout)
        if not sanitized(self.btccrawl):  # ASan's shadow memory and quarantine inflate RSS
            self.assertLess(max(rss, before), MAX_DEAD_RSS_KB)
        db = connect(db_path)
        self.assertEqual(
            db.execute("SELECT count(*) FROM connections WHERE outcome = 'refused'").fetchone()[0], DEAD_ADDRESSES
        )
        self.assertEqual(db.execute("SELECT status FROM crawls").fetchone()[0], "finished")


if __name__ == "__main__":
    run_tests(globals())
