#!/usr/bin/python3
"""Checks server/Dockerfile against what it builds, with no Docker engine.

There is no engine here to run `docker build`, so this proves what can be
proved without one, on the same Debian 12 the image uses:
  * the build stage's own commands, read from the Dockerfile and run as
    written on a copy of what its COPY instructions take (nothing else of the
    repository), build and strip both binaries: a Release build that fails,
    or a source the image leaves out, fails here;
  * the runtime stage's packages (scripts/packages/runtime.txt) provide every
    shared library those binaries link, and nothing they do not load;
  * the build context (server/Dockerfile.dockerignore) lets those sources in;
  * the stages are the Debian release the code is built and tested on.
The build stage's package installation is the one step not run: the same
list (scripts/packages/build.txt) is what scripts/setup installed here.

Usage: image_recipe_test.py
"""

import atexit
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


def installs_packages(command):
    return "apt-get install" in command


class BuildStage:
    """The build stage's instructions carried out in a directory standing in
    for the image's root: COPY from the repository, WORKDIR, RUN with sh."""

    def __init__(self, instructions, root):
        self.instructions = instructions
        self.root = root
        self.workdir = root
        self.log = []

    def path(self, image_path):
        if os.path.isabs(image_path):
            return os.path.join(self.root, image_path.lstrip("/"))
        return os.path.join(self.workdir, image_path)

    def copy(self, words):
        *sources, destination = [w for w in words[1:] if not w.startswith("--")]
        for source in sources:
            origin = os.path.join(REPO, source)
            target = self.path(destination)
            if destination.endswith("/") or len(sources) > 1:
                target = os.path.join(target, os.path.basename(source))
            os.makedirs(os.path.dirname(target.rstrip("/")), exist_ok=True)
            if os.path.isdir(origin):
                shutil.copytree(origin, target)
            else:
                shutil.copy(origin, target)

    def run(self):
        """Carries out every instruction; returns the failed RUN's output."""
        for line in self.instructions:
            word, _, rest = line.partition(" ")
            if word == "COPY":
                self.copy(line.split())
            elif word == "WORKDIR":
                self.workdir = self.path(rest.strip())
                os.makedirs(self.workdir, exist_ok=True)
            elif word == "RUN" and not installs_packages(rest):
                result = subprocess.run(["sh", "-ec", rest], cwd=self.workdir,
                                        capture_output=True, text=True)
                self.log.append(rest)
                if result.returncode != 0:
                    return f"RUN {rest}\n{result.stdout[-4000:]}" \
                           f"{result.stderr[-4000:]}"
        return None


_built = {}


def built_binaries():
    """The two binaries as the Dockerfile's build stage makes them (built
    once per run of this file)."""
    if not _built:
        root = tempfile.mkdtemp(prefix="trustfit-image-")
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        _, build = dockerfile_stages()[0]
        stage = BuildStage(build, root)
        _built["error"] = stage.run()
        _built["stage"] = stage
        _built["binaries"] = [
            stage.path("build/server/trustfit-server"),
            stage.path("build/client/trustfit")]
    return _built


class RuntimePackagesTest(unittest.TestCase):

    def setUp(self):
        built = built_binaries()
        if built["error"]:
            self.fail("the build stage failed:\n" + built["error"])
        self.runtime = read_packages("runtime.txt")
        self.loaded = {}
        self.needed = set()
        for binary in built["binaries"]:
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

    def test_the_build_stage_commands_build_and_strip_both_binaries(self):
        built = built_binaries()
        self.assertIsNone(built["error"])
        commands = " && ".join(built["stage"].log)
        self.assertIn("-DTRUSTFIT_BUILD_TESTS=OFF", commands)
        self.assertIn("--target trustfit-server trustfit", commands)
        for binary in built["binaries"]:
            self.assertTrue(os.access(binary, os.X_OK), binary)
            symbols = subprocess.run(["readelf", "--syms", binary],
                                     capture_output=True, text=True).stdout
            self.assertNotIn(".symtab", symbols, f"{binary} is not stripped")
            version = subprocess.run([binary, "--help"], capture_output=True,
                                     text=True)
            self.assertEqual(version.returncode, 0, version.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
