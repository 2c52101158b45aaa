#!/usr/bin/python3
"""Checks server/Dockerfile against what it builds, with no Docker engine.

There is no engine here to run `docker build`, so this proves what can be
proved without one, on the same Debian 12 the image uses:
  * the runtime stage's packages (scripts/packages/runtime.txt) provide every
    shared library the built binaries link, and nothing they do not load;
  * the build stage's sources, copied alone, configure and generate the
    build of both binaries (nothing it needs is left out of the image);
  * the build context (server/Dockerfile.dockerignore) lets those sources in;
  * the stages are the Debian release the code is built and tested on.

Usage: image_recipe_test.py SERVER_BINARY CLI_BINARY
"""

import fnmatch
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DOCKERFILE = os.path.join(REPO, "server", "Dockerfile")
BINARIES = sys.argv[1:3]


def read_packages(name):
    """The packages of scripts/packages/NAME: words, '#' starts a comment."""
    with open(os.path.join(REPO, "scripts", "packages", name)) as f:
        return {word for line in f for word in line.split("#")[0].split()}


def packages_of(library_paths):
    """{path: Debian package that installed it} for shared libraries.

    dpkg records the path a package ships, /lib or /usr/lib (the same
    directory on Debian 12), so ask for both, in one call: dpkg -S reads its
    whole database each time.
    """
    def variants(path):
        if path.startswith("/usr/lib/"):
            return [path, path[len("/usr"):]]
        if path.startswith("/lib/"):
            return [path, "/usr" + path]
        return [path]

    queries = sorted({v for path in library_paths for v in variants(path)})
    output = subprocess.run(["dpkg", "-S"] + queries, capture_output=True,
                            text=True).stdout
    owner = {}
    for line in output.splitlines():
        package, _, path = line.partition(": ")
        owner[path] = package.split(":")[0]
    return {path: next((owner[v] for v in variants(path) if v in owner), None)
            for path in library_paths}


def loaded_libraries(binary):
    """{soname: path} of every library the binary loads, directly or not."""
    output = subprocess.run(["ldd", binary], capture_output=True, text=True,
                            check=True).stdout
    libraries = {}
    for line in output.splitlines():
        match = re.match(r"\s*(\S+) => (/\S+)", line)
        if match:
            libraries[match.group(1)] = match.group(2)
    return libraries


def needed_libraries(binary):
    """Sonames the binary links directly (its ELF NEEDED entries)."""
    output = subprocess.run(["readelf", "-d", binary], capture_output=True,
                            text=True, check=True).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+)\]", output))


def dockerfile_stages():
    """[(FROM line, [instruction lines])] with continuations joined."""
    with open(DOCKERFILE) as f:
        text = re.sub(r"\\\n", " ", f.read())
    stages = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("FROM "):
            stages.append((line, []))
        elif stages:
            stages[-1][1].append(line)
    return stages


def copy_sources(instructions):
    """Sources of the COPY instructions that take from the build context."""
    sources = []
    for line in instructions:
        words = line.split()
        if words[0] != "COPY" or any(w.startswith("--from") for w in words):
            continue
        sources += [w for w in words[1:-1] if not w.startswith("--")]
    return sources


class RuntimePackagesTest(unittest.TestCase):

    def setUp(self):
        self.runtime = read_packages("runtime.txt")
        self.loaded = {}
        self.needed = set()
        for binary in BINARIES:
            self.loaded.update(loaded_libraries(binary))
            self.needed |= needed_libraries(binary)

    def test_every_directly_linked_library_comes_from_a_listed_package(self):
        missing = {}
        owners = packages_of(self.loaded.values())
        for soname in sorted(self.needed):
            self.assertIn(soname, self.loaded, f"ldd does not resolve {soname}")
            package = owners[self.loaded[soname]]
            self.assertIsNotNone(package, f"no package ships {soname}")
            if package not in self.runtime:
                missing[soname] = package
        self.assertEqual(missing, {},
                         "add these packages to scripts/packages/runtime.txt")

    def test_every_listed_package_provides_a_loaded_library(self):
        providers = set(packages_of(self.loaded.values()).values())
        self.assertEqual(self.runtime - providers, set(),
                         "these packages provide nothing the binaries load")


