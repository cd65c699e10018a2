"""End to end: crash safety. A btcsim crawl is SIGKILLed at random points several times in a row,
then resumed with --resume until it finishes; another is stopped with SIGINT and resumed. Each
final database must equal an uninterrupted crawl's (same reachable set, same learned addresses,
same entries per node, same last outcomes), with no duplicate rows and PRAGMA integrity_check ok.
A kill loses at most the connections in flight (each is written whole in one transaction), which
--resume dials again."""

import json
import os
import random
import signal
import subprocess
import time
import unittest

from simnet import Simulator, crawl_state, in_private_namespace, new_workdir, run_crawl, run_tests

ARGS = None
# A slow pace (about 6 s for the whole network) leaves room to kill it in the middle.
CRAWL_ARGS = [
    "--chain",
    "regtest",
    "--transport",
    "v1",
    "--seed",
    "127.10.0.1",
    "--connect-timeout",
    "2",
    "--handshake-timeout",
    "4",
    "--addr-timeout",
    "4",
    "--retry-delay",
    "0.2",
    "--connect-rate",
    "100",
]
KILLS = 3
# Fixed so that a failure can be replayed; the kill times are printed too.
RANDOM_SEED = 20250101


class ResumeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-resume-")
        cls.btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        cls.sim = cls.enterClassContext(
            Simulator(
                os.path.join(ARGS.bin_dir, "btcsim"),
                cls.workdir,
                "--nodes",
                500,
                "--book",
                60,
                "--dead",
                80,
                "--seed",
                11,
            )
        )
        reference = os.path.join(cls.workdir, "reference.sqlite")
        done = run_crawl(cls.btccrawl, "--db", reference, "--quiet", *CRAWL_ARGS)
        assert done.returncode == 0, done.stderr
        cls.reference = crawl_state(reference)

    def start(self, db, *extra):
        return subprocess.Popen(
            [self.btccrawl, "crawl", "--db", db, "--quiet", *CRAWL_ARGS, *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def assertSameAsReference(self, state):
        self.assertEqual(state["integrity"], "ok")
        self.assertEqual(state["status"], "finished")
        self.assertEqual(state["crawls"], 1)
        self.assertEqual(set(state["duplicates"].values()), {0}, state["duplicates"])
        self.assertEqual(state["reachable"], self.reference["reachable"])
        self.assertEqual(state["learned"], self.reference["learned"])
        self.assertEqual(state["outcomes"], self.reference["outcomes"])
        self.assertEqual(state["answers"], self.reference["answers"])

    def test_reference_crawl_is_complete(self):
        self.assertEqual(len(self.reference["reachable"]), 500)
        self.assertEqual(len(self.reference["learned"]), 580)

    def test_sigkill_several_times_then_resume(self):
        db = os.path.join(self.workdir, "killed.sqlite")
        rng = random.Random(RANDOM_SEED)
        kill_times = []
        for kill in range(KILLS):
            resuming = os.path.exists(db)
            process = self.start(db, *(["--resume"] if resuming else []))
            delay = rng.uniform(0.3, 2.5)
            kill_times.append(round(delay, 2))
            time.sleep(delay)
            self.assertIsNone(process.poll(), f"crawl ended before kill {kill} at {delay:.2f} s")
            process.send_signal(signal.SIGKILL)
            process.communicate()
            self.assertEqual(process.returncode, -signal.SIGKILL)
            self.assertEqual(crawl_state(db)["status"], "running", kill_times)
        resumes = 0
        while crawl_state(db)["status"] != "finished":
            resumes += 1
            self.assertLessEqual(resumes, 3, kill_times)
            done = run_crawl(self.btccrawl, "--db", db, "--resume", "--quiet", *CRAWL_ARGS)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertIn("finished", done.stdout)
        self.assertSameAsReference(crawl_state(db))

    def report(self, db):
        return subprocess.run([self.btccrawl, "report", "--db", db, "--json"], capture_output=True, text=True)

    def test_report_tells_running_from_died_and_a_second_writer_is_refused(self):
        db = os.path.join(self.workdir, "alive.sqlite")
        process = self.start(db)
        time.sleep(1)
        running = json.loads(self.report(db).stdout)
        self.assertEqual((running["status"], running["alive"], running["stop_reason"]), ("running", True, None))
        for second in (["--resume"], []):
            refused = run_crawl(self.btccrawl, "--db", db, "--quiet", *CRAWL_ARGS, *second)
            self.assertEqual(
                (refused.returncode, refused.stderr),
                (1, f"btccrawl: {db}: another btccrawl is writing it (a crawl or a monitor)\n"),
            )
        process.send_signal(signal.SIGKILL)
        process.communicate()
        self.assertEqual(crawl_state(db)["crawls"], 1)  # the refused ones wrote nothing
        died = json.loads(self.report(db).stdout)
        self.assertEqual((died["status"], died["alive"], died["stop_reason"]), ("running", False, None))
        text = subprocess.run([self.btccrawl, "report", "--db", db], capture_output=True, text=True).stdout
        self.assertEqual(
            text.splitlines()[0],
            "crawl 1 (regtest, died: no process writes it, killed or crashed; --resume continues it)",
        )
        done = run_crawl(self.btccrawl, "--db", db, "--resume", "--quiet", "--max-duration", "0.5", *CRAWL_ARGS)
        self.assertEqual(done.returncode, 0, done.stderr)
        stopped = json.loads(self.report(db).stdout)
        self.assertEqual((stopped["status"], stopped["stop_reason"]), ("interrupted", "max_duration"))

    def test_sigint_is_graceful_then_resume_completes(self):
        db = os.path.join(self.workdir, "interrupted.sqlite")
        process = self.start(db)
        time.sleep(1.5)
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        out, err = process.communicate(timeout=30)
        # docs/spec.md §1: in-flight connections closed within 2 s, everything flushed.
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(process.returncode, 0, err)
        self.assertRegex(out, r"^crawl 1 interrupted after [0-9.]+ s, database ")
        self.assertIn("  addresses learned ", out)
        state = crawl_state(db)
        self.assertEqual(state["status"], "interrupted")
        self.assertEqual(json.loads(self.report(db).stdout)["stop_reason"], "signal")
        self.assertEqual(state["integrity"], "ok")
        self.assertLess(len(state["reachable"]), len(self.reference["reachable"]))
        done = run_crawl(self.btccrawl, "--db", db, "--resume", "--quiet", *CRAWL_ARGS)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"^crawl 1 finished after ")
        self.assertSameAsReference(crawl_state(db))
        # The summary of a resumed crawl is the whole crawl's, the very numbers `report` gives.
        report = json.loads(self.report(db).stdout)
        self.assertEqual(report["stop_reason"], "exhausted")
        self.assertEqual(
            done.stdout.splitlines()[1],
            f"  addresses learned {report['addresses_learned']}  attempted {report['attempted']}  "
            f"reachable {report['reachable']}",
        )
        outcomes = " ".join(f"{name} {count}" for name, count in report["outcomes"].items() if count)
        self.assertEqual(done.stdout.splitlines()[2], f"  newest attempt per address: {outcomes}")
        # Nothing left to resume: a usage error, the file untouched.
        again = run_crawl(self.btccrawl, "--db", db, "--resume", "--quiet", *CRAWL_ARGS)
        self.assertEqual(again.returncode, 1)
        self.assertEqual(again.stderr, f"btccrawl: no unfinished crawl in {db}\n")


if __name__ == "__main__":
    run_tests(globals())
