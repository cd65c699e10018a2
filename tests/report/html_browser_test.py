"""The HTML reports in a real browser: crawl a small btcsim network, write `report --html`, load it
in Debian's headless chromium and check what a reader would get — no console error, every chart
drawn with content and its table beside it, the headline numbers equal to the database's, and
screenshots at desktop and phone width; the same for the monitor page (`report --monitor --html`)
after rounds of `btccrawl monitor` against a churning btcsim. The unit tests check the markup we
write; only a browser shows that it renders. Runs inside tests/e2e/in_netns (the crawl opens sockets)."""

import argparse
import html.parser
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
from simnet import Simulator, in_private_namespace, new_workdir, run_crawl  # noqa: E402

ARGS = None
CHARTS = [
    "networks",
    "user-agents",
    "protocol-versions",
    "service-flags",
    "start-height",
    "outcomes",
    "connect-latency",
    "handshake-latency",
    "timeline",
]
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--enable-logging=stderr",
    "--v=0",
]
DESKTOP = (1280, 1500)
PHONE = (390, 2000)
# A blank or nearly blank page compresses to a few kilobytes; a rendered chart page does not.
MIN_SCREENSHOT_BYTES = 40_000


class ChartsParser(html.parser.HTMLParser):
    """Per <section id>: its svg, rect, polyline and non-empty text elements, its table rows and headers."""

    def __init__(self):
        super().__init__()
        self.sections = {}
        self.current = None
        self.tags = []
        self.in_text = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if tag == "section":
            self.current = {"svg": 0, "rects": [], "polylines": [], "texts": [], "rows": 0, "headers": 0}
            self.sections[attrs.get("id")] = self.current
        elif self.current is None:
            return
        elif tag == "svg":
            self.current["svg"] += 1
        elif tag == "rect":
            self.current["rects"].append(attrs)
        elif tag == "polyline":
            self.current["polylines"].append(attrs)
        elif tag == "tr":
            self.current["rows"] += 1
        elif tag == "th":
            self.current["headers"] += 1
        self.in_text = tag == "text"

    def handle_endtag(self, tag):
        if tag == "section":
            self.current = None
        self.in_text = False

    def handle_data(self, data):
        if self.current is not None and self.in_text and data.strip():
            self.current["texts"].append(data.strip())


def png_size(path):
    with open(path, "rb") as image:
        header = image.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def run_chromium(chromium, page, window, action):
    """One fresh browser (its own profile) on `page`; returns (stdout, stderr)."""
    with tempfile.TemporaryDirectory(prefix="btccrawl-chromium-") as profile:
        result = subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--window-size={window[0]},{window[1]}",
                action,
                "file://" + page,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, f"chromium {action} failed: {result.stderr}"
    return result.stdout, result.stderr


def find_chromium():
    chromium = shutil.which("chromium")
    if chromium is None:
        raise RuntimeError("chromium is not installed: run scripts/setup, which installs Debian's chromium")
    return chromium


def console_lines(log):
    # The pages have no script: any console line (an error, a blocked load) is a fault of ours.
    return [line for line in log.splitlines() if ":CONSOLE" in line or "Uncaught" in line]


class HtmlBrowserTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.chromium = find_chromium()
        cls.workdir = new_workdir("btccrawl-html-")
        db_path = os.path.join(cls.workdir, "crawl.sqlite")
        btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        sim_args = ["--nodes", 80, "--book", 60, "--dead", 12, "--exotic", 8, "--faults", 0.1, "--seed", 11]
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, *sim_args):
            crawl = run_crawl(
                btccrawl,
                "--chain",
                "regtest",
                "--db",
                db_path,
                "--seed",
                "127.10.0.1",
                "--quiet",
                "--connect-timeout",
                "1",
                "--handshake-timeout",
                "2",
                "--addr-timeout",
                "2",
            )
        assert crawl.returncode == 0, crawl.stderr
        cls.html_path = os.path.join(cls.workdir, "report.html")
        report = subprocess.run(
            [btccrawl, "report", "--db", db_path, "--html", cls.html_path], capture_output=True, text=True, timeout=60
        )
        assert report.returncode == 0, report.stderr
        with sqlite3.connect(db_path) as db:
            cls.reachable = db.execute(
                "SELECT count(DISTINCT address_id) FROM connections " "WHERE handshake_at IS NOT NULL"
            ).fetchone()[0]
            cls.attempts = db.execute("SELECT count(*) FROM connections").fetchone()[0]
        cls.dom, cls.dom_log = run_chromium(cls.chromium, cls.html_path, DESKTOP, "--dump-dom")
        cls.desktop_png = os.path.join(cls.workdir, "desktop.png")
        _, cls.desktop_log = run_chromium(cls.chromium, cls.html_path, DESKTOP, "--screenshot=" + cls.desktop_png)
        cls.phone_png = os.path.join(cls.workdir, "phone.png")
        _, cls.phone_log = run_chromium(cls.chromium, cls.html_path, PHONE, "--screenshot=" + cls.phone_png)
        if ARGS.keep:
            os.makedirs(ARGS.keep, exist_ok=True)
            for path in (cls.html_path, cls.desktop_png, cls.phone_png):
                shutil.copy(path, ARGS.keep)
        parser = ChartsParser()
        parser.feed(cls.dom)
        cls.sections = parser.sections

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir)

    def test_no_console_message(self):
        for log in (self.dom_log, self.desktop_log, self.phone_log):
            self.assertEqual(console_lines(log), [])

    def test_nothing_loaded_from_elsewhere(self):
        for tag in ("<script", "<link", "<img", "<iframe", "http:", "https:"):
            self.assertNotIn(tag, self.dom)

    def test_every_chart_drawn_in_order(self):
        self.assertEqual([name for name in self.sections if name in CHARTS], CHARTS)

    def test_every_bar_chart_has_one_bar_per_table_row(self):
        for name in CHARTS[:-1]:
            with self.subTest(chart=name):
                section = self.sections[name]
                self.assertEqual(section["svg"], 1)
                bars = [rect for rect in section["rects"] if rect.get("class") == "bar"]
                self.assertGreater(len(bars), 0)
                self.assertEqual(len(bars), section["rows"] - 1)  # the table's header row
                self.assertTrue(any(float(rect["width"].rstrip("%")) >= 10 for rect in bars))
                # A label and a count per bar, and the axis caption.
                self.assertEqual(len(section["texts"]), 2 * len(bars) + 1)

    def test_timeline_has_three_lines_and_a_legend(self):
        section = self.sections["timeline"]
        self.assertEqual(section["svg"], 2)  # the chart and its stretched plot
        lines = [line for line in section["polylines"] if "line" in line.get("class", "").split()]
        self.assertEqual(len(lines), 3)
        for line in lines:
            points = [tuple(map(float, point.split(","))) for point in line["points"].split()]
            self.assertEqual(len(points), 61)
            self.assertLess(points[-1][1], points[0][1])  # every line rises: known, done, reachable
        self.assertIn("known", section["texts"])
        self.assertIn("reachable", section["texts"])

    def test_headline_numbers_match_the_database(self):
        self.assertIn(f"<div><b>{self.reachable}</b>reachable</div>", self.dom)
        outcomes = self.sections["outcomes"]
        counts = [int(text) for text in outcomes["texts"] if text.isdigit()]
        self.assertEqual(sum(counts), self.attempts)

    def test_screenshots_at_desktop_and_phone_width(self):
        for path, window in ((self.desktop_png, DESKTOP), (self.phone_png, PHONE)):
            with self.subTest(screenshot=path):
                self.assertEqual(png_size(path), window)
                self.assertGreater(os.path.getsize(path), MIN_SCREENSHOT_BYTES)


MONITOR_LINE_CHARTS = ["up-by-network", "up-full-down", "churn", "transports", "user-agents", "protocol-versions"]
MONITOR_ROUNDS = 8


