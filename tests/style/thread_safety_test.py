#!/usr/bin/env python3
"""Our locks are checked by the compiler (issue #13).

Compiles every source of scoring/, server/ and client/ that takes a lock
(it, or its own header, uses absl::Mutex or ABSL_GUARDED_BY) with clang's
-Wthread-safety as an error, each with the include directories and
definitions the build gives it (compile_commands.json), so that touching an
ABSL_GUARDED_BY member without its mutex fails this test. Then proves the
check can fail: a small source that reads a guarded member without its lock
must be refused. And no lock is left documented only by a "Guarded by"
comment, nor taken with std::mutex, which the analysis cannot see.

Usage: thread_safety_test.py CLANGXX SOURCE_DIR COMPILE_COMMANDS_JSON
"""

import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

CHECK_FLAGS = ["-fsyntax-only", "-Wthread-safety", "-Werror=thread-safety"]
FOLDERS = ("scoring", "server", "client")
TAKES_A_LOCK = re.compile(r"absl::Mutex\b|ABSL_GUARDED_BY|ABSL_PT_GUARDED_BY")
UNCHECKED_LOCK = re.compile(
    r"std::(mutex|shared_mutex|lock_guard|unique_lock|scoped_lock|"
    r"condition_variable)\b")


def flags_of(entry):
    """The -I, -isystem, -D and -std flags of one compile command."""
    args = entry.get("arguments") or shlex.split(entry["command"])
    flags, i = [], 1
    while i < len(args):
        arg = args[i]
        if arg in ("-I", "-isystem", "-D"):
            flags += [arg, args[i + 1]]
            i += 1
        elif arg.startswith(("-I", "-isystem", "-D", "-std=")):
            flags.append(arg)
        i += 1
    return flags


def takes_a_lock(source):
    header = source.with_suffix(".h")
    texts = [source.read_text(encoding="utf-8")]
    if header.exists():
        texts.append(header.read_text(encoding="utf-8"))
    return any(TAKES_A_LOCK.search(text) for text in texts)


def check(clangxx, flags, source):
    """clang's verdict on `source`: (passed, its messages)."""
    run = subprocess.run([clangxx] + CHECK_FLAGS + flags + [str(source)],
                         capture_output=True, text=True)
    return run.returncode == 0, run.stderr


def main():
    clangxx, source_dir, compile_commands = sys.argv[1:4]
    root = pathlib.Path(source_dir).resolve()
    commands = {}
    for entry in json.load(open(compile_commands)):
        path = pathlib.Path(entry["directory"], entry["file"]).resolve()
        commands.setdefault(path, entry)
    sources = [path for path in sorted(commands)
               if path.suffix == ".cc" and path.is_relative_to(root)
               and path.relative_to(root).parts[0] in FOLDERS
               and takes_a_lock(path)]
    failures = 0
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        verdicts = pool.map(
            lambda s: (s, *check(clangxx, flags_of(commands[s]), s)), sources)
        for source, passed, messages in verdicts:
            if not passed:
                failures += 1
                print(f"FAIL {source.relative_to(root)}:\n{messages}")
    store_flags = flags_of(next(commands[p] for p in sources
                                if "server/store" in str(p)))
    violation = root / "tests/style/thread_safety_violation.cc"
    passed, messages = check(clangxx, store_flags, violation)
    if passed or "requires holding mutex" not in messages:
        failures += 1
        print(f"FAIL the check accepted {violation}, which reads a guarded "
              f"member without its lock:\n{messages}")
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.suffix not in (".h", ".cc"):
                continue
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                if "Guarded by" in line:
                    failures += 1
                    print(f"FAIL {path.relative_to(root)}:{number}: a lock "
                          "documented by a comment; use ABSL_GUARDED_BY")
                if UNCHECKED_LOCK.search(line.split("//")[0]):
                    failures += 1
                    print(f"FAIL {path.relative_to(root)}:{number}: a std "
                          "lock the analysis cannot see; use absl::Mutex")
    print(f"{len(sources)} sources that take locks checked with "
          f"-Wthread-safety; {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
