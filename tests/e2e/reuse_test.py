"""End to end: where a crawl writes (docs/spec.md §1 --db) — a new timestamped file per run by default,
named on stderr; with --db an existing file is reused, and a new crawl in it starts from the seeds
AND every address the file already knows (a re-crawl of the known network)."""

import glob
import os
import subprocess
import unittest

from simnet import Simulator, connect, in_private_namespace, new_workdir, run_tests

ARGS = None
SIM_ARGS = ["--nodes", 12, "--book", 6, "--dead", 3, "--seed", 9]
OPTIONS = ["--chain", "regtest", "--quiet", "--addr-timeout", "2"]


def btccrawl(cwd, *args):
    return subprocess.run(
        [os.path.join(os.path.abspath(ARGS.bin_dir), "btccrawl"), "crawl", *OPTIONS, *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


class ReuseTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-reuse-")
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, *SIM_ARGS):
            cls.first = btccrawl(cls.workdir, "--seed", "127.10.0.1")
            cls.second = btccrawl(cls.workdir, "--seed", "127.10.0.1")
            # In creation order: two crawls within one second are crawl-T.sqlite then crawl-T-2.sqlite,
            # which sort the other way round by name.
            cls.files = sorted(glob.glob(os.path.join(cls.workdir, "crawl-*.sqlite")), key=os.path.getctime)
            # Re-crawl the first file from a seed where nothing listens: only what the file knows
            # can lead anywhere.
            cls.recrawl = btccrawl(cls.workdir, "--db", cls.files[0], "--seed", "127.200.9.9")

    def test_each_run_writes_a_new_timestamped_file_and_names_it(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertEqual(self.second.returncode, 0, self.second.stderr)
        self.assertEqual(len(self.files), 2)
        for path, run in zip(self.files, (self.first, self.second)):
            name = os.path.basename(path)
            self.assertRegex(name, r"^crawl-\d{8}T\d{6}Z(-\d+)?\.sqlite$")
            self.assertIn(f"writing {name}", run.stderr)

    def test_recrawl_of_an_existing_file_starts_from_every_known_address(self):
        self.assertEqual(self.recrawl.returncode, 0, self.recrawl.stderr)
        self.assertNotIn("writing", self.recrawl.stderr)  # the file was given: no new name to tell
        db = connect(self.files[0])
        self.assertEqual(
            [tuple(r) for r in db.execute("SELECT id, status FROM crawls")], [(1, "finished"), (2, "finished")]
        )
        reachable = {}
        for crawl_id in (1, 2):
            reachable[crawl_id] = {
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT address_id FROM connections WHERE crawl_id = ? AND handshake_at IS NOT NULL",
                    (crawl_id,),
                )
            }
        self.assertEqual(len(reachable[1]), 12)
        self.assertEqual(reachable[2], reachable[1])
        known = db.execute("SELECT count(*) FROM addresses").fetchone()[0]
        self.assertEqual(known, 12 + 3 + 1)  # nodes, dead addresses, the new seed: each stored once
        learned = db.execute("SELECT count(*) FROM crawl_addresses WHERE crawl_id = 2").fetchone()[0]
        self.assertEqual(learned, known)
        dialed_twice = db.execute(
            "SELECT count(*) FROM (SELECT address_id FROM connections WHERE crawl_id = 2 "
            "GROUP BY address_id HAVING count(*) > 1)"
        ).fetchone()[0]
        self.assertEqual(dialed_twice, 0)


if __name__ == "__main__":
    run_tests(globals())
