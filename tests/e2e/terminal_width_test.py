#!/usr/bin/python3
"""The CLI's text output in a real 80-column terminal (tmux), as a user sees it.

Starts trustfit-server on loopback with a SQLite store, records a few
assessments (one of a school with a long Welsh name, so that cuts fall inside
multi-byte characters), approves one, then runs each table-printing command
inside a tmux window 80 columns wide and reads the screen back with lines
joined where the terminal wrapped them. Every line must fit in 80 columns, no
character may be cut in half, and every word of the explanations must arrive
whole (wrapped at spaces, not by the terminal).

    terminal_width_test.py SERVER_BINARY CLI_BINARY GOLDEN_DIR
"""

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

SERVER = CLI = GOLDEN = None
WIDTH = 80
LONG_NAME = ("Ysgol Gyfun Gymraeg Glantaf a'r Fro, Ŵyr Ysgol Uwchradd "
             "Cymunedol Caerdydd")


class Terminal:
    """A detached tmux session of one 80-column window."""

    def __init__(self, workdir):
        self.socket = os.path.join(workdir, "tmux.sock")
        self.workdir = workdir

    def run(self, argv):
        """Runs argv in a fresh 80x500 window; returns the screen's lines,
        each joined back where the terminal wrapped it."""
        done = "done-%d" % time.monotonic_ns()
        command = "%s; tmux -S %s wait-for -S %s; sleep 30" % (
            " ".join(shlex.quote(a) for a in argv), shlex.quote(self.socket),
            done)
        self.tmux("kill-server", check=False)
        self.tmux("new-session", "-d", "-x", str(WIDTH), "-y", "500",
                  "-s", "t", "sh", "-c", command)
        self.tmux("wait-for", done, timeout=60)
        screen = self.tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "t")
        self.tmux("kill-server", check=False)
        return [line.rstrip() for line in screen.split("\n") if line.strip()]

    def tmux(self, *args, check=True, timeout=30):
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8",
                   LC_ALL="C.UTF-8")
        env.pop("COLUMNS", None)
        done = subprocess.run(["tmux", "-S", self.socket, *args], env=env,
                              capture_output=True, check=check,
                              timeout=timeout, cwd=self.workdir)
        return done.stdout.decode("utf-8", errors="replace")


class TerminalWidthTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp()
        port_file = os.path.join(cls.workdir, "ports")
        cls.server = subprocess.Popen(
            [SERVER, "--listen=127.0.0.1:0", "--metrics-listen=off",
             "--store=sqlite://" + os.path.join(cls.workdir, "t.db"),
             "--port-file=" + port_file],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(500):
            if os.path.exists(port_file) and cls.read(port_file).strip():
                break
            time.sleep(0.02)
        cls.address = "127.0.0.1:" + cls.read(port_file).split()[0]
        cls.terminal = Terminal(cls.workdir)
        cls.long_name_file = os.path.join(cls.workdir, "welsh.json")
        with open(os.path.join(GOLDEN, "strong_local.candidate.json")) as f:
            school = json.load(f)
        school["identity"]["name"] = LONG_NAME
        with open(cls.long_name_file, "w") as f:
            json.dump(school, f, ensure_ascii=False)
        cls.urn = school["identity"]["urn"]
        names = [cls.cli("-o", "table", "assess", "--cluster=north",
                         path).strip()
                 for path in (cls.long_name_file, cls.long_name_file,
                              os.path.join(GOLDEN, "coasting.candidate.json"))]
        cls.cli("-o", "table", "decide", names[0], "--outcome=approved",
                "--date=2026-12-10", "--meeting=Board 2026/12 item 4")

    @staticmethod
    def read(path):
        with open(path, encoding="utf-8") as f:
            return f.read()

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        shutil.rmtree(cls.workdir, ignore_errors=True)

    @classmethod
    def cli(cls, *args):
        done = subprocess.run([CLI, "--server=" + cls.address, *args],
                              capture_output=True, check=True, timeout=60)
        return done.stdout.decode()

    def screen(self, *args):
        lines = self.terminal.run([CLI, "--server=" + self.address, *args])
        self.assertTrue(lines, "nothing on the screen")
        for line in lines:
            self.assertLessEqual(len(line), WIDTH,
                                 "wider than the terminal:\n" + line)
            self.assertNotIn("\ufffd", line, "a character cut in half")
        return lines

    def assert_words_whole(self, lines, texts):
        """Each word of `texts` is a whole word somewhere on the screen."""
        on_screen = set(" ".join(lines).split())
        for text in texts:
            for word in text.split():
                self.assertIn(word, on_screen,
                              "%r of %r was broken on screen" % (word, text))

    def test_score_explains_in_eighty_columns_with_whole_words(self):
        lines = self.screen("score", "--explain", "--cluster=north",
                            self.long_name_file)
        assessment = json.loads(self.cli("-o", "json", "score",
                                         "--cluster=north",
                                         self.long_name_file))
        reasons = (assessment["reasons_for"] + assessment["reasons_against"] +
                   assessment.get("reasons_to_consider", []))
        self.assertTrue(reasons)
        self.assert_words_whole(lines, [r["explanation"] for r in reasons])
        factors = [f["explanation"] for c in assessment["criteria"]
                   for f in c.get("factors", [])]
        self.assert_words_whole(lines, factors)

    def test_list_fits_and_cuts_names_at_a_character(self):
        lines = self.screen("list")
        text = "\n".join(lines)
        self.assertIn("assessments/", text)
        self.assertRegex(text, "Ysgol Gyfun")

    def test_history_fits(self):
        lines = self.screen("history", self.urn)
        self.assertIn("2 recorded assessments, oldest first", " ".join(lines))

    def test_arrangements_and_pipeline_fit(self):
        arrangements = "\n".join(self.screen("arrangements", "list"))
        self.assertIn("associate-integration", arrangements)
        pipeline = "\n".join(self.screen("pipeline", "--cluster=north"))
        self.assertIn("Ysgol", pipeline)

    def test_batch_table_fits(self):
        lines = self.screen("batch", "--cluster=north", "--progress=never",
                            os.path.join(os.path.dirname(GOLDEN),
                                         "cli", "broken_rows.csv"))
        self.assertRegex(lines[0], "^line +URN +school")
        self.assertGreater(len(lines), 6)
        self.assertIn("ERROR", "\n".join(lines))

    def test_a_pipe_keeps_whole_lines(self):
        # Outside a terminal nothing is wrapped or cut: grep sees each row.
        listed = self.cli("-o", "table", "list")
        self.assertIn(LONG_NAME, listed)


if __name__ == "__main__":
    SERVER, CLI, GOLDEN = sys.argv[1:4]
    unittest.main(argv=sys.argv[:1], verbosity=2)
