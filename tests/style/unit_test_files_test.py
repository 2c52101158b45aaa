#!/usr/bin/env python3
"""Every source unit has a test file of its own (issue #13).

For each X/Y/name.cc under scoring/, server/ and client/ there must be
tests/X/Y/name_test.cc, and that file must be built (it is in the
build's compile_commands.json). Then proves the check can fail, on a small
tree with a source and no test.

Usage: unit_test_files_test.py SOURCE_DIR COMPILE_COMMANDS_JSON
"""

import json
import pathlib
import sys
import tempfile

FOLDERS = ("scoring", "server", "client")


def problems(root, compiled):
    """What is missing under `root`, one sentence each."""
    found = []
    for folder in FOLDERS:
        for source in sorted((root / folder).rglob("*.cc")):
            relative = source.relative_to(root)
            test = root / "tests" / relative.parent / (source.stem + "_test.cc")
            if not test.exists():
                found.append(f"{relative} has no test file "
                             f"{test.relative_to(root)}")
                continue
            if test.resolve() not in compiled:
                found.append(f"{test.relative_to(root)} is not built: no "
                             "CMakeLists.txt adds it to a test")
    return found


def refuses_a_unit_without_tests():
    with tempfile.TemporaryDirectory() as scratch:
        root = pathlib.Path(scratch)
        (root / "scoring").mkdir()
        (root / "scoring" / "lonely.cc").write_text("int x;\n")
        return problems(root, set()) == [
            "scoring/lonely.cc has no test file tests/scoring/lonely_test.cc"]


def main():
    root = pathlib.Path(sys.argv[1]).resolve()
    compiled = {pathlib.Path(entry["directory"], entry["file"]).resolve()
                for entry in json.load(open(sys.argv[2]))}
    failures = problems(root, compiled)
    for failure in failures:
        print("FAIL", failure)
    if not refuses_a_unit_without_tests():
        failures.append("self-check")
        print("FAIL the check accepted a source with no test file")
    print(f"{len(failures)} units without a built test file of their own")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
