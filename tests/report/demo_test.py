"""scripts/demo as a user other than root: one line saying it needs root, exit 1, nothing written
(without the check, unshare's bare "Operation not permitted" was all a user saw)."""

import os
import shutil
import subprocess
import tempfile
import unittest

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts", "demo")
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


class DemoTest(unittest.TestCase):
    def test_not_root_is_one_clear_line(self):
        folder = tempfile.mkdtemp(prefix="btccrawl-demo-")
        try:
            os.chmod(folder, 0o777)
            run = subprocess.run([*NOBODY, DEMO], cwd=folder, capture_output=True, text=True, timeout=60)
            self.assertEqual(
                (run.returncode, run.stdout, run.stderr),
                (1, "", "demo: must run as root (sudo scripts/demo): it crawls inside a private network namespace\n"),
            )
            self.assertEqual(os.listdir(folder), [])
        finally:
            shutil.rmtree(folder)


if __name__ == "__main__":
    unittest.main()
