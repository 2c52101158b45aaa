#!/usr/bin/env python3
"""Lists the functions in our C++ sources that are longer than a limit.

    scripts/funclen.py 80                  # production sources; exit 1 if any
    scripts/funclen.py 80 --all            # every function, longest first
    scripts/funclen.py 80 client/main.cc   # just these files

A function's length is counted from the line its signature starts on to the
line of its closing brace. Bodies are found by matching braces at namespace
and class level, after comments, string and character literals (raw strings
too) and preprocessor lines have been blanked, so a brace inside any of them
never counts. Braces that open a namespace, class, struct, union or extern
"C" block are walked into; those that open an enum or an initializer (a
table, `= {...}`) are skipped, and so are those inside parentheses or a
constructor's initializer list; any other brace at that level, after a `)`,
opens a function body, as does a lambda assigned at that level. Lambdas and
local classes inside a function count towards its length. The production
sources are every .cc under scoring/, server/ and client/ (tests/ holds the
tests).
"""

import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRODUCTION_DIRS = ("scoring", "server", "client")


def is_raw_string_start(text, quote):
    """Whether the `"` at text[quote] opens a raw string, R"delim(...)delim"."""
    prefix = re.search(r"(?:u8|[uUL])?R$", text[max(0, quote - 3):quote])
    if not prefix:
        return False
    before = quote - len(prefix.group(0)) - 1
    if before >= 0 and (text[before].isalnum() or text[before] == "_"):
        return False
    return re.match(r'"[^()\\ ]{0,16}\(', text[quote:]) is not None


def is_digit_separator(text, quote):
    """Whether the `'` at text[quote] sits inside a number, as in 1'000."""
    k = quote
    while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "'."):
        k -= 1
    return k < quote and text[k].isdigit()


def blank(text):
    """Returns text with comments, literals and preprocessor lines as spaces.

    Newlines are kept, so offsets and line numbers are those of the input.
    """
    out = list(text)
    i, n = 0, len(text)
    line_start = True

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "\n":
            line_start = True
            i += 1
            continue
        if line_start and c in " \t":
            i += 1
            continue
        if line_start and c == "#":
            # A preprocessor line, with its backslash continuations.
            j = i
            while j < n and not (text[j] == "\n" and text[j - 1] != "\\"):
                j += 1
            wipe(i, j)
            i = j
            continue
        line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            wipe(i, j)
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            wipe(i, j)
            i = j
        elif c == '"' or c == "'":
            if c == '"' and is_raw_string_start(text, i):
                m = re.match(r'"([^()\\ ]{0,16})\(', text[i:])
                end = text.find(")" + m.group(1) + '"', i + len(m.group(0)))
                j = n if end < 0 else end + len(m.group(1)) + 2
                wipe(i, j)
                i = j
                continue
            if c == "'" and is_digit_separator(text, i):
                # A digit separator (1'000'000), not a character literal.
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            wipe(i + 1, j - 1)
            i = j
        else:
            i += 1
    return "".join(out)


def strip_template_prefix(stmt):
    """Returns stmt without a leading `template <...>`."""
    m = re.match(r"\s*template\s*<", stmt)
    if not m:
        return stmt
    depth, k = 1, m.end()
    while k < len(stmt) and depth:
        depth += {"<": 1, ">": -1}.get(stmt[k], 0)
        k += 1
    return stmt[k:]


def has_top_level(stmt, pattern):
    """Whether pattern matches in stmt outside (), [] and {}."""
    depth = 0
    for k, ch in enumerate(stmt):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif depth == 0 and re.match(pattern, stmt[k:]):
            return True
    return False


def is_initializer(stmt):
    """Whether stmt (text before a `{`) starts an initialized variable."""
    s = re.sub(r"operator\s*(==|!=|<=|>=|=)", "operator", stmt)
    s = re.sub(r"[=!<>]=", "  ", s)
    return has_top_level(s, r"=")


