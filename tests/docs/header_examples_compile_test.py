#!/usr/bin/env python3
"""The usage examples in our headers compile.

A header's opening comment teaches by example, indented four columns after
an empty comment line (header_examples_test.py checks the names it cites):

    //
    //   std::optional<double> overall = OverallScore({{25, 80.0}});

Names alone miss a wrong argument list or a changed return type, so each
header with examples has a context beside the tests,
tests/docs/examples/<header path>.cc: a small C++ file that includes the
header, declares what the examples take as given, and marks where each
example block goes:

    // EXAMPLE 1          the header's first block is compiled here
    // TEXT 2: a shell command, not C++

Blocks are numbered from 1 in the order the header shows them. Every block
is either compiled (EXAMPLE) or said not to be C++ (TEXT, with why); the
check fails for a block that is neither, a context without a header, and a
header with examples but no context. The compiler's errors point at the
header's own lines (#line), so a failure reads like a compile error in the
comment itself.

    header_examples_compile_test.py ROOT COMPILE_COMMANDS [--only PREFIX]

ROOT holds the headers and tests/docs/examples/ (the repository, or a
testdata tree); COMPILE_COMMANDS is the build's compile_commands.json, from
which each header borrows the flags of a source file in its own folder. The
build must be of this repository: another checkout's flags would include
that checkout's headers, and the check would pass or fail on code that is
not the code under test. --only (repeatable) checks the headers whose path
starts with PREFIX.
"""
import argparse
import concurrent.futures
import json
import os
import pathlib
import re
import shlex
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parents[2]
FOLDERS = ("scoring", "server", "client")
CONTEXTS = pathlib.Path("tests/docs/examples")
EXAMPLE_LINE = re.compile(r"^//   \S|^//    ")
MARKER = re.compile(r"^\s*// (EXAMPLE|TEXT) (\d+)(?::\s*(.*))?$")


def example_blocks(header):
    """(first line number, lines) of each block in the opening comment."""
    blocks, current, previous = [], None, ""
    for number, line in enumerate(header.read_text(encoding="utf-8").split("\n"), 1):
        if line.startswith("#"):
            break
        if EXAMPLE_LINE.match(line):
            if current is None and previous == "//":
                current = (number, [])
                blocks.append(current)
            if current is not None:
                current[1].append(line[2:])
        else:
            current = None
        previous = line
    return blocks


def _selected(header, only):
    return not only or any(header.startswith(prefix) for prefix in only)


def headers_with_examples(root, only):
    for folder in FOLDERS:
        for header in sorted((root / folder).rglob("*.h")):
            relative = header.relative_to(root).as_posix()
            if _selected(relative, only) and example_blocks(header):
                yield relative


def load_compile_commands(path):
    try:
        entries = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        sys.exit(f"cannot read the compile commands {path}: {error}; configure "
                 "a build (cmake -S . -B build) and pass its "
                 "compile_commands.json")
    by_file = {}
    for entry in entries:
        file = pathlib.Path(entry["directory"], entry["file"]).resolve()
        by_file[file] = entry
    if not any(REPO in file.parents for file in by_file):
        sys.exit(f"{path} is the build of another checkout, not of {REPO}: "
                 "its flags would compile that checkout's headers. Build "
                 "this one (cmake -S . -B build) and pass its "
                 "compile_commands.json.")
    return by_file


def flags_for(header, by_file):
    """The compile command of the header's own source, or else of the first
    source in its folder (the same library's flags in our layout, where a
    folder is one library)."""
    folder = REPO / pathlib.Path(header).parent
    own = folder / (pathlib.Path(header).stem + ".cc")
    candidates = [own] + sorted(f for f in by_file if f.parent == folder)
    for file in candidates:
        entry = by_file.get(file)
        if entry is not None:
            return entry
    return None


