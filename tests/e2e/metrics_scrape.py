#!/usr/bin/python3
"""Scrapes the real server's /metrics as Prometheus would and parses it with
a real text-format parser (Debian's python3-prometheus-client).

Starts trustfit-server on loopback, scrapes before any call (the series a
dashboard needs must already be there, at 0), makes a few calls and two
policy reloads (one good, one refused), scrapes again and checks what moved.

    metrics_scrape.py SERVER_BINARY POLICY_YAML
"""

import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

import grpc
from prometheus_client.parser import text_string_to_metric_families

BINARY = None
POLICY = None
SERVICE = "trustfit.v1.TrustFitService"
# grpc_code values as go-grpc-prometheus writes them (codes.Code.String()).
CODES = ["OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded",
         "NotFound", "AlreadyExists", "PermissionDenied", "ResourceExhausted",
         "FailedPrecondition", "Aborted", "OutOfRange", "Unimplemented",
         "Internal", "Unavailable", "DataLoss", "Unauthenticated"]
# prometheus-cpp's own scrape summary: quantiles of an empty window are NaN
# (README, "Metrics"); nothing else may be.
NAN_ALLOWED = "exposer_request_latencies"


class Scrape:
    """One parsed scrape: families by name and samples by (name, labels)."""

    def __init__(self, text, content_type):
        self.text = text
        self.content_type = content_type
        self.families = {}
        self.samples = {}
        for family in text_string_to_metric_families(text):
            assert family.name not in self.families, "family twice: " + family.name
            self.families[family.name] = family
            for sample in family.samples:
                key = (sample.name, tuple(sorted(sample.labels.items())))
                assert key not in self.samples, "series twice: %s" % (key,)
                self.samples[key] = sample.value

    def value(self, name, **labels):
        return self.samples.get((name, tuple(sorted(labels.items()))))

    def series(self, name):
        return [(dict(labels), value) for (n, labels), value in self.samples.items()
                if n == name]


class MetricsScrapeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.workdir = tempfile.mkdtemp()
        cls.policy = os.path.join(cls.workdir, "policy.yaml")
        shutil.copy(POLICY, cls.policy)
        port_file = os.path.join(cls.workdir, "ports")
        cls.log = open(os.path.join(cls.workdir, "server.log"), "w")
        cls.launched = time.time()
        cls.server = subprocess.Popen(
            [BINARY, "--listen=127.0.0.1:0", "--metrics-listen=127.0.0.1:0",
             "--port-file=" + port_file, "--policy=" + cls.policy, "--policy-poll=0"],
            stdout=cls.log, stderr=cls.log)
        for _ in range(500):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.02)
        else:
            cls.server.kill()
            raise RuntimeError("server did not start")
        ports = open(port_file).read().split()
        cls.address = "127.0.0.1:" + ports[0]
        cls.metrics_port = int(ports[1])
        cls.before = cls.scrape()
        cls.make_calls()
        cls.after = cls.scrape()

    @classmethod
    def tearDownClass(cls):
        cls.server.terminate()
        cls.server.wait(timeout=30)
        cls.log.close()
        shutil.rmtree(cls.workdir, ignore_errors=True)

    @classmethod
    def scrape(cls):
        url = "http://127.0.0.1:%d/metrics" % cls.metrics_port
        with urllib.request.urlopen(url, timeout=10) as response:
            return Scrape(response.read().decode("utf-8"),
                          response.headers.get("Content-Type", ""))

    @classmethod
    def make_calls(cls):
        channel = grpc.insecure_channel(cls.address)
        raw = dict(request_serializer=lambda b: b, response_deserializer=lambda b: b)
        # An empty HealthCheckRequest: OK.
        channel.unary_unary("/grpc.health.v1.Health/Check", **raw)(b"", timeout=10)
        # Bytes that are no ScoreCandidateRequest: INVALID_ARGUMENT.
        with cls.assert_code(grpc.StatusCode.INVALID_ARGUMENT):
            channel.unary_unary("/%s/ScoreCandidate" % SERVICE, **raw)(b"\xff\xff\xff", timeout=10)
        # A method the server does not serve: UNIMPLEMENTED, counted as unknown.
        with cls.assert_code(grpc.StatusCode.UNIMPLEMENTED):
            channel.unary_unary("/%s/NoSuchMethod" % SERVICE, **raw)(b"", timeout=10)
        channel.close()
        # A reload of the same file, then of a broken one (refused).
        cls.reload_and_wait("success")
        with open(cls.policy, "w") as policy:
            policy.write("name: [unclosed\n")
        cls.reload_and_wait("failure")

    @classmethod
    def reload_and_wait(cls, result):
        cls.server.send_signal(signal.SIGHUP)
        deadline = time.time() + 10
        while time.time() < deadline:
            if cls.scrape().value("trustfit_policy_reloads_total", result=result) == 1:
                return
            time.sleep(0.05)
        raise AssertionError("no reload with result " + result)

    class assert_code:  # pylint: disable=invalid-name
        def __init__(self, code):
            self.code = code

        def __enter__(self):
            return self

        def __exit__(self, kind, error, _traceback):
            assert kind is not None and issubclass(kind, grpc.RpcError), "call succeeded"
            assert error.code() == self.code, error
            return True

    # The text itself.
    def test_content_type_is_the_text_format(self):
        # prometheus-cpp sends no "version=0.0.4"; Prometheus reads
        # text/plain as the text format all the same.
        self.assertTrue(self.before.content_type.startswith("text/plain"),
                        self.before.content_type)

    def test_promtool_finds_nothing_to_lint(self):
        # Prometheus's own parser and its naming lint (Debian's prometheus).
        for scrape in (self.before, self.after):
            checked = subprocess.run(["promtool", "check", "metrics"], input=scrape.text,
                                     capture_output=True, text=True, timeout=30)
            self.assertEqual(checked.returncode, 0, checked.stdout + checked.stderr)
            self.assertEqual(checked.stdout + checked.stderr, "")

    def test_every_family_is_typed_and_explained(self):
        # The parser makes an untyped singleton of any sample that does not
        # belong to the family declared above it.
        for scrape in (self.before, self.after):
            for name, family in scrape.families.items():
                self.assertNotEqual(family.type, "untyped", name)
                self.assertTrue(family.documentation, name)

    def test_no_value_is_nan_but_the_exposer_quantiles(self):
        for scrape in (self.before, self.after):
            for (name, labels), value in scrape.samples.items():
                if name == NAN_ALLOWED and "quantile" in dict(labels):
                    continue
                self.assertFalse(math.isnan(value), "%s%s is NaN" % (name, dict(labels)))

    def test_families_have_their_types(self):
        # trustfit_arrangement_steps_refused_total appears with the first
        # refusal: its reasons are not a closed set the metric owns.
        expected = {
            "grpc_server_started": "counter",
            "grpc_server_handled": "counter",
            "grpc_server_handling_seconds": "histogram",
            "trustfit_assessments": "counter",
            "trustfit_stream_items": "counter",
            "trustfit_quotes": "counter",
            "trustfit_policy_reloads": "counter",
            "trustfit_policy_info": "gauge",
            "trustfit_log_lines_dropped": "counter",
            "trustfit_store_commits": "counter",
            "trustfit_store_commit_seconds": "histogram",
            "trustfit_store_batch_records": "histogram",
            "trustfit_build_info": "gauge",
            "trustfit_decisions": "counter",
            "trustfit_arrangement_events": "counter",
            "process_cpu_seconds": "counter",
            "process_resident_memory_bytes": "gauge",
            "process_virtual_memory_bytes": "gauge",
            "process_open_fds": "gauge",
            "process_max_fds": "gauge",
            "process_start_time_seconds": "gauge",
        }
        for name, kind in expected.items():
            self.assertIn(name, sorted(self.after.families), name)
            self.assertEqual(self.after.families[name].type, kind, name)

    # Series that exist at 0 before anything happened.
    def test_results_and_outcomes_exist_at_zero_from_start(self):
        for name, label, values in [
                ("trustfit_policy_reloads_total", "result", ["success", "failure"]),
                ("trustfit_store_commits_total", "result", ["success", "failure"]),
                ("trustfit_stream_items_total", "outcome", ["assessed", "error"]),
                ("trustfit_assessments_total", "arrangement",
                 ["ARRANGEMENT_ASSOCIATE_INTEGRATION"]),
                ("trustfit_decisions_total", "outcome",
                 ["approved", "declined", "deferred", "withdrawn"]),
                ("trustfit_arrangement_events_total", "kind",
                 ["opened", "reviewed", "ended"])]:
            for value in values:
                self.assertEqual(self.before.value(name, **{label: value}), 0,
                                 "%s{%s=%s}" % (name, label, value))
        self.assertEqual(self.before.value("trustfit_quotes_total"), 0)
        self.assertEqual(self.before.value("trustfit_log_lines_dropped_total"), 0)

    def test_every_method_has_every_code_from_start(self):
        started = self.before.series("grpc_server_started_total")
        self.assertGreater(len(started), 10)
        handled = self.before.series("grpc_server_handled_total")
        self.assertEqual(len(handled), len(started) * len(CODES))
        for labels, _ in started:
            for code in CODES:
                self.assertEqual(self.before.value("grpc_server_handled_total",
                                                   grpc_code=code, **labels), 0,
                                 "%s %s" % (labels, code))

    def test_the_calls_are_counted_under_their_codes(self):
        score = dict(grpc_service=SERVICE, grpc_method="ScoreCandidate", grpc_type="unary")
        self.assertEqual(self.after.value("grpc_server_handled_total",
                                          grpc_code="InvalidArgument", **score), 1)
        self.assertEqual(self.after.value("grpc_server_handled_total",
                                          grpc_code="OK", **score), 0)
        unknown = dict(grpc_service="unknown", grpc_method="unknown", grpc_type="unknown")
        self.assertEqual(self.after.value("grpc_server_handled_total",
                                          grpc_code="Unimplemented", **unknown), 1)
        health = dict(grpc_service="grpc.health.v1.Health", grpc_method="Check",
                      grpc_type="unary")
        self.assertEqual(self.after.value("grpc_server_handled_total",
                                          grpc_code="OK", **health), 1)
        self.assertEqual(self.after.value("grpc_server_handling_seconds_count", **health), 1)

    def test_reloads_are_counted_by_result(self):
        self.assertEqual(self.after.value("trustfit_policy_reloads_total", result="success"), 1)
        self.assertEqual(self.after.value("trustfit_policy_reloads_total", result="failure"), 1)

    # Build and process.
    def test_build_info_names_the_version_that_version_prints(self):
        printed = subprocess.run([BINARY, "--version"], capture_output=True, text=True,
                                 check=True).stdout.split()[-1]
        (labels, value), = self.before.series("trustfit_build_info")
        self.assertEqual(value, 1)
        self.assertEqual(labels["version"], printed)
        self.assertRegex(labels["grpc_version"], r"^\d+\.\d+")

    def test_process_metrics_describe_this_process(self):
        scrape = self.after
        self.assertGreater(scrape.value("process_cpu_seconds_total"), 0)
        resident = scrape.value("process_resident_memory_bytes")
        self.assertGreater(resident, 1 << 20)
        self.assertGreater(scrape.value("process_virtual_memory_bytes"), resident)
        # The scrape's own connection comes and goes: near the count seen
        # from outside, not equal to it.
        open_fds = scrape.value("process_open_fds")
        self.assertLess(abs(open_fds - len(os.listdir("/proc/%d/fd" % self.server.pid))), 5)
        self.assertGreater(scrape.value("process_max_fds"), open_fds)
        # Boot time is whole seconds in /proc/stat.
        start_time = scrape.value("process_start_time_seconds")
        self.assertGreater(start_time, self.launched - 2)
        self.assertLess(start_time, self.launched + 10)
        self.assertGreaterEqual(scrape.value("process_cpu_seconds_total"),
                                self.before.value("process_cpu_seconds_total"))


if __name__ == "__main__":
    BINARY, POLICY = sys.argv[1], sys.argv[2]
    unittest.main(argv=sys.argv[:1], verbosity=2)
