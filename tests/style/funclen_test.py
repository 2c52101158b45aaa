#!/usr/bin/env python3
"""scripts/funclen.py finds function bodies, and only those, and measures them."""
import importlib.util
import pathlib
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("funclen",
                                               ROOT / "scripts" / "funclen.py")
funclen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(funclen)


def measure(source):
    """{name: (first line, last line)} of each function found in source."""
    return {name: (first, last) for name, first, last in funclen.functions(source)}


class FunctionsTest(unittest.TestCase):

    def test_counts_from_the_signature_to_the_closing_brace(self):
        self.assertEqual(
            measure("namespace a {\n"
                    "int Add(int x,\n"
                    "        int y) {\n"
                    "  return x + y;\n"
                    "}\n"
                    "}  // namespace a\n"),
            {"Add": (2, 5)})

    def test_braces_in_literals_and_comments_do_not_count(self):
        self.assertEqual(
            measure('void F() {\n'
                    '  const char* s = "}";  // }\n'
                    "  char c = '{';\n"
                    '  /* } */ const char* r = R"x(})x";\n'
                    "  int n = 1'000;\n"
                    "}\n"
                    "void G() {}\n"),
            {"F": (1, 6), "G": (7, 7)})

    def test_methods_in_classes_and_anonymous_namespaces(self):
        self.assertEqual(
            measure("namespace {\n"
                    "class A : public B {\n"
                    " public:\n"
                    "  A(int x) : x_{x}, y_(x) {\n"
                    "    Init();\n"
                    "  }\n"
                    "  int Get() const { return x_; }\n"
                    " private:\n"
                    "  int x_;\n"
                    "};\n"
                    "}  // namespace\n"
                    "int A::Twice() const { return 2 * x_; }\n"
                    "A::A() : h_(Make().Add({}, Buckets{1, 2})),\n"
                    "         k_{3} {\n"
                    "  Init();\n"
                    "}\n"),
            {"A": (4, 6), "Get": (7, 7), "A::Twice": (12, 12),
             "A::A": (13, 16)})

    def test_tables_enums_and_preprocessor_lines_are_not_functions(self):
        self.assertEqual(
            measure("#define OPEN {\n"
                    "enum class E { kA, kB };\n"
                    "const std::vector<Row> kRows = {{1, f(2)}, {3, 4}};\n"
                    "struct P { int x; } p{1};\n"
                    "bool operator==(const P& a, const P& b) {\n"
                    "  return a.x == b.x;\n"
                    "}\n"),
            {"operator==": (5, 7)})

    def test_a_lambda_at_namespace_level_is_a_function(self):
        self.assertEqual(
            measure("const auto kTwice = [](int x) {\n"
                    "  return 2 * x;\n"
                    "};\n"),
            {"kTwice": (1, 3)})


if __name__ == "__main__":
    unittest.main()