class MonitorBrowserTest(unittest.TestCase):
    """`report --monitor --html` after monitor rounds against a churning btcsim: every line chart
    drawn with one line per column of its table and one point per round, no console message, and
    screenshots at desktop and phone width."""

    @classmethod
    def setUpClass(cls):
        assert in_private_namespace(), "run me through tests/e2e/in_netns"
        cls.chromium = find_chromium()
        cls.workdir = new_workdir("btccrawl-monitor-html-")
        db_path = os.path.join(cls.workdir, "monitor.sqlite")
        btccrawl = os.path.join(ARGS.bin_dir, "btccrawl")
        sim_args = ["--nodes", 60, "--book", 40, "--seed", 7, "--churn", "--time-scale", 600]
        with Simulator(os.path.join(ARGS.bin_dir, "btcsim"), cls.workdir, *sim_args) as sim:
            # Seeds that are always up, so that the first round learns the network (docs/btcsim.md).
            always_up = [node for node in sim.truth["nodes"] if node["churn"]["kind"] == "always_up"]
            seeds = [arg for node in always_up[:3] for arg in ("--seed", f"{node['host']}:{node['port']}")]
            command = [btccrawl, "monitor", "--db", db_path, "--chain", "regtest", *seeds, "--quiet"]
            command += ["--interval", 0.5, "--rounds", MONITOR_ROUNDS, "--connect-timeout", 2]
            run = subprocess.run(list(map(str, command)), capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        cls.html_path = os.path.join(cls.workdir, "monitor.html")
        report = subprocess.run(
            [btccrawl, "report", "--db", db_path, "--monitor", "--html", cls.html_path],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert report.returncode == 0 and report.stdout == "", report.stderr
        cls.dom, cls.dom_log = run_chromium(cls.chromium, cls.html_path, DESKTOP, "--dump-dom")
        cls.desktop_png = os.path.join(cls.workdir, "monitor-desktop.png")
        _, cls.desktop_log = run_chromium(cls.chromium, cls.html_path, DESKTOP, "--screenshot=" + cls.desktop_png)
        cls.phone_png = os.path.join(cls.workdir, "monitor-phone.png")
        _, cls.phone_log = run_chromium(cls.chromium, cls.html_path, PHONE, "--screenshot=" + cls.phone_png)
        if ARGS.keep:
            os.makedirs(ARGS.keep, exist_ok=True)
            for path in (cls.html_path, cls.desktop_png, cls.phone_png):
                shutil.copy(path, ARGS.keep)
        parser = ChartsParser()
        parser.feed(cls.dom)
        cls.sections = parser.sections

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.workdir)

    def test_no_console_message(self):
        for log in (self.dom_log, self.desktop_log, self.phone_log):
            self.assertEqual(console_lines(log), [])

    def test_nothing_loaded_from_elsewhere(self):
        for tag in ("<script", "<link", "<img", "<iframe", "http:", "https:"):
            self.assertNotIn(tag, self.dom)

    def test_every_chart_present_in_order(self):
        self.assertEqual(list(self.sections), [*MONITOR_LINE_CHARTS, "uptime"])
        self.assertEqual(self.dom.count("<svg"), 2 * len(MONITOR_LINE_CHARTS) + 1)

    def test_every_line_chart_has_a_line_per_column_and_a_point_per_round(self):
        for name in MONITOR_LINE_CHARTS:
            with self.subTest(chart=name):
                section = self.sections[name]
                self.assertEqual(section["svg"], 2)  # the chart and its stretched plot
                lines = [line for line in section["polylines"] if "line" in line.get("class", "").split()]
                self.assertGreater(len(lines), 0)
                self.assertEqual(len(lines), section["headers"] - 1)  # the table's round column
                self.assertEqual(section["rows"] - 1, MONITOR_ROUNDS)
                for line in lines:
                    self.assertEqual(len(line["points"].split()), MONITOR_ROUNDS)

    def test_screenshots_at_desktop_and_phone_width(self):
        for path, window in ((self.desktop_png, DESKTOP), (self.phone_png, PHONE)):
            with self.subTest(screenshot=path):
                self.assertEqual(png_size(path), window)
                self.assertGreater(os.path.getsize(path), MIN_SCREENSHOT_BYTES)


if __name__ == "__main__":
    arguments = argparse.ArgumentParser()
    arguments.add_argument("--bin-dir", required=True)
    arguments.add_argument("--keep", help="copy the report and its screenshots to this folder")
    ARGS, rest = arguments.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest])
