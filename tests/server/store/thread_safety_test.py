#!/usr/bin/env python3
"""The store's locks are checked by the compiler (issue #13).

Compiles every source in server/store/ with clang's -Wthread-safety as an
error, using the include directories and definitions the build gives the
store (from compile_commands.json), so that touching an ABSL_GUARDED_BY
member without its mutex fails this test. Then proves the check can fail: a
small source that reads a guarded member without its lock must be refused.
And no lock is left documented only by a "Guarded by" comment.

Usage: thread_safety_test.py CLANGXX SOURCE_DIR COMPILE_COMMANDS_JSON
"""

import glob
import json
import os
import shlex
import subprocess
import sys

CHECK_FLAGS = ["-fsyntax-only", "-Wthread-safety", "-Werror=thread-safety"]


def store_flags(compile_commands, source_dir):
    """The -I, -isystem, -D and -std flags the build compiles the store with."""
    store_dir = os.path.join(source_dir, "server", "store") + os.sep
    for entry in json.load(open(compile_commands)):
        if not entry["file"].startswith(store_dir):
            continue
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
    sys.exit(f"no server/store source in {compile_commands}")


def check(clangxx, flags, source):
    """clang's verdict on `source`: (passed, its messages)."""
    run = subprocess.run([clangxx] + CHECK_FLAGS + flags + [source],
                         capture_output=True, text=True)
    return run.returncode == 0, run.stderr


def main():
    clangxx, source_dir, compile_commands = sys.argv[1:4]
    flags = store_flags(compile_commands, source_dir)
    failures = 0
    sources = sorted(glob.glob(os.path.join(source_dir, "server/store/*.cc")))
    for source in sources:
        passed, messages = check(clangxx, flags, source)
        if not passed:
            failures += 1
            print(f"FAIL {source}:\n{messages}")
    violation = os.path.join(source_dir,
                             "tests/server/store/thread_safety_violation.cc")
    passed, messages = check(clangxx, flags, violation)
    if passed or "requires holding mutex" not in messages:
        failures += 1
        print(f"FAIL the check accepted {violation}, which reads a guarded "
              f"member without its lock:\n{messages}")
    for path in sorted(glob.glob(os.path.join(source_dir, "server/store/*"))):
        for number, line in enumerate(open(path), 1):
            if "Guarded by" in line:
                failures += 1
                print(f"FAIL {path}:{number}: a lock documented by a comment; "
                      "use ABSL_GUARDED_BY")
    print(f"{len(sources)} store sources checked with -Wthread-safety; "
          f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