def function_name(stmt):
    """The qualified name before the parameter list in a signature."""
    s = strip_template_prefix(stmt)
    lambda_var = re.search(r"(\w+)\s*=\s*\[", s)
    if lambda_var:
        return lambda_var.group(1)
    m = re.search(r"((?:[\w:]*operator\s*(?:\(\)|[^\s(]+)|[A-Za-z_~][\w:~]*)\s*)\(", s)
    return re.sub(r"\s+", "", m.group(1)) if m else s.strip()[:40]


def functions(text):
    """Yields (name, first_line, last_line) for each function body in text."""
    code = blank(text)
    line_of = [0] * (len(code) + 1)
    line = 1
    for k, ch in enumerate(code):
        line_of[k] = line
        if ch == "\n":
            line += 1
    line_of[len(code)] = line

    def matching(open_at):
        depth = 0
        for k in range(open_at, len(code)):
            if code[k] == "{":
                depth += 1
            elif code[k] == "}":
                depth -= 1
                if depth == 0:
                    return k
        return len(code) - 1

    i, stmt_start, n = 0, 0, len(code)
    while i < n:
        ch = code[i]
        if ch in ";}{":
            if ch == "{":
                stmt = code[stmt_start:i]
                head = strip_template_prefix(stmt).strip()
                if re.match(r"(inline\s+)?namespace\b|extern\b", head):
                    i += 1  # walk into it
                    stmt_start = i
                    continue
                if re.match(r"(typedef\s+)?(class|struct|union)\b", head) and \
                        not has_top_level(head, r"\("):
                    i += 1  # methods defined in a class are functions too
                    stmt_start = i
                    continue
                close = matching(i)
                init_list = re.search(r"\)\s*:(?!:)", stmt)
                in_parentheses = stmt.count("(") > stmt.count(")")
                if in_parentheses or (init_list and
                                      re.search(r"[\w>]\s*$", stmt)):
                    # `f({1, 2})` in a signature, or `a_{x}` in a
                    # constructor's initializer list: part of the
                    # statement, so keep reading it.
                    i = close + 1
                    continue
                is_function = ("(" in head and not is_initializer(head) and
                               not re.match(r"enum\b", head))
                lambda_var = re.search(r"=\s*\[", head)
                if is_function or lambda_var:
                    first = stmt_start + (len(stmt) - len(stmt.lstrip()))
                    yield function_name(head), line_of[first], line_of[close]
                i = close + 1
                # `struct {...} x;` and `= {...};` end at their `;`.
                stmt_start = i if is_function else stmt_start
                continue
            i += 1
            stmt_start = i
            continue
        if code.startswith(("public:", "private:", "protected:"), i) and \
                not code[stmt_start:i].strip():
            i = code.index(":", i) + 1
            stmt_start = i
            continue
        i += 1


def production_sources():
    """Every .cc file under the production folders, in a stable order."""
    found = []
    for top in PRODUCTION_DIRS:
        for dirpath, dirnames, filenames in os.walk(os.path.join(ROOT, top)):
            dirnames[:] = sorted(d for d in dirnames if d != "node_modules")
            found += [os.path.join(dirpath, f) for f in sorted(filenames)
                      if f.endswith(".cc")]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("limit", type=int, help="longest a function may be, in lines")
    parser.add_argument("files", nargs="*", help="default: the production sources")
    parser.add_argument("--all", action="store_true",
                        help="list every function, longest first, and always pass")
    args = parser.parse_intermixed_args()

    rows = []
    for path in args.files or production_sources():
        with open(path, encoding="utf-8") as f:
            text = f.read()
        rel = os.path.relpath(os.path.abspath(path), ROOT)
        for name, first, last in functions(text):
            rows.append((last - first + 1, rel, first, name))
    rows.sort(key=lambda r: (-r[0], r[1], r[2]))

    if args.all:
        for length, rel, first, name in rows:
            print(f"{length:5d}  {rel}:{first}  {name}")
        return 0

    too_long = [r for r in rows if r[0] > args.limit]
    for length, rel, first, name in too_long:
        print(f"{rel}:{first}: {name} is {length} lines, over {args.limit}")
    print(f"{len(rows)} functions, {len(too_long)} over {args.limit} lines")
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
