"""End to end: what a person sees while a crawl runs (docs/spec.md §1 "Progress") — a plain status line
every 10 s when stderr is not a terminal, a line redrawn in place every second on a terminal,
nothing with --quiet, and the final summary always."""

import os
import re
import subprocess
import unittest

from simnet import Simulator, in_private_namespace, new_workdir, run_tests

ARGS = None
STATUS = r"\d+s known \d+ queued \d+ in flight \d+ done \d+ reachable \d+ failed \d+ rate \d+/s"
# Five good nodes and one silent one (the first fault kind): the crawl lasts as long as the
# handshake timeout given to it.
SIM_ARGS = ["--nodes", 5, "--book", 4, "--faults", 0.2, "--seed", 2]


def crawl(workdir, name, handshake_timeout, *options, terminal=False):
    command = [
        os.path.join(ARGS.bin_dir, "btccrawl"),
        "crawl",
        "--chain",
        "regtest",
        "--transport",
        "v1",
        "--db",
        os.path.join(workdir, name),
        "--seed",
        "127.10.0.1",
        "--retries",
        "0",
        "--addr-timeout",
        "2",
        "--handshake-timeout",
        str(handshake_timeout),
        *options,
    ]
    with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), workdir, *SIM_ARGS):
        if terminal:
            # script(1) runs the crawl on a pseudo-terminal: stdout and stderr both arrive here.
            # Bytes, not text: universal newlines would turn the redraw's \r into \n.
            result = subprocess.run(
                ["script", "-qfec", " ".join(command), "/dev/null"], capture_output=True, timeout=120
            )
            result.stdout = result.stdout.decode()
            return result
        return subprocess.run(command, capture_output=True, text=True, timeout=120)


class ProgressTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.workdir = new_workdir("btccrawl-progress-")

    def assertSummary(self, text):
        self.assertRegex(text, r"crawl 1 finished after [\d.]+ s, database .*\n")
        self.assertRegex(text, r"addresses learned 6  attempted 6  reachable 5\n")
        self.assertRegex(text, r"newest attempt per address: ok 5 handshake_timeout 1\n")

    def test_plain_line_every_ten_seconds_in_logs(self):
        result = crawl(self.workdir, "logs.sqlite", 10.5)
        self.assertEqual(result.returncode, 0, result.stderr)
        lines = result.stderr.splitlines()
        status = [line for line in lines if re.fullmatch(STATUS, line)]
        self.assertEqual(len(status), 2, result.stderr)  # at 10 s, and the last one when it ends
        self.assertTrue(status[0].startswith("10s "), status[0])
        self.assertNotIn("\r", result.stderr)
        self.assertSummary(result.stdout)

    def test_line_redrawn_every_second_on_a_terminal(self):
        result = crawl(self.workdir, "terminal.sqlite", 3.5, terminal=True)
        self.assertEqual(result.returncode, 0, result.stdout)
        redraws = re.findall("\r(" + STATUS + ")\x1b\\[K", result.stdout)
        self.assertGreaterEqual(len(redraws), 3, repr(result.stdout))
        self.assertEqual([r.split("s ")[0] for r in redraws[:3]], ["1", "2", "3"])
        self.assertSummary(result.stdout.replace("\r\n", "\n"))

    def test_quiet_prints_only_the_summary(self):
        result = crawl(self.workdir, "quiet.sqlite", 1.5, "--quiet")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stderr, "")
        self.assertSummary(result.stdout)


if __name__ == "__main__":
    run_tests(globals())