def compiler_argv(entry, source, root):
    """The entry's command, made to check `source` for syntax only."""
    argv = (entry["arguments"] if "arguments" in entry
            else shlex.split(entry["command"]))
    source_of_entry = str(pathlib.Path(entry["directory"], entry["file"]).resolve())
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
            continue
        if arg in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if arg in ("-c", "-MD", "-MMD"):
            continue
        if not arg.startswith("-") and str(
                pathlib.Path(entry["directory"], arg).resolve()) == source_of_entry:
            continue  # The entry's own source, wherever it stands.
        kept.append(arg)
    # The launcher (ccache) would only slow a syntax check down.
    if kept and os.path.basename(kept[0]) == "ccache":
        kept = kept[1:]
    return kept[:1] + [f"-I{root}"] + kept[1:] + ["-fsyntax-only", str(source)]


def expand(root, header, context_path):
    """The context with each EXAMPLE marker replaced by its block, or problems."""
    blocks = example_blocks(root / header)
    context = context_path.relative_to(root).as_posix()
    out, used, problems = [f'#line 1 "{context}"'], set(), []
    for number, line in enumerate(
            context_path.read_text(encoding="utf-8").split("\n"), 1):
        marker = MARKER.match(line)
        if not marker:
            out.append(line)
            continue
        kind, index = marker.group(1), int(marker.group(2))
        if not 1 <= index <= len(blocks):
            problems.append(f"{context}:{number}: {kind} {index}, but {header} "
                            f"has {len(blocks)} example block(s)")
            continue
        if index in used:
            problems.append(f"{context}:{number}: block {index} is marked twice")
        used.add(index)
        if kind == "TEXT":
            if not marker.group(3):
                problems.append(f"{context}:{number}: TEXT {index} needs a "
                                "reason: `// TEXT N: why it is not C++`")
            out.append("")
            continue
        first, lines = blocks[index - 1]
        out.append(f'#line {first} "{header}"')
        out.extend(lines)
        out.append(f'#line {number + 1} "{context}"')
    for index in range(1, len(blocks) + 1):
        if index not in used:
            problems.append(f"{header}:{blocks[index - 1][0]}: example block "
                            f"{index} is in no EXAMPLE or TEXT marker of {context}")
    return "\n".join(out), problems


def check(root, header, by_file):
    """The problems of one header's examples, as printable lines."""
    context_path = root / CONTEXTS / (header + ".cc")
    if not context_path.exists():
        return [f"{header}: has example blocks but no context "
                f"{CONTEXTS / (header + '.cc')} to compile them in"]
    source_text, problems = expand(root, header, context_path)
    if problems:
        return problems
    entry = flags_for(header, by_file)
    if entry is None:
        return [f"{header}: no source in {pathlib.Path(header).parent} is in "
                "the compile commands, so there are no flags to compile with"]
    with tempfile.NamedTemporaryFile("w", suffix=".cc", encoding="utf-8") as source:
        source.write(source_text)
        source.flush()
        result = subprocess.run(compiler_argv(entry, source.name, root),
                                cwd=entry["directory"], capture_output=True,
                                text=True)
    if result.returncode == 0:
        return []
    return [f"{header}: its examples do not compile:\n{result.stderr.rstrip()}"]


def orphan_contexts(root, only):
    """Contexts whose header is gone or has no examples left."""
    base = root / CONTEXTS
    if not base.exists():
        return
    for context in sorted(base.rglob("*.h.cc")):
        header = context.relative_to(base).as_posix()[:-len(".cc")]
        if not _selected(header, only):
            continue
        if not (root / header).exists() or not example_blocks(root / header):
            yield (f"{CONTEXTS / (header + '.cc')}: {header} has no example "
                   "blocks (or no longer exists): remove the context")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=pathlib.Path)
    parser.add_argument("compile_commands")
    parser.add_argument("--only", action="append", default=[],
                        help="check headers whose path starts with this "
                        "(repeatable)")
    args = parser.parse_args()
    root = args.root.resolve()
    by_file = load_compile_commands(args.compile_commands)
    headers = list(headers_with_examples(root, args.only))
    problems = list(orphan_contexts(root, args.only))
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        for found in pool.map(lambda h: check(root, h, by_file), headers):
            problems.extend(found)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in the examples of "
              f"{len(headers)} header(s)")
        return 1
    print(f"the examples of {len(headers)} headers compile")
    return 0


if __name__ == "__main__":
    sys.exit(main())