class DockerfileTest(unittest.TestCase):

    def setUp(self):
        self.stages = dockerfile_stages()
        self.assertEqual(len(self.stages), 2)
        (self.build_from, self.build), (self.run_from, self.run) = self.stages

    def test_stages_are_the_debian_release_the_code_is_tested_on(self):
        with open("/etc/os-release") as f:
            codename = re.search(r"^VERSION_CODENAME=(\w+)$", f.read(),
                                 re.M).group(1)
        self.assertEqual(self.build_from, f"FROM debian:{codename} AS build")
        self.assertEqual(self.run_from, f"FROM debian:{codename}-slim")

    def test_each_stage_installs_its_package_list(self):
        self.assertIn("COPY scripts/packages/build.txt /tmp/build-packages.txt",
                      self.build)
        self.assertIn(
            "COPY scripts/packages/runtime.txt /tmp/runtime-packages.txt",
            self.run)

    def test_the_server_is_pid_1_as_a_non_root_user(self):
        self.assertIn('ENTRYPOINT ["/usr/local/bin/trustfit-server"]', self.run)
        self.assertIn("STOPSIGNAL SIGTERM", self.run)
        user = [line for line in self.run if line.startswith("USER ")]
        self.assertEqual(len(user), 1)
        uid, gid = user[0].split()[1].split(":")
        self.assertGreater(int(uid), 0)
        self.assertGreater(int(gid), 0)

    def test_the_build_context_lets_every_copied_source_in(self):
        with open(DOCKERFILE + ".dockerignore") as f:
            patterns = [line.strip() for line in f
                        if line.strip() and not line.startswith("#")]

        def ignored(path):
            # Docker's rule: the last matching pattern wins; "!" re-includes.
            result = False
            for pattern in patterns:
                negated = pattern.startswith("!")
                pattern = pattern.lstrip("!")
                parts = path.split("/")
                prefixes = ["/".join(parts[:i + 1]) for i in range(len(parts))]
                if any(fnmatch.fnmatch(p, pattern) for p in prefixes):
                    result = not negated
            return result

        sources = copy_sources(self.build) + copy_sources(self.run)
        self.assertIn("server", sources)
        for source in sources:
            self.assertTrue(os.path.exists(os.path.join(REPO, source)), source)
            self.assertFalse(ignored(source), f"{source} is ignored")
        self.assertTrue(ignored("build/server/trustfit-server"))
        self.assertTrue(ignored("tests/helm/node_modules"))

    def test_the_build_stage_sources_alone_configure_both_binaries(self):
        run = [line for line in self.build if line.startswith("RUN cmake")]
        self.assertEqual(len(run), 1)
        self.assertIn("-DTRUSTFIT_BUILD_TESTS=OFF", run[0])
        self.assertIn("--target trustfit-server trustfit", run[0])
        with tempfile.TemporaryDirectory() as context:
            for source in copy_sources(self.build):
                if source.startswith("scripts/"):
                    continue  # The package list, used before the build.
                origin = os.path.join(REPO, source)
                target = os.path.join(context, source)
                if os.path.isdir(origin):
                    shutil.copytree(origin, target)
                else:
                    shutil.copy(origin, target)
            result = subprocess.run(
                ["cmake", "-S", context, "-B", os.path.join(context, "build"),
                 "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                 "-DTRUSTFIT_BUILD_TESTS=OFF"],
                capture_output=True, text=True)
            self.assertEqual(result.returncode, 0, result.stderr)
            targets = subprocess.run(
                ["ninja", "-C", os.path.join(context, "build"), "-t",
                 "targets", "all"],
                capture_output=True, text=True, check=True).stdout
            self.assertRegex(targets, r"(?m)^trustfit-server: ")
            self.assertRegex(targets, r"(?m)^trustfit: ")


if __name__ == "__main__":
    if len(BINARIES) != 2:
        sys.exit(__doc__)
    unittest.main(argv=sys.argv[:1], verbosity=2)
