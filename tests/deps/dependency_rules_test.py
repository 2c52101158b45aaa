#!/usr/bin/env python3
"""The layout's dependency rules, checked on every #include of our sources.

README.md ("Layout") states them: scoring/ is pure logic with no gRPC and no
knowledge of the server or the CLI; server/store/ is storage with no gRPC and
nothing of the handlers; client/ talks to the server only over the API and
never includes server code. tests/CMakeLists.txt checks the same for what the
libraries link.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', re.M)

# Folder -> include prefixes it may never use, with why.
RULES = {
    "scoring": [("grpcpp/", "scoring is pure: no gRPC"),
                ("grpc/", "scoring is pure: no gRPC"),
                ("server/", "scoring knows nothing of the server"),
                ("client/", "scoring knows nothing of the CLI"),
                ("scoring/io/", "scoring is pure: no I/O (scoring/io is the "
                                "server's and the CLI's reader)"),
                ("fstream", "scoring is pure: no I/O")],
    "server/store": [("grpcpp/", "the store links no gRPC"),
                     ("grpc/", "the store links no gRPC"),
                     ("server/service/", "the store knows nothing of handlers"),
                     ("server/ops/", "the store knows nothing of operations"),
                     ("server/auth/", "the store knows nothing of callers")],
    "client": [("server/", "the CLI talks to the server over the API only")],
}


def violations():
    for folder, banned in RULES.items():
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix not in (".h", ".cc", ".in"):
                continue
            if folder == "scoring" and "io" in path.relative_to(ROOT / folder).parts[:1]:
                continue  # The reader itself: a library of its own.
            text = path.read_text(encoding="utf-8")
            for header in INCLUDE.findall(text):
                for prefix, why in banned:
                    if header.startswith(prefix):
                        yield f"{path.relative_to(ROOT)} includes {header}: {why}"


def main():
    found = list(violations())
    for line in found:
        print(line)
    if found:
        return 1
    print(f"dependency rules hold for {', '.join(RULES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
