#!/usr/bin/env python3
"""The usage examples in our headers name things that exist.

A header's opening comment teaches by example (as Abseil's do), indented
four columns:

    //   TRUSTFIT_ASSIGN_OR_RETURN(auto store, OpenStore(url));

An example that cites a function, type or method that was renamed or
removed teaches the wrong thing, so every CamelCase name an example calls
or names as a type (`Name(`, `Name::`, `Name<`, `.Name(`, `->Name(`) must be
declared in one of our headers or protos (outside examples), or in the libraries we build on
(Abseil, gRPC, Protocol Buffers, prometheus-cpp, the C++ library) or in the
code generated from our protos (the build directory, the first argument).
Signatures are checked by header_examples_compile_test.py, which compiles
each example in a context of its own; this check is the quick one, and the
one that names the missing symbol.
"""
import functools
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDERS = ("scoring", "server", "client")
LIBRARY_HEADERS = ["/usr/include/absl", "/usr/include/grpcpp",
                   "/usr/include/google/protobuf", "/usr/include/prometheus",
                   "/usr/include/c++"]
EXAMPLE_LINE = re.compile(r"^//   \S|^//    ")
USED_NAME = re.compile(
    r"(?:(?<=[.>])|(?<![\w.]))([A-Z][A-Za-z0-9_]*[a-z][A-Za-z0-9_]*)\s*(?=\(|::|<)")


def examples(path):
    """The example blocks of the header's comments before its first #."""
    blocks, current = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#"):
            break
        if EXAMPLE_LINE.match(line):
            current.append((number, line[2:]))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def problems():
    for folder in FOLDERS:
        for header in sorted((ROOT / folder).rglob("*.h")):
            for block in examples(header):
                for number, line in block:
                    for name in USED_NAME.findall(line):
                        if not declared_outside_examples(name):
                            yield (f"{header.relative_to(ROOT)}:{number}: the example "
                                   f"uses {name}, which nothing declares")


@functools.lru_cache(maxsize=None)
def words_outside_examples():
    words = set()
    for folder in FOLDERS + ("protos",):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in (".h", ".proto"):
                continue
            for line in path.read_text(encoding="utf-8").split("\n"):
                if not EXAMPLE_LINE.match(line):
                    words.update(re.findall(r"\b\w+\b", line))
    return words


@functools.lru_cache(maxsize=None)
def declared_outside_examples(name):
    if name in words_outside_examples():
        return True
    found = subprocess.run(["grep", "-rqw", "--include=*.h", name,
                            *LIBRARY_HEADERS],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return found.returncode == 0


def main(argv):
    # argv: [generated-code dir] [--root DIR: check DIR's folders instead,
    # for the self-test].
    global FOLDERS, ROOT
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--root":
        ROOT = pathlib.Path(args[1])
        FOLDERS = tuple(p.name for p in ROOT.iterdir() if p.is_dir())
        args = args[2:]
    LIBRARY_HEADERS.extend(args)
    found = list(problems())
    for line in found:
        print(line)
    if found:
        return 1
    print("every name the headers' examples use is declared")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
