// Tests of the Helm chart in helm/trustfit, with a real Helm 3: lint, render
// with the default values and the value sets in values/, and check what is
// rendered: the Kubernetes API schemas, the restricted Pod Security
// Standard, probes, shutdown timing, checksums, store rules, that the
// rendered server.toml and policy start the real server, and that bad values
// are refused. Run by ctest (see tests/CMakeLists.txt), or by hand:
//
//   cd tests/helm && node --test
//
// HELM, TRUSTFIT_SERVER_BINARY and TRUSTFIT_CLI_BINARY name the programs;
// the defaults are scripts/setup's Helm and the build/ tree.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";

import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../..");
const chart = path.join(repo, "helm/trustfit");
const HELM = process.env.HELM || path.join(here, "node_modules/.bin/helm");
const SERVER =
  process.env.TRUSTFIT_SERVER_BINARY ||
  path.join(repo, "build/server/trustfit-server");
const CLI =
  process.env.TRUSTFIT_CLI_BINARY || path.join(repo, "build/client/trustfit");
// Prometheus's promtool (Debian's prometheus package) checks and unit-tests
// the PrometheusRule's alerts.
const PROMTOOL = process.env.PROMTOOL || "/usr/bin/promtool";
const valueSet = (name) => path.join(here, "values", name);
const defaultPolicy = path.join(repo, "scoring/default_policy.yaml");

if (!fs.existsSync(HELM)) {
  throw new Error(`no Helm at ${HELM}: run scripts/setup`);
}

function runHelm(args) {
  return spawnSync(HELM, args, { encoding: "utf8" });
}

// The chart refuses its placeholder image (registry.example.org), so every
// rendering here names one elsewhere unless a test says otherwise.
const image = ["--set", "image.repository=registry.trust.example/trustfit/trustfit-server"];

// Renders the chart as release "rel" in namespace "schools" and returns its
// objects, with helpers to find them.
function render(args = []) {
  const result = runHelm([
    "template", "rel", chart, "--namespace", "schools", ...image, ...args,
  ]);
  assert.equal(result.status, 0, `helm template ${args.join(" ")}:\n${result.stderr}`);
  // YAML 1.1, as Helm and the API server read manifests (0440 is octal).
  const objects = YAML.parseAllDocuments(result.stdout, { version: "1.1" })
    .map((doc) => doc.toJSON())
    .filter((o) => o !== null);
  const all = (kind) => objects.filter((o) => o.kind === kind);
  const one = (kind, name) => {
    const found = all(kind).filter((o) => !name || o.metadata.name === name);
    assert.equal(found.length, 1, `expected one ${kind} ${name || ""}, got ${found.length}`);
    return found[0];
  };
  return { objects, all, one, text: result.stdout };
}

// Renders and expects Helm to refuse, returning its message. `withImage`
// false leaves the placeholder image in place.
function refused(args, withImage = true) {
  const result = runHelm(["template", "rel", chart, ...(withImage ? image : []), ...args]);
  assert.notEqual(result.status, 0, `helm accepted ${args.join(" ")}`);
  return result.stderr;
}

const serverContainer = (deployment) =>
  deployment.spec.template.spec.containers.find((c) => c.name === "server");

function serverToml(rendered) {
  return rendered.one("ConfigMap").data["server.toml"];
}

// The value of `key` in the chart's flat server.toml.
function tomlValue(toml, key) {
  const line = toml.split("\n").find((l) => l.startsWith(`${key} = `));
  if (!line) return undefined;
  return JSON.parse(line.slice(key.length + 3));
}

const durationSeconds = (text) => {
  const m = /^(\d+)s$/.exec(text);
  assert.ok(m, `not whole seconds: ${text}`);
  return Number(m[1]);
};

// Every way a pod spec breaks the restricted Pod Security Standard
// (https://kubernetes.io/docs/concepts/security/pod-security-standards/,
// v1.27), as the admission controller would see it.
export function restrictedViolations(spec) {
  const problems = [];
  const pod = spec.securityContext || {};
  for (const field of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (spec[field]) problems.push(`${field} is set`);
  }
  const allowedVolumes = new Set([
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
    "persistentVolumeClaim", "projected", "secret",
  ]);
  for (const volume of spec.volumes || []) {
    const types = Object.keys(volume).filter((k) => k !== "name");
    for (const type of types) {
      if (!allowedVolumes.has(type)) problems.push(`volume ${volume.name} is ${type}`);
    }
  }
  const podSeccomp = pod.seccompProfile && pod.seccompProfile.type;
  if (podSeccomp && !["RuntimeDefault", "Localhost"].includes(podSeccomp)) {
    problems.push(`pod seccomp ${podSeccomp}`);
  }
  if (pod.runAsUser === 0) problems.push("pod runAsUser 0");
  if (pod.sysctls && pod.sysctls.length) problems.push("pod sets sysctls");
  const containers = [
    ...(spec.initContainers || []), ...(spec.containers || []),
    ...(spec.ephemeralContainers || []),
  ];
  for (const c of containers) {
    const sc = c.securityContext || {};
    const where = `container ${c.name}`;
    if (sc.privileged) problems.push(`${where} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) {
      problems.push(`${where} does not set allowPrivilegeEscalation: false`);
    }
    const drop = (sc.capabilities && sc.capabilities.drop) || [];
    if (!drop.includes("ALL")) problems.push(`${where} does not drop ALL capabilities`);
    const add = (sc.capabilities && sc.capabilities.add) || [];
    for (const cap of add) {
      if (cap !== "NET_BIND_SERVICE") problems.push(`${where} adds ${cap}`);
    }
    if (!(sc.runAsNonRoot === true || (pod.runAsNonRoot === true && sc.runAsNonRoot !== false))) {
      problems.push(`${where} may run as root (runAsNonRoot)`);
    }
    if (sc.runAsUser === 0) problems.push(`${where} runAsUser 0`);
    const seccomp = (sc.seccompProfile && sc.seccompProfile.type) || podSeccomp;
    if (!["RuntimeDefault", "Localhost"].includes(seccomp)) {
      problems.push(`${where} has no RuntimeDefault or Localhost seccomp profile`);
    }
    for (const port of c.ports || []) {
      if (port.hostPort) problems.push(`${where} uses hostPort ${port.hostPort}`);
    }
    if (sc.procMount && sc.procMount !== "Default") problems.push(`${where} procMount`);
  }
  return problems;
}

// Beyond restricted: what the chart promises on top of it.
function hardeningProblems(spec) {
  const problems = [];
  if (spec.automountServiceAccountToken !== false) {
    problems.push("the service-account token is mounted");
  }
  for (const c of spec.containers) {
    if (!(c.securityContext && c.securityContext.readOnlyRootFilesystem)) {
      problems.push(`container ${c.name} has a writable root filesystem`);
    }
    if (!(c.resources && c.resources.limits && c.resources.limits.memory)) {
      problems.push(`container ${c.name} has no memory limit`);
    }
  }
  return problems;
}

// The pod specs of everything rendered that runs pods.
function podSpecs(rendered) {
  return [
    ...rendered.all("Deployment").map((d) => [d.metadata.name, d.spec.template.spec]),
    ...rendered.all("Pod").map((p) => [p.metadata.name, p.spec]),
  ];
}

// The schemas of the custom resources the chart can make, by API group
// (tests/helm/package.json pins each).
const crdModels = {
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

// Validates one object against the Kubernetes 1.27 API schema of its kind,
// or its custom resource definition's.
async function validateAgainstApi(object) {
  const group = object.apiVersion.includes("/") ? object.apiVersion.split("/")[0] : "";
  const models = crdModels[group] || "kubernetes-models";
  const module = await import(`${models}/${object.apiVersion}`);
  const Model = module[object.kind];
  assert.ok(Model, `no schema for ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

const inlinePolicy = ["--set-file", `policy.content=${defaultPolicy}`];
const configurations = {
  "default values": [],
  "PostgreSQL, 3 replicas, HPA": ["-f", valueSet("postgresql-ha.yaml"), ...inlinePolicy],
  "existing ConfigMap": ["-f", valueSet("existing-configmap.yaml")],
  "metrics off": ["-f", valueSet("metrics-off.yaml")],
  "SQLite in an emptyDir": ["-f", valueSet("sqlite-ephemeral.yaml"), ...inlinePolicy],
  "sidecars and extra volumes": ["-f", valueSet("extras.yaml")],
  "an Ingress": ["-f", valueSet("ingress.yaml")],
  "a GRPCRoute": ["-f", valueSet("grpcroute.yaml")],
  "a PrometheusRule": ["-f", valueSet("prometheusrule.yaml")],
  "TLS from cert-manager, mutual TLS": ["-f", valueSet("tls-mtls.yaml")],
  "bearer tokens": ["-f", valueSet("auth-tokens.yaml")],
  "JWTs from a JWKS": ["-f", valueSet("auth-jwt.yaml")],
  "a NetworkPolicy": ["-f", valueSet("networkpolicy.yaml")],
  "everything at once": ["tls-mtls", "auth-jwt", "networkpolicy", "prometheusrule", "ingress",
    "grpcroute", "auth-tokens"].flatMap((name) => ["-f", valueSet(`${name}.yaml`)]),
};

describe("every configuration", () => {
  for (const [name, args] of Object.entries(configurations)) {
    test(`${name}: helm lint --strict is clean`, () => {
      const result = runHelm(["lint", "--strict", chart, ...image, ...args]);
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
    });

    test(`${name}: every object is valid against the Kubernetes API`, async () => {
      const rendered = render(args);
      for (const object of rendered.objects) {
        await validateAgainstApi(object);
        assert.equal(object.metadata.labels["app.kubernetes.io/instance"], "rel");
      }
    });

    test(`${name}: every pod would pass restricted Pod Security admission`, () => {
      const rendered = render(args);
      const specs = podSpecs(rendered);
      assert.ok(specs.length >= 1);
      for (const [podName, spec] of specs) {
        assert.deepEqual(restrictedViolations(spec), [], podName);
        assert.deepEqual(hardeningProblems(spec), [], podName);
      }
    });

    test(`${name}: gRPC probes on the numeric port the server listens on`, () => {
      const rendered = render(args);
      const container = serverContainer(rendered.one("Deployment"));
      const toml = serverToml(rendered);
      const listenPort = (key) => Number(tomlValue(toml, key).split(":").pop());
      assert.deepEqual(
        container.ports.find((p) => p.name === "grpc").containerPort, listenPort("listen"));
      // The kubelet cannot speak TLS: with TLS on, the probes ask the
      // plaintext health-only listener.
      const tls = tomlValue(toml, "tls-cert") !== undefined;
      const port = listenPort(tls ? "health-listen" : "listen");
      assert.equal(container.ports.some((p) => p.name === "health"), tls);
      if (tls) {
        assert.equal(container.ports.find((p) => p.name === "health").containerPort, port);
        for (const service of rendered.all("Service")) {
          assert.ok(!service.spec.ports.some((p) => p.targetPort === "health" || p.port === port),
            `${service.metadata.name} exposes the health port`);
        }
      }
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        assert.equal(container[probe].grpc.port, port, probe);
        assert.equal(typeof container[probe].grpc.port, "number", probe);
        assert.ok(container[probe].timeoutSeconds >= 1, `${probe} has a timeout`);
      }
    });

    test(`${name}: readiness asks for the API, liveness is slower to give up`, () => {
      const container = serverContainer(render(args).one("Deployment"));
      const { readinessProbe: ready, livenessProbe: live } = container;
      assert.equal(ready.grpc.service, "trustfit.v1.TrustFitService");
      assert.equal(live.grpc.service, undefined, "liveness asks for the server as a whole");
      assert.ok(live.timeoutSeconds > ready.timeoutSeconds);
      assert.ok(live.periodSeconds * live.failureThreshold >
        2 * ready.periodSeconds * ready.failureThreshold,
      "a pod leaves the endpoints well before liveness restarts it");
    });

    test(`${name}: pods outlive the server's drain and grace`, () => {
      const rendered = render(args);
      const toml = serverToml(rendered);
      const needed = durationSeconds(tomlValue(toml, "drain-delay")) +
        durationSeconds(tomlValue(toml, "shutdown-grace"));
      const spec = rendered.one("Deployment").spec.template.spec;
      assert.ok(spec.terminationGracePeriodSeconds > needed,
        `${spec.terminationGracePeriodSeconds} <= ${needed}`);
    });

    test(`${name}: the Services, PDB and HPA select the server pods, not the test pod`, () => {
      const rendered = render(args);
      const deployment = rendered.one("Deployment");
      const podLabels = deployment.spec.template.metadata.labels;
      // The helm test pod: the one in this rendering, else the default one.
      const testPodLabels = (rendered.all("Pod")[0] || render().one("Pod")).metadata.labels;
      const matches = (selector, labels) =>
        Object.entries(selector).every(([k, v]) => labels[k] === v);
      const selects = (selector) =>
        matches(selector, podLabels) && !matches(selector, testPodLabels);
      assert.equal(podLabels["app.kubernetes.io/component"], "server");
      assert.ok(selects(deployment.spec.selector.matchLabels));
      for (const service of rendered.all("Service")) {
        assert.ok(selects(service.spec.selector), service.metadata.name);
        assert.equal(service.spec.ports[0].targetPort, "grpc");
      }
      for (const pdb of rendered.all("PodDisruptionBudget")) {
        assert.ok(selects(pdb.spec.selector.matchLabels), "PodDisruptionBudget");
      }
      for (const monitor of rendered.all("ServiceMonitor")) {
        const services = rendered.all("Service").filter((s) =>
          matches(monitor.spec.selector.matchLabels, s.metadata.labels));
        assert.equal(services.length, rendered.all("Service").length, "ServiceMonitor");
      }
      for (const hpa of rendered.all("HorizontalPodAutoscaler")) {
        assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
        assert.equal(hpa.spec.scaleTargetRef.kind, "Deployment");
      }
    });

    test(`${name}: the rendered server.toml and policy start the real server`, async (t) => {
      await startRenderedServer(render(args), t);
    });
  }
});

// Polls `ready` every 100 ms for up to 10 s (a slow, sanitized server).
async function waitFor(ready) {
  for (let i = 0; i < 100 && !ready(); ++i) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The long options trustfit-server and trustfit know (their --help). A
// rendering whose server.toml uses an option the server does not have yet
// (the access-control options of #15) is skipped, saying which, and runs
// once the server has it.
const optionsOf = (binary, args) => new Set([...spawnSync(binary, args, { encoding: "utf8" })
  .stdout.matchAll(/--([a-z][a-z0-9-]+)/g)].map((m) => m[1]));
const serverOptions = optionsOf(SERVER, ["--help"]);
const cliHealthOptions = new Set([...optionsOf(CLI, ["--help"]), ...optionsOf(CLI, ["health", "--help"])]);

// The keys of the chart's flat server.toml.
const tomlKeys = (toml) =>
  toml.split("\n").filter((l) => /^[a-z]/.test(l)).map((l) => l.split(" = ")[0]);

// A throwaway PKI in `dir`, made with openssl: ca.crt, server.crt/.key
// (localhost and 127.0.0.1) and client.crt/.key.
export function makeTestPki(dir) {
  const openssl = (...args) => {
    const result = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
    assert.equal(result.status, 0, `openssl ${args.join(" ")}:\n${result.stderr}`);
  };
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  openssl("req", "-x509", ...key, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
    "-subj", "/CN=TrustFit chart test CA");
  for (const [name, extensions] of [
    ["server", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n"],
    ["client", "subjectAltName=URI:spiffe://trust.example/chart-test\nextendedKeyUsage=clientAuth\n"],
  ]) {
    openssl("req", ...key, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`);
    fs.writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl("x509", "-req", "-in", `${name}.csr`, "-CA", "ca.crt", "-CAkey", "ca.key",
      "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.crt`);
  }
}

// The files the chart mounts under /etc/trustfit, made in `dir` for a local
// server: each chart path to a local one.
function mountedFiles(dir) {
  makeTestPki(dir);
  const { publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "P-256" });
  const { publicKey: rsaKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
  const write = (name, text) => { fs.writeFileSync(path.join(dir, name), text); return path.join(dir, name); };
  const token = "chart-test-token";
  const files = {
    "/etc/trustfit/tls/tls.crt": path.join(dir, "server.crt"),
    "/etc/trustfit/tls/tls.key": path.join(dir, "server.key"),
    "/etc/trustfit/client-ca/ca.crt": path.join(dir, "ca.crt"),
    "/etc/trustfit/test-tls/ca.crt": path.join(dir, "ca.crt"),
    "/etc/trustfit/test-tls/tls.crt": path.join(dir, "client.crt"),
    "/etc/trustfit/test-tls/tls.key": path.join(dir, "client.key"),
    "/etc/trustfit/auth/tokens": write("tokens",
      `sha256:${crypto.createHash("sha256").update(token).digest("hex")} chart-test viewer\n`),
    // An EC and an RSA key, so that every algorithm list has a key (the
    // server refuses to start with keys none of its algorithms can use).
    "/etc/trustfit/auth/jwks.json": write("jwks.json", JSON.stringify({
      keys: [{ ...publicKey.export({ format: "jwk" }), kid: "chart-test", alg: "ES256", use: "sig" },
        { ...rsaKey.export({ format: "jwk" }), kid: "chart-test-rsa", alg: "RS256", use: "sig" }],
    })),
    "/etc/trustfit/auth/jwt-public-key.pem": write("public.pem", publicKey.export({ type: "spki", format: "pem" })),
    "/etc/trustfit/auth/mtls-clients": write("mtls-clients", "mtls * viewer\n"),
  };
  return (chartPath) => {
    assert.ok(files[chartPath], `no local file for ${chartPath}`);
    return files[chartPath];
  };
}

// A free TCP port on loopback.
async function freePort() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Runs trustfit-server on the rendered ConfigMap's server.toml (and policy),
// with the Deployment's literal environment, with the addresses and files of
// the cluster replaced by local ones; then the helm test pod's command and
// each probe's question against it, then SIGTERM. Skips (through `t`) a
// rendering that uses options the server does not have yet.
async function startRenderedServer(rendered, t) {
  const configMap = rendered.one("ConfigMap");
  let toml = configMap.data["server.toml"];
  const unknown = tomlKeys(toml).filter((key) => !serverOptions.has(key));
  if (unknown.length) {
    t.skip(`waits for trustfit-server to accept ${unknown.map((k) => `--${k}`).join(", ")} ` +
      "(#15), which this rendering's server.toml uses");
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-chart-"));
  try {
    const local = mountedFiles(dir);
    const policyPath = tomlValue(toml, "policy");
    if (policyPath !== undefined) {
      assert.equal(policyPath, "/etc/trustfit/policy/policy.yaml");
      // An existing ConfigMap's policy is not in the chart: use the default.
      const policy = configMap.data["policy.yaml"] ??
        fs.readFileSync(defaultPolicy, "utf8");
      fs.writeFileSync(path.join(dir, "policy.yaml"), policy);
      toml = toml.replace(policyPath, path.join(dir, "policy.yaml"));
    }
    // PostgreSQL is not here: the store's URI file goes, --store=none below.
    toml = toml.replace(/^store-file = .*\n/m, "");
    for (const key of tomlKeys(toml)) {
      const value = tomlValue(toml, key);
      if (typeof value === "string" && value.startsWith("/etc/trustfit/") && key !== "policy") {
        toml = toml.replace(`${key} = "${value}"`, `${key} = "${local(value)}"`);
      }
    }
    // An audit log file is on a volume of the user's: here, one in `dir`.
    const auditLog = tomlValue(toml, "audit-log");
    if (auditLog !== undefined && auditLog.startsWith("/")) {
      toml = toml.replace(`audit-log = "${auditLog}"`, `audit-log = "${path.join(dir, "audit.log")}"`);
    }
    const healthListen = tomlValue(toml, "health-listen");
    const healthPort = healthListen && await freePort();
    if (healthListen) {
      toml = toml.replace(`health-listen = "${healthListen}"`, `health-listen = "127.0.0.1:${healthPort}"`);
    }
    fs.writeFileSync(path.join(dir, "server.toml"), toml);
    const args = [
      `--config=${path.join(dir, "server.toml")}`, "--listen=127.0.0.1:0",
      `--port-file=${path.join(dir, "ports")}`, "--drain-delay=0",
    ];
    if (tomlValue(toml, "metrics-listen") !== "off") {
      args.push("--metrics-listen=127.0.0.1:0");
    }
    const store = tomlValue(toml, "store");
    if (store === undefined || store.startsWith("sqlite:")) {
      // PostgreSQL's URI comes from a Secret; SQLite's path is the volume's.
      args.push(store === undefined ? "--store=none" : `--store=sqlite://${dir}/records.db`);
    }
    const container = serverContainer(rendered.one("Deployment"));
    const env = { ...process.env };
    for (const e of container.env || []) {
      if (e.value !== undefined) env[e.name] = e.value;
    }
    const server = spawn(SERVER, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    server.stderr.on("data", (chunk) => { log += chunk; });
    const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
    let tlsUnchecked = "";
    try {
      // The port file appears (empty first) when the server listens, and the
      // log line naming the policy only after it: wait for each.
      const portFile = path.join(dir, "ports");
      const ports = () =>
        fs.existsSync(portFile) ? fs.readFileSync(portFile, "utf8") : "";
      await waitFor(() => ports().endsWith("\n"));
      assert.ok(ports().endsWith("\n"), `the server did not start:\n${log}`);
      const grpcPort = ports().split(" ")[0];
      if (policyPath !== undefined) {
        await waitFor(() => /trustfit-default/.test(log));
        assert.match(log, /trustfit-default/);
      }
      const cli = (args) => spawnSync(CLI, args, { encoding: "utf8" });

      // The helm test pod's own command, pointed at this server, with its
      // mounted files made here.
      const testPods = rendered.all("Pod");
      const command = testPods.length
        ? testPods[0].spec.containers[0].command
        : ["trustfit", "--server=x", "health"];
      const testArgs = command.slice(1).map((arg) => {
        if (arg.startsWith("--server=")) return `--server=127.0.0.1:${grpcPort}`;
        const file = /^(--[a-z-]+=)(\/etc\/trustfit\/.*)$/.exec(arg);
        return file ? file[1] + local(file[2]) : arg;
      });
      const missing = testArgs.filter((a) => a.startsWith("--"))
        .map((a) => /^--([a-z-]+)/.exec(a)[1]).filter((o) => !cliHealthOptions.has(o));
      if (missing.length) {
        tlsUnchecked = `the helm test pod's ${missing.map((o) => `--${o}`).join(", ")} ` +
          "wait for the CLI's TLS options (#15)";
      } else {
        const health = cli(testArgs);
        assert.equal(health.status, 0, health.stdout + health.stderr);
        assert.match(health.stdout, /SERVING/);
      }

      // Each probe's service, as the kubelet will ask for it: plaintext, on
      // the probe's port.
      const probePort = healthListen ? healthPort : grpcPort;
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        const service = container[probe].grpc.service || "";
        const answer = cli([`--server=127.0.0.1:${probePort}`, "--deadline=5s",
          "--output=json", "health", ...(service ? [`--service=${service}`] : [])]);
        assert.equal(answer.status, 0, `${probe} (${service}): ${answer.stdout}${answer.stderr}`);
        assert.match(answer.stdout, /"SERVING"/, probe);
      }
      if (tomlValue(toml, "tls-cert")) {
        // The gRPC port itself refuses plaintext.
        const plain = cli([`--server=127.0.0.1:${grpcPort}`, "--deadline=3s", "health"]);
        assert.equal(plain.status, 3, `plaintext was served over TLS: ${plain.stdout}`);
      }
    } finally {
      server.kill("SIGTERM");
    }
    assert.equal(await exited, 0, log);
    if (tlsUnchecked) t.skip(tlsUnchecked);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the restricted Pod Security check itself", () => {
  test("flags each kind of breach", () => {
    const spec = render().one("Deployment").spec.template.spec;
    const broken = structuredClone(spec);
    delete broken.securityContext.seccompProfile;
    const c = broken.containers[0];
    delete c.securityContext.seccompProfile;
    c.securityContext.allowPrivilegeEscalation = true;
    c.securityContext.capabilities = { add: ["SYS_ADMIN"] };
    c.securityContext.runAsNonRoot = false;
    c.ports[0].hostPort = 50051;
    broken.hostNetwork = true;
    broken.volumes.push({ name: "host", hostPath: { path: "/" } });
    const problems = restrictedViolations(broken).join("\n");
    for (const expected of [
      /hostNetwork/, /hostPath/, /allowPrivilegeEscalation/, /drop ALL/,
      /adds SYS_ADMIN/, /runAsNonRoot/, /seccomp/, /hostPort/,
    ]) {
      assert.match(problems, expected);
    }
  });
});

describe("the default values", () => {
  const rendered = render();

  test("SQLite on a PersistentVolumeClaim, one replica, Recreate", () => {
    const deployment = rendered.one("Deployment");
    assert.equal(deployment.spec.replicas, 1);
    assert.equal(deployment.spec.strategy.type, "Recreate");
    const claim = rendered.one("PersistentVolumeClaim");
    assert.equal(claim.metadata.name, "rel-trustfit-data");
    assert.equal(claim.spec.resources.requests.storage, "2Gi");
    const data = deployment.spec.template.spec.volumes.find((v) => v.name === "data");
    assert.equal(data.persistentVolumeClaim.claimName, "rel-trustfit-data");
    const mount = serverContainer(deployment).volumeMounts.find((m) => m.name === "data");
    assert.equal(mount.mountPath, "/var/lib/trustfit");
    assert.equal(tomlValue(serverToml(rendered), "store"),
      "sqlite:///var/lib/trustfit/trustfit.db");
  });

  test("the embedded policy: no policy file, volume or mount", () => {
    assert.equal(tomlValue(serverToml(rendered), "policy"), undefined);
    assert.equal(rendered.one("ConfigMap").data["policy.yaml"], undefined);
    const spec = rendered.one("Deployment").spec.template.spec;
    assert.equal(spec.volumes.find((v) => v.name === "policy"), undefined);
  });

  test("a ClusterIP Service and a headless one", () => {
    const main = rendered.one("Service", "rel-trustfit");
    assert.equal(main.spec.type, "ClusterIP");
    assert.deepEqual(main.spec.ports.map((p) => [p.name, p.port]),
      [["grpc", 50051], ["metrics", 9090]]);
    const headless = rendered.one("Service", "rel-trustfit-headless");
    assert.equal(headless.spec.clusterIP, "None");
    assert.deepEqual(headless.spec.ports.map((p) => [p.name, p.port, p.appProtocol]),
      [["grpc", 50051, "grpc"]]);
  });

  test("metrics port, pod annotations, no ServiceMonitor", () => {
    const deployment = rendered.one("Deployment");
    const annotations = deployment.spec.template.metadata.annotations;
    assert.equal(annotations["prometheus.io/scrape"], "true");
    assert.equal(annotations["prometheus.io/port"], "9090");
    assert.ok(serverContainer(deployment).ports.some((p) => p.name === "metrics"));
    assert.equal(tomlValue(serverToml(rendered), "metrics-listen"), "0.0.0.0:9090");
    assert.equal(rendered.all("ServiceMonitor").length, 0);
  });

  test("a disruption budget that never blocks a drain; no autoscaler", () => {
    assert.equal(rendered.one("PodDisruptionBudget").spec.maxUnavailable, 1);
    assert.equal(rendered.all("HorizontalPodAutoscaler").length, 0);
  });

  test("the server reads the ConfigMap's server.toml; no token, no links", () => {
    const deployment = rendered.one("Deployment");
    const spec = deployment.spec.template.spec;
    assert.deepEqual(serverContainer(deployment).args,
      ["--config=/etc/trustfit/config/server.toml"]);
    assert.equal(spec.serviceAccountName, "rel-trustfit");
    assert.equal(rendered.one("ServiceAccount").automountServiceAccountToken, false);
    assert.equal(spec.enableServiceLinks, false);
    assert.equal(spec.terminationGracePeriodSeconds, 5 + 20 + 10);
    assert.equal(serverContainer(deployment).image,
      "registry.trust.example/trustfit/trustfit-server:0.1.0");
  });

  test("the helm test pod runs trustfit health against the Service", () => {
    const pod = rendered.one("Pod");
    assert.equal(pod.metadata.annotations["helm.sh/hook"], "test");
    assert.equal(pod.spec.restartPolicy, "Never");
    assert.deepEqual(pod.spec.containers[0].command, [
      "/usr/local/bin/trustfit", "--server=rel-trustfit.schools.svc:50051",
      "--deadline=10s", "--output=json", "health",
    ]);
  });
});

describe("PostgreSQL with 3 replicas and an autoscaler", () => {
  const rendered = render(configurations["PostgreSQL, 3 replicas, HPA"]);
  const deployment = rendered.one("Deployment");

  test("the URI comes from the Secret; no claim, no data volume", () => {
    const env = serverContainer(deployment).env;
    assert.deepEqual(env.find((e) => e.name === "TRUSTFIT_STORE").valueFrom,
      { secretKeyRef: { name: "trustfit-db", key: "uri" } });
    assert.equal(tomlValue(serverToml(rendered), "store"), undefined);
    assert.equal(rendered.all("PersistentVolumeClaim").length, 0);
    assert.equal(deployment.spec.template.spec.volumes.find((v) => v.name === "data"), undefined);
    assert.ok(env.some((e) => e.name === "TRUSTFIT_LOG_LEVEL"), "extraEnv");
  });

  test("the autoscaler owns the replica count; updates keep capacity", () => {
    assert.equal(deployment.spec.replicas, undefined);
    const hpa = rendered.one("HorizontalPodAutoscaler");
    assert.equal(hpa.apiVersion, "autoscaling/v2");
    assert.equal(hpa.spec.minReplicas, 3);
    assert.equal(hpa.spec.maxReplicas, 8);
    assert.deepEqual(hpa.spec.metrics.map((m) => m.resource.name), ["cpu", "memory"]);
    assert.equal(deployment.spec.strategy.type, "RollingUpdate");
    assert.equal(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
    assert.equal(rendered.one("PodDisruptionBudget").spec.minAvailable, 2);
    assert.equal(rendered.one("PodDisruptionBudget").spec.maxUnavailable, undefined);
  });

  test("the policy inline, a ServiceMonitor, TLS mounted, pinned image", () => {
    assert.equal(rendered.one("ConfigMap").data["policy.yaml"].trim(),
      fs.readFileSync(defaultPolicy, "utf8").trim());
    const monitor = rendered.one("ServiceMonitor");
    assert.equal(monitor.metadata.labels.release, "prometheus");
    assert.equal(monitor.spec.endpoints[0].port, "metrics");
    const mounts = serverContainer(deployment).volumeMounts;
    assert.deepEqual(mounts.find((m) => m.name === "tls"),
      { name: "tls", mountPath: "/etc/trustfit/tls", readOnly: true });
    assert.match(serverContainer(deployment).image, /@sha256:0123/);
    assert.equal(tomlValue(serverToml(rendered), "stream-workers"), 4);
  });
});

describe("a policy in an existing ConfigMap", () => {
  const rendered = render(configurations["existing ConfigMap"]);
  const deployment = rendered.one("Deployment");

  test("is mounted as a directory from that ConfigMap, under its key", () => {
    const volume = deployment.spec.template.spec.volumes.find((v) => v.name === "policy");
    assert.deepEqual(volume.configMap, {
      name: "trust-policy", items: [{ key: "north-2027.yaml", path: "policy.yaml" }],
    });
    const mount = serverContainer(deployment).volumeMounts.find((m) => m.name === "policy");
    // A subPath mount would never see the ConfigMap's updates.
    assert.equal(mount.subPath, undefined);
    assert.equal(mount.mountPath, "/etc/trustfit/policy");
    const toml = serverToml(rendered);
    assert.equal(tomlValue(toml, "policy"), "/etc/trustfit/policy/policy.yaml");
    assert.equal(tomlValue(toml, "policy-poll"), "30s");
    assert.equal(rendered.one("ConfigMap").data["policy.yaml"], undefined);
  });

  test("uses the existing claim and creates none", () => {
    assert.equal(rendered.all("PersistentVolumeClaim").length, 0);
    const data = deployment.spec.template.spec.volumes.find((v) => v.name === "data");
    assert.equal(data.persistentVolumeClaim.claimName, "trustfit-records");
  });
});

describe("metrics off", () => {
  const rendered = render(configurations["metrics off"]);
  const deployment = rendered.one("Deployment");

  test("no metrics port, annotations, listener or monitor", () => {
    assert.equal(tomlValue(serverToml(rendered), "metrics-listen"), "off");
    assert.ok(!serverContainer(deployment).ports.some((p) => p.name === "metrics"));
    assert.equal(deployment.spec.template.metadata.annotations["prometheus.io/scrape"], undefined);
    assert.deepEqual(rendered.one("Service").spec.ports.map((p) => p.name), ["grpc"]);
  });

  test("and each optional object left out", () => {
    for (const kind of ["ServiceMonitor", "PodDisruptionBudget", "ServiceAccount",
      "PersistentVolumeClaim", "Pod", "HorizontalPodAutoscaler"]) {
      assert.equal(rendered.all(kind).length, 0, kind);
    }
    assert.equal(rendered.all("Service").length, 1);
    assert.equal(deployment.spec.template.spec.serviceAccountName, "default");
    assert.equal(tomlValue(serverToml(rendered), "store"), "none");
    assert.equal(deployment.spec.template.spec.terminationGracePeriodSeconds, 60);
    assert.deepEqual(serverContainer(deployment).livenessProbe.grpc, { port: 8443 });
    assert.deepEqual(serverContainer(deployment).readinessProbe.grpc,
      { port: 8443, service: "trustfit.v1.TrustFitService" });
  });
});

describe("TLS", () => {
  test("off by default: no TLS option, no health listener, no certificate", () => {
    const rendered = render();
    const toml = serverToml(rendered);
    for (const key of ["tls-cert", "tls-key", "tls-client-ca", "health-listen"]) {
      assert.equal(tomlValue(toml, key), undefined, key);
    }
    assert.equal(rendered.all("Certificate").length, 0);
    assert.ok(!rendered.one("Pod").spec.containers[0].command.some((a) => a.startsWith("--tls")));
  });

  test("from an existing Secret: mounted as a directory, served, probed in plaintext", () => {
    const rendered = render(configurations["PostgreSQL, 3 replicas, HPA"]);
    const spec = rendered.one("Deployment").spec.template.spec;
    const toml = serverToml(rendered);
    const volume = spec.volumes.find((v) => v.name === "tls");
    assert.equal(volume.secret.secretName, "trustfit-tls");
    const mount = serverContainer(rendered.one("Deployment")).volumeMounts.find((m) => m.name === "tls");
    assert.equal(mount.subPath, undefined, "a subPath mount never sees a renewed certificate");
    for (const [key, file] of [["tls-cert", "tls.crt"], ["tls-key", "tls.key"]]) {
      assert.equal(tomlValue(toml, key), `${mount.mountPath}/${file}`);
      assert.ok(volume.secret.items.some((i) => i.key === file && i.path === file));
    }
    assert.equal(tomlValue(toml, "tls-client-ca"), undefined);
    assert.equal(tomlValue(toml, "health-listen"), "0.0.0.0:8081");
    assert.equal(serverContainer(rendered.one("Deployment")).readinessProbe.grpc.port, 8081);
    assert.equal(rendered.all("Certificate").length, 0);
    // The test pod checks the server against the CA in the same Secret.
    const pod = rendered.one("Pod");
    assert.ok(pod.spec.containers[0].command.includes("--tls-ca=/etc/trustfit/test-tls/ca.crt"));
    assert.ok(!pod.spec.containers[0].command.some((a) => a.startsWith("--tls-cert")));
    assert.equal(pod.spec.volumes[0].secret.secretName, "trustfit-tls");
  });

  test("from cert-manager, with mutual TLS: the certificate names every way in", () => {
    const rendered = render(configurations["TLS from cert-manager, mutual TLS"]);
    const certificate = rendered.one("Certificate");
    assert.equal(certificate.spec.secretName, "rel-trustfit-tls");
    assert.deepEqual(certificate.spec.issuerRef,
      { name: "trust-internal-ca", kind: "ClusterIssuer", group: "cert-manager.io" });
    for (const name of ["rel-trustfit", "rel-trustfit.schools.svc", "rel-trustfit.schools.svc.cluster.local",
      "rel-trustfit-headless.schools.svc", "trustfit.internal.trust.example"]) {
      assert.ok(certificate.spec.dnsNames.includes(name), name);
    }
    assert.equal(certificate.spec.privateKey.rotationPolicy, "Always");
    assert.deepEqual(certificate.spec.usages, ["digital signature", "server auth", "client auth"]);
    const spec = rendered.one("Deployment").spec.template.spec;
    assert.equal(spec.volumes.find((v) => v.name === "tls").secret.secretName, "rel-trustfit-tls");
    assert.deepEqual(spec.volumes.find((v) => v.name === "client-ca").configMap,
      { name: "trust-ca-bundle", defaultMode: 0o440, items: [{ key: "ca-bundle.pem", path: "ca.crt" }] });
    assert.equal(tomlValue(serverToml(rendered), "tls-client-ca"), "/etc/trustfit/client-ca/ca.crt");
    // The helm test pod reaches the Service by a name in the certificate,
    // and presents the certificate as its client's.
    const command = rendered.one("Pod").spec.containers[0].command;
    const host = command.find((a) => a.startsWith("--server=")).slice(9).split(":")[0];
    assert.ok(certificate.spec.dnsNames.includes(host), host);
    for (const flag of ["--tls-ca=/etc/trustfit/test-tls/ca.crt",
      "--tls-cert=/etc/trustfit/test-tls/tls.crt", "--tls-key=/etc/trustfit/test-tls/tls.key"]) {
      assert.ok(command.includes(flag), flag);
    }
    assert.equal(rendered.one("Pod").spec.volumes[0].secret.secretName, "rel-trustfit-tls");
    const own = render([...configurations["TLS from cert-manager, mutual TLS"],
      "--set", "tests.tls.secretName=helm-test-client"]).one("Pod");
    assert.equal(own.spec.volumes[0].secret.secretName, "helm-test-client");
  });

  test("NOTES.txt says how to reach a TLS release from a workstation", () => {
    const notes = renderNotes(configurations["TLS from cert-manager, mutual TLS"]);
    assert.match(notes, /grpcurl -cacert ca.crt -cert client.crt -key client.key -authority rel-trustfit.schools.svc localhost:50051/);
    assert.match(notes, /Mutual TLS: every client must present a certificate signed by the CA in trust-ca-bundle \(key ca-bundle.pem\)/);
    assert.match(notes, /Probes use the plaintext health-only port 8081/);
    assert.doesNotMatch(notes, /trustfit --server localhost:50051 health/);
  });

  test("the throwaway PKI of the end-to-end runs is sound", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-pki-"));
    try {
      makeTestPki(dir);
      const verify = spawnSync("openssl", ["verify", "-CAfile", "ca.crt", "server.crt", "client.crt"],
        { cwd: dir, encoding: "utf8" });
      assert.equal(verify.status, 0, verify.stdout + verify.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("authentication", () => {
  const authVolume = (rendered) =>
    rendered.one("Deployment").spec.template.spec.volumes.find((v) => v.name === "auth");
  const authMount = (rendered) => serverContainer(rendered.one("Deployment"))
    .volumeMounts.find((m) => m.name === "auth");
  const literalEnv = (rendered) => Object.fromEntries((serverContainer(rendered.one("Deployment")).env || [])
    .filter((e) => e.value !== undefined).map((e) => [e.name, e.value]));
  const authKeys = (toml) => tomlKeys(toml).filter((k) => k.startsWith("auth-") || k === "audit-log");

  test("none by default: the server is told to serve unauthenticated, outside server.toml", () => {
    const rendered = render();
    assert.deepEqual(authKeys(serverToml(rendered)), []);
    assert.equal(tomlValue(serverToml(rendered), "allow-unauthenticated"), undefined);
    assert.equal(literalEnv(rendered).TRUSTFIT_ALLOW_UNAUTHENTICATED, "true");
    assert.equal(authVolume(rendered), undefined);
  });

  test("bearer tokens: the Secret's file in the auth directory, and no unauthenticated callers", () => {
    const rendered = render(configurations["bearer tokens"]);
    const toml = serverToml(rendered);
    assert.equal(tomlValue(toml, "auth-tokens"), `${authMount(rendered).mountPath}/tokens`);
    assert.equal(authMount(rendered).subPath, undefined, "edits must reach the pod");
    assert.deepEqual(authVolume(rendered).projected.sources,
      [{ secret: { name: "trustfit-tokens", items: [{ key: "tokens", path: "tokens" }] } }]);
    assert.equal(tomlValue(toml, "audit-log"), "/var/log/trustfit/audit.log");
    assert.deepEqual(authKeys(toml), ["auth-tokens", "audit-log"]);
    assert.equal(literalEnv(rendered).TRUSTFIT_ALLOW_UNAUTHENTICATED, undefined);
  });

  test("JWTs from a JWKS ConfigMap: keys, issuer, audience, claims, algorithms, skew", () => {
    const rendered = render(configurations["JWTs from a JWKS"]);
    const toml = serverToml(rendered);
    assert.equal(tomlValue(toml, "auth-jwks"), "/etc/trustfit/auth/jwks.json");
    assert.deepEqual(authVolume(rendered).projected.sources,
      [{ configMap: { name: "entra-jwks", items: [{ key: "keys.json", path: "jwks.json" }] } }]);
    assert.equal(tomlValue(toml, "auth-jwt-issuer"),
      "https://login.microsoftonline.com/5f3c1a2b-0d4e-4c8f-9a6b-7e2d1c0b9a8f/v2.0");
    assert.equal(tomlValue(toml, "auth-jwt-audience"), "0c6a4f3e-2b1d-4e5f-8a9b-1c2d3e4f5a6b");
    assert.equal(tomlValue(toml, "auth-jwt-roles-claim"), "roles");
    assert.equal(tomlValue(toml, "auth-jwt-principal-claim"), "oid");
    assert.equal(tomlValue(toml, "auth-jwt-algorithms"), "RS256");
    assert.equal(tomlValue(toml, "auth-clock-skew"), "2m");
    assert.equal(tomlValue(toml, "auth-jwt-public-key"), undefined);
  });

  test("or one PEM public key from a Secret", () => {
    const rendered = render(["-f", valueSet("auth-jwt.yaml"), "--set", "auth.jwt.jwks.configMapName=",
      "--set", "auth.jwt.publicKey.secretName=k8s-sa-issuer", "--set", "auth.jwt.algorithms={RS256,ES256}"]);
    const toml = serverToml(rendered);
    assert.equal(tomlValue(toml, "auth-jwt-public-key"), "/etc/trustfit/auth/jwt-public-key.pem");
    assert.equal(tomlValue(toml, "auth-jwks"), undefined);
    assert.equal(tomlValue(toml, "auth-jwt-algorithms"), "RS256,ES256");
    assert.deepEqual(authVolume(rendered).projected.sources,
      [{ secret: { name: "k8s-sa-issuer", items: [{ key: "public.pem", path: "jwt-public-key.pem" }] } }]);
  });

  test("client certificates' roles, beside the mutual TLS CA", () => {
    const rendered = render(configurations["TLS from cert-manager, mutual TLS"]);
    assert.equal(tomlValue(serverToml(rendered), "auth-mtls-clients"), "/etc/trustfit/auth/mtls-clients");
    assert.deepEqual(authVolume(rendered).projected.sources, [{ configMap: {
      name: "trustfit-mtls-clients", items: [{ key: "mtls-clients", path: "mtls-clients" }] } }]);
    // Mutual TLS is a method: nobody is let in without credentials.
    assert.equal(literalEnv(rendered).TRUSTFIT_ALLOW_UNAUTHENTICATED, undefined);
  });

  test("the PostgreSQL URI from a file, never in the environment", () => {
    const rendered = render(configurations["JWTs from a JWKS"]);
    const container = serverContainer(rendered.one("Deployment"));
    assert.ok(!(container.env || []).some((e) => e.name === "TRUSTFIT_STORE"));
    assert.equal(tomlValue(serverToml(rendered), "store-file"), "/etc/trustfit/store/uri");
    const volume = rendered.one("Deployment").spec.template.spec.volumes.find((v) => v.name === "store-uri");
    assert.deepEqual(volume.secret.items, [{ key: "uri", path: "uri" }]);
    assert.equal(volume.secret.secretName, "trustfit-db");
    assert.equal(container.volumeMounts.find((m) => m.name === "store-uri").mountPath, "/etc/trustfit/store");
  });

  const jwt = ["--set", "auth.jwt.enabled=true", "--set", "auth.jwt.issuer=https://issuer.trust.example",
    "--set", "auth.jwt.audience=trustfit"];
  for (const [name, args, message] of [
    ["no method and no unauthenticated callers", ["--set", "auth.allowUnauthenticated=false"],
      /auth.allowUnauthenticated=false, and no authentication is configured: the server would refuse to serve beyond loopback\. Configure a method/],
    ["tokens without their Secret", ["--set", "auth.tokens.enabled=true"],
      /auth.tokens.enabled=true needs auth.tokens.secretName: the Secret holding the tokens file/],
    ["JWTs without keys", jwt, /auth.jwt.enabled=true needs exactly one source of the keys that sign tokens.*; none is set/],
    ["JWTs with two sources of keys", [...jwt, "--set", "auth.jwt.jwks.configMapName=a", "--set", "auth.jwt.publicKey.secretName=b"],
      /exactly one source .*; auth.jwt.jwks.configMapName, auth.jwt.publicKey.secretName are all set/],
    ["JWTs without an issuer", ["--set", "auth.jwt.enabled=true", "--set", "auth.jwt.jwks.configMapName=a"],
      /auth.jwt.enabled=true needs auth.jwt.issuer/],
    ["JWTs without an audience", ["-f", valueSet("auth-jwt.yaml"), "--set", "auth.jwt.audience="],
      /auth.jwt.enabled=true needs auth.jwt.audience: .*any other application would be accepted/],
    ["the none algorithm", ["--set", "auth.jwt.algorithms={none}"], /auth.jwt.algorithms.0/],
    ["an HMAC algorithm", ["--set", "auth.jwt.algorithms={HS256}"], /auth.jwt.algorithms.0/],
    ["client certificates' roles without mutual TLS",
      ["--set", "auth.mtlsClients.enabled=true", "--set", "auth.mtlsClients.configMapName=m"],
      /auth.mtlsClients.enabled=true gives client certificates their roles, but mutual TLS is off/],
    ["a relative audit log", ["--set", "auth.auditLog=audit.log"], /auth.auditLog: Does not match pattern/],
  ]) {
    test(`refused: ${name}`, () => assert.match(refused(args), message));
  }

  test("NOTES.txt warns, loudly, while nobody needs credentials", () => {
    assert.match(renderNotes([]), /WARNING: NO AUTHENTICATION\. .*ANY caller that reaches port 50051 can read and create every\s+recorded assessment/s);
    const notes = renderNotes(configurations["JWTs from a JWKS"]);
    assert.doesNotMatch(notes, /NO AUTHENTICATION/);
    assert.match(notes, /Authentication: JWTs from https:\/\/login\.microsoftonline\.com\/.* for 0c6a4f3e-2b1d-4e5f-8a9b-1c2d3e4f5a6b;/);
  });

  test("the default release starts on a public address once the server has access control", async (t) => {
    if (!serverOptions.has("allow-unauthenticated")) {
      t.skip("waits for trustfit-server's --allow-unauthenticated (#15): today's server serves " +
        "every caller anyway");
      return;
    }
    // Without the Deployment's environment the server refuses 0.0.0.0; with
    // it, it serves. (It listens on every interface; the test only dials
    // loopback.)
    const rendered = render();
    const env = { ...process.env, ...literalEnv(rendered) };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-unauth-"));
    try {
      const args = ["--listen=0.0.0.0:0", "--metrics-listen=off", "--store=none",
        `--port-file=${path.join(dir, "ports")}`, "--drain-delay=0"];
      const refusedRun = spawnSync(SERVER, args, { encoding: "utf8", timeout: 10000,
        env: Object.fromEntries(Object.entries(env).filter(([k]) => k !== "TRUSTFIT_ALLOW_UNAUTHENTICATED")) });
      assert.notEqual(refusedRun.status, 0, "a public address without authentication was served");
      const server = spawn(SERVER, args, { env, stdio: ["ignore", "ignore", "pipe"] });
      const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
      const portFile = path.join(dir, "ports");
      await waitFor(() => fs.existsSync(portFile) && fs.readFileSync(portFile, "utf8").endsWith("\n"));
      const port = fs.existsSync(portFile) ? fs.readFileSync(portFile, "utf8").split(" ")[0] : "";
      const health = spawnSync(CLI, [`--server=127.0.0.1:${port}`, "--deadline=5s", "health"], { encoding: "utf8" });
      server.kill("SIGTERM");
      assert.equal(await exited, 0);
      assert.equal(health.status, 0, health.stdout + health.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// Whether a NetworkPolicy of the release (in namespace "schools") lets a pod
// connect to `port`: the pod's labels, its namespace's name and labels.
// Selectors here use matchLabels only, as the chart's do.
function admits(policy, { podLabels = {}, namespace = "schools", namespaceLabels = {} }, port) {
  const matches = (selector, labels) =>
    Object.entries(selector.matchLabels || {}).every(([k, v]) => labels[k] === v);
  const nsLabels = { "kubernetes.io/metadata.name": namespace, ...namespaceLabels };
  const peerAdmits = (peer) => !peer.ipBlock &&
    (peer.namespaceSelector ? matches(peer.namespaceSelector, nsLabels) : namespace === "schools") &&
    (!peer.podSelector || matches(peer.podSelector, podLabels));
  return (policy.spec.ingress || []).some((rule) =>
    (rule.ports || []).some((p) => p.port === port) && (rule.from || []).some(peerAdmits));
}

describe("the NetworkPolicy", () => {
  const rendered = render(configurations["a NetworkPolicy"]);
  const policy = rendered.one("NetworkPolicy");
  const grpc = 50051;
  const metrics = 9090;
  const client = { podLabels: { "trustfit-client": "true" }, namespace: "admissions",
    namespaceLabels: { "trust.example/trustfit-clients": "true" } };

  test("made only when asked, for the server pods only", () => {
    assert.equal(render().all("NetworkPolicy").length, 0);
    const podLabels = rendered.one("Deployment").spec.template.metadata.labels;
    const selector = policy.spec.podSelector.matchLabels;
    assert.ok(Object.entries(selector).every(([k, v]) => podLabels[k] === v));
    assert.equal(selector["app.kubernetes.io/component"], "server");
    assert.deepEqual(policy.spec.policyTypes, ["Ingress", "Egress"]);
  });

  test("gRPC from labelled pods in labelled namespaces, the ingress controller and the test pod", () => {
    assert.ok(admits(policy, client, grpc));
    assert.ok(!admits(policy, { ...client, podLabels: {} }, grpc), "an unlabelled pod");
    assert.ok(!admits(policy, { ...client, namespaceLabels: {} }, grpc), "a namespace not labelled");
    assert.ok(admits(policy, { namespace: "ingress-nginx",
      podLabels: { "app.kubernetes.io/name": "ingress-nginx" } }, grpc));
    assert.ok(admits(policy, { podLabels: rendered.one("Pod").metadata.labels }, grpc), "helm test");
    assert.ok(!admits(policy, { podLabels: rendered.one("Pod").metadata.labels, namespace: "other" }, grpc),
      "a pod elsewhere dressed as the test pod");
    assert.ok(!admits(policy, client, metrics), "clients do not scrape");
  });

  test("with no namespace labels, only labelled pods of the release's namespace", () => {
    const own = render(["--set", "networkPolicy.enabled=true"]).one("NetworkPolicy");
    assert.ok(admits(own, { podLabels: { "trustfit-client": "true" } }, grpc));
    assert.ok(!admits(own, { podLabels: { "trustfit-client": "true" }, namespace: "elsewhere" }, grpc));
    assert.ok(!admits(own, {}, grpc));
  });

  test("/metrics from the monitoring namespace only; the health port from nobody", () => {
    assert.ok(admits(policy, { namespace: "monitoring", podLabels: { app: "prometheus" } }, metrics));
    assert.ok(!admits(policy, { namespace: "monitoring" }, grpc));
    assert.ok(!admits(policy, { namespace: "schools" }, metrics));
    const tls = render([...configurations["a NetworkPolicy"], "--set", "tls.enabled=true",
      "--set", "tls.secretName=s"]).one("NetworkPolicy");
    assert.ok(!tls.spec.ingress.some((r) => r.ports.some((p) => p.port === 8081)),
      "the kubelet needs no rule; nobody else may ask");
    const off = render([...configurations["a NetworkPolicy"], "--set", "metrics.enabled=false"]).one("NetworkPolicy");
    assert.ok(!off.spec.ingress.some((r) => r.ports.some((p) => p.port === metrics)));
  });

  test("egress: DNS, and the PostgreSQL server only", () => {
    const [dns, postgresql, ...rest] = policy.spec.egress;
    assert.deepEqual(dns, { ports: [{ port: 53, protocol: "UDP" }, { port: 53, protocol: "TCP" }] });
    assert.deepEqual(postgresql, { ports: [{ port: 5432, protocol: "TCP" }], to: [{ ipBlock: { cidr: "10.20.0.5/32" } }] });
    assert.deepEqual(rest, []);
    const sqlite = render(["--set", "networkPolicy.enabled=true"]).one("NetworkPolicy");
    assert.deepEqual(sqlite.spec.egress.map((r) => r.ports[0].port), [53], "SQLite needs no database port");
    const open = render([...configurations["a NetworkPolicy"], "--set", "networkPolicy.egress.enabled=false"])
      .one("NetworkPolicy");
    assert.deepEqual(open.spec.policyTypes, ["Ingress"]);
    assert.equal(open.spec.egress, undefined);
  });

  test("NOTES.txt says who may call", () => {
    assert.match(renderNotes(configurations["a NetworkPolicy"]),
      /NetworkPolicy: gRPC only from pods labelled trustfit-client=true in namespaces labelled trust.example\/trustfit-clients=true/);
    assert.match(renderNotes([]), /at least restrict who can reach the pods with networkPolicy.enabled=true/);
  });
});

describe("sidecars, init containers and extra volumes", () => {
  const rendered = render(configurations["sidecars and extra volumes"]);
  const spec = rendered.one("Deployment").spec.template.spec;

  test("are added beside the chart's own", () => {
    assert.deepEqual(spec.containers.map((c) => c.name), ["server", "log-shipper"]);
    assert.deepEqual(spec.initContainers.map((c) => c.name), ["prepare-logs"]);
    const names = spec.volumes.map((v) => v.name);
    assert.ok(names.includes("config") && names.includes("tmp"));
    assert.deepEqual(names.slice(-2), ["trust-ca", "shipped-logs"]);
    const server = spec.containers[0];
    assert.deepEqual(server.volumeMounts.at(-1),
      { name: "trust-ca", mountPath: "/etc/ssl/trust", readOnly: true });
    assert.ok(server.env.some((e) => e.name === "SSL_CERT_DIR"));
  });

  test("a container without a securityContext gets the server's; one with keeps its own", () => {
    assert.deepEqual(spec.containers[1].securityContext, spec.containers[0].securityContext);
    assert.equal(spec.initContainers[0].securityContext.runAsUser, 10002);
  });

  test("names the chart uses are refused", () => {
    assert.match(refused(["--set", "extraVolumes[0].name=tmp", "--set", "extraVolumes[0].emptyDir.medium="]),
      /extraVolumes has a volume named "tmp", a name the chart uses for its own \(config, data, tmp\)/);
    assert.match(refused(["--set", "extraContainers[0].name=server", "--set", "extraContainers[0].image=x"]),
      /two containers named "server"/);
    assert.match(refused(["-f", valueSet("extras.yaml"), "--set", "initContainers[0].name=log-shipper"]),
      /two containers named "log-shipper"/);
  });
});

describe("gRPC from outside", () => {
  test("an Ingress sends every path of each host to the Service's gRPC port", () => {
    const rendered = render(configurations["an Ingress"]);
    const ingress = rendered.one("Ingress");
    assert.equal(ingress.spec.ingressClassName, "nginx");
    assert.equal(ingress.metadata.annotations["nginx.ingress.kubernetes.io/backend-protocol"], "GRPC");
    assert.deepEqual(ingress.spec.rules.map((r) => r.host),
      ["trustfit.trust.example", "trustfit.north.trust.example"]);
    const service = rendered.one("Service", "rel-trustfit");
    assert.ok(service.spec.ports.some((p) => p.name === "grpc"));
    for (const rule of ingress.spec.rules) {
      assert.deepEqual(rule.http.paths, [{
        path: "/", pathType: "Prefix",
        backend: { service: { name: service.metadata.name, port: { name: "grpc" } } },
      }]);
    }
    assert.equal(ingress.spec.tls[0].secretName, "trustfit-public-tls");
    assert.equal(render().all("Ingress").length, 0);
  });

  test("a GRPCRoute attaches to the Gateway and sends calls to the Service's port", () => {
    const rendered = render(configurations["a GRPCRoute"]);
    const route = rendered.one("GRPCRoute");
    assert.equal(route.apiVersion, "gateway.networking.k8s.io/v1");
    assert.deepEqual(route.spec.parentRefs,
      [{ name: "shared-gateway", namespace: "gateway-system", sectionName: "https" }]);
    assert.deepEqual(route.spec.hostnames, ["trustfit.trust.example"]);
    const service = rendered.one("Service", "rel-trustfit");
    const grpcPort = service.spec.ports.find((p) => p.name === "grpc").port;
    assert.equal(grpcPort, 443);
    assert.deepEqual(route.spec.rules, [{ backendRefs: [{ name: "rel-trustfit", port: grpcPort }] }]);
    assert.equal(render().all("GRPCRoute").length, 0);
  });

  test("a GRPCRoute of Gateway API before 1.1 is valid too", async () => {
    const route = render([...configurations["a GRPCRoute"],
      "--set", "grpcRoute.apiVersion=gateway.networking.k8s.io/v1alpha2"]).one("GRPCRoute");
    assert.equal(route.apiVersion, "gateway.networking.k8s.io/v1alpha2");
    await validateAgainstApi(route);
  });

  test("each needs where to attach", () => {
    assert.match(refused(["--set", "ingress.enabled=true"]),
      /ingress.enabled=true needs ingress.hosts: at least one host name/);
    assert.match(refused(["--set", "grpcRoute.enabled=true"]),
      /grpcRoute.enabled=true needs grpcRoute.parentRefs: the Gateway the route attaches to/);
    assert.match(refused(["--set", "ingress.hosts={Not_A_Host}"]), /ingress.hosts.0: Does not match pattern/);
  });
});

describe("the PrometheusRule", () => {
  const rendered = render(configurations["a PrometheusRule"]);
  const rule = rendered.one("PrometheusRule");
  const alerts = Object.fromEntries(rule.spec.groups[0].rules.map((r) => [r.alert, r]));
  const series = (name, labels) => `${name}{${Object.entries(
    { namespace: "schools", service: "rel-trustfit", ...labels })
    .map(([k, v]) => `${k}="${v}"`).join(",")}}`;
  const api = { grpc_service: "trustfit.v1.TrustFitService", grpc_method: "ScoreCandidate", grpc_type: "unary" };

  test("is labelled for Prometheus and made only when asked", () => {
    assert.equal(rule.metadata.labels.release, "prometheus");
    assert.deepEqual(Object.keys(alerts),
      ["TrustFitErrorRatioHigh", "TrustFitPolicyReloadFailed", "TrustFitStoreFailing"]);
    assert.equal(render().all("PrometheusRule").length, 0);
    assert.match(refused(["--set", "metrics.enabled=false", "--set", "metrics.prometheusRule.enabled=true"]),
      /metrics.prometheusRule.enabled=true, but metrics.enabled=false/);
    assert.match(refused(["--set", "metrics.prometheusRule.errorRatio.codes={Internal,INTERNAL}"]),
      /metrics.prometheusRule.errorRatio.codes.1/);
  });

  test("promtool: the rules parse, and each alert fires when it should and only then", () => {
    assert.ok(fs.existsSync(PROMTOOL), `no promtool at ${PROMTOOL}: run scripts/setup (Debian's prometheus)`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-rules-"));
    try {
      fs.writeFileSync(path.join(dir, "rules.yaml"), YAML.stringify({ groups: rule.spec.groups }));
      const check = spawnSync(PROMTOOL, ["check", "rules", path.join(dir, "rules.yaml")], { encoding: "utf8" });
      assert.equal(check.status, 0, check.stdout + check.stderr);

      const summary = (ns, svc, text) => `TrustFit ${ns}/${svc}: ${text}`;
      const fired = (alert, labels, summaryText) => ({
        exp_labels: { severity: alerts[alert].labels.severity, namespace: "schools", service: "rel-trustfit", ...labels },
        exp_annotations: {
          summary: summary("schools", "rel-trustfit", summaryText),
          description: alerts[alert].annotations.description,
        },
      });
      const tests = {
        rule_files: ["rules.yaml"],
        evaluation_interval: "1m",
        tests: [
          { // 5% of calls Internal (threshold 2%, for 5m): fires after 5 + 5 minutes.
            interval: "1m",
            input_series: [
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "OK" }), values: "0+90x30" },
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "Internal" }), values: "0+5x30" },
              // The caller's mistakes, health checks and other releases never count.
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "InvalidArgument" }), values: "0+5x30" },
              { series: series("grpc_server_handled_total", { grpc_service: "grpc.health.v1.Health", grpc_method: "Check", grpc_type: "unary", grpc_code: "Unavailable" }), values: "0+100x30" },
              { series: `grpc_server_handled_total{namespace="schools",service="other",grpc_service="trustfit.v1.TrustFitService",grpc_code="Internal"}`, values: "0+100x30" },
            ],
            alert_rule_test: [
              { eval_time: "4m", alertname: "TrustFitErrorRatioHigh", exp_alerts: [] },
              { eval_time: "15m", alertname: "TrustFitErrorRatioHigh",
                exp_alerts: [fired("TrustFitErrorRatioHigh", {}, "5% of calls failed on the server's side")] },
            ],
          },
          { // 1% Internal, and 40% InvalidArgument (the callers' fault), stay quiet.
            interval: "1m",
            input_series: [
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "OK" }), values: "0+99x30" },
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "Internal" }), values: "0+1x30" },
              { series: series("grpc_server_handled_total", { ...api, grpc_code: "InvalidArgument" }), values: "0+66x30" },
            ],
            alert_rule_test: [{ eval_time: "20m", alertname: "TrustFitErrorRatioHigh", exp_alerts: [] }],
          },
          { // Counters from zero at start-up: the first refused reload, and a store failure.
            interval: "1m",
            input_series: [
              { series: series("trustfit_policy_reloads_total", { pod: "rel-trustfit-0", result: "failure" }), values: "0 0 0 0 0 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1" },
              { series: series("trustfit_policy_reloads_total", { pod: "rel-trustfit-0", result: "success" }), values: "0+1x30" },
              { series: series("trustfit_store_commits_total", { pod: "rel-trustfit-0", result: "failure" }), values: "0x10 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3 3" },
              { series: series("trustfit_store_commits_total", { pod: "rel-trustfit-0", result: "success" }), values: "0+40x30" },
            ],
            alert_rule_test: [
              { eval_time: "4m", alertname: "TrustFitPolicyReloadFailed", exp_alerts: [] },
              { eval_time: "7m", alertname: "TrustFitPolicyReloadFailed",
                exp_alerts: [fired("TrustFitPolicyReloadFailed", {}, "a new policy was refused")] },
              { eval_time: "25m", alertname: "TrustFitPolicyReloadFailed", exp_alerts: [] },
              { eval_time: "9m", alertname: "TrustFitStoreFailing", exp_alerts: [] },
              { eval_time: "12m", alertname: "TrustFitStoreFailing",
                exp_alerts: [fired("TrustFitStoreFailing", {}, "recorded assessments are not being saved")] },
              { eval_time: "25m", alertname: "TrustFitStoreFailing", exp_alerts: [] },
            ],
          },
        ],
      };
      fs.writeFileSync(path.join(dir, "tests.yaml"), YAML.stringify(tests));
      const unit = spawnSync(PROMTOOL, ["test", "rules", path.join(dir, "tests.yaml")], { encoding: "utf8" });
      assert.equal(unit.status, 0, unit.stdout + unit.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The series of a Prometheus text exposition: [{name, labels, value}].
function parseExposition(text) {
  const samples = [];
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    assert.ok(m, `not a sample: ${line}`);
    const labels = {};
    for (const [, k, v] of (m[2] || "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[k] = v;
    }
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

describe("the alerts watch metrics the real server exposes", () => {
  const rule = render(configurations["a PrometheusRule"]).one("PrometheusRule");
  // Each selector of each alert: metric name and label matchers, less the
  // namespace and service that Prometheus adds.
  const selectors = rule.spec.groups[0].rules.flatMap((r) =>
    [...r.expr.matchAll(/([a-z_]+)\{([^}]*)\}/g)].map(([, name, matchers]) => ({
      alert: r.alert, name,
      matchers: [...matchers.matchAll(/([a-z_]+)(=~|=)"([^"]*)"/g)]
        .map(([, label, op, value]) => ({ label, op, value }))
        .filter((m) => !["namespace", "service"].includes(m.label)),
    })));
  let initial = [];
  let later = [];

  test("drive a server: a record, a missing one, a refused policy reload", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-metrics-"));
    const policy = path.join(dir, "policy.yaml");
    fs.copyFileSync(defaultPolicy, policy);
    const server = spawn(SERVER, ["--listen=127.0.0.1:0", "--metrics-listen=127.0.0.1:0",
      `--port-file=${path.join(dir, "ports")}`, `--store=sqlite://${dir}/records.db`,
      `--policy=${policy}`, "--policy-poll=0", "--drain-delay=0"],
    { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    server.stderr.on("data", (chunk) => { log += chunk; });
    const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
    try {
      const portFile = path.join(dir, "ports");
      const ports = () => fs.existsSync(portFile) ? fs.readFileSync(portFile, "utf8") : "";
      await waitFor(() => ports().endsWith("\n"));
      assert.ok(ports().endsWith("\n"), `the server did not start:\n${log}`);
      const [grpcPort, metricsPort] = ports().trim().split(" ");
      const scrape = async () => parseExposition(
        await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
      initial = await scrape();
      const cli = (...args) => spawnSync(CLI, [`--server=127.0.0.1:${grpcPort}`, "--deadline=10s",
        "--output=json", ...args], { encoding: "utf8" });
      const created = cli("assess", "--cluster", "north",
        path.join(repo, "examples/candidates/allerton-high.json"));
      assert.equal(created.status, 0, created.stdout + created.stderr);
      assert.equal(cli("get", "assessments/0000000000000000").status, 1);
      fs.writeFileSync(policy, "name: [not a policy\n");
      server.kill("SIGHUP");
      await waitFor(() => /policy reload failed/.test(log));
      assert.match(log, /policy reload failed/);
      later = await scrape();
    } finally {
      server.kill("SIGTERM");
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(await exited, 0, log);
  });

  test("every metric and label an alert matches on, spelt as the server spells it", () => {
    assert.ok(later.length, "the server was driven");
    for (const { alert, name, matchers } of selectors) {
      const found = later.filter((s) => s.name === name);
      assert.ok(found.length, `${alert}: the server exposes no ${name}`);
      for (const { label, op, value } of matchers) {
        const values = new Set(found.map((s) => s.labels[label]).filter((v) => v !== undefined));
        assert.ok(values.size, `${alert}: ${name} has no label ${label}`);
        // A failed store commit cannot be caused here; its label value is
        // the reload counter's, which can.
        if (op === "=" && !(name === "trustfit_store_commits_total" && value === "failure")) {
          assert.ok(values.has(value), `${alert}: no ${name}{${label}="${value}"} (seen: ${[...values]})`);
        }
        if (op === "=~") {
          // The codes are spelt as the server spells the ones seen here.
          assert.ok(values.has("NotFound"), `${alert}: ${label} values seen: ${[...values]}`);
          for (const code of value.split("|")) assert.match(code, /^([A-Z][a-z]+)+$/, code);
        }
      }
    }
  });

  test("the failure counters exist at zero from start-up (#17), so a pod's first failure alerts", (t) => {
    const missing = ["trustfit_policy_reloads_total", "trustfit_store_commits_total"].filter((name) =>
      !initial.some((s) => s.name === name && s.labels.result === "failure" && s.value === 0));
    if (missing.length) {
      t.skip(`waits for the server to pre-initialise its counters (#17): no ${missing.join(", ")}` +
        "{result=\"failure\"} 0 at start-up, so increase() misses each pod's first failure until then");
    }
  });
});

describe("the checksum annotation", () => {
  const checksum = (args) =>
    render(args).one("Deployment").spec.template.metadata.annotations["checksum/config"];

  test("is stable, and changes with the policy and with server options", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-policy-"));
    try {
      const edited = path.join(dir, "policy.yaml");
      fs.writeFileSync(edited, fs.readFileSync(defaultPolicy, "utf8")
        .replace('version: "2026.12.1"', 'version: "2026.12.2"'));
      const base = checksum(inlinePolicy);
      assert.match(base, /^[0-9a-f]{64}$/);
      assert.equal(checksum(inlinePolicy), base);
      assert.notEqual(checksum(["--set-file", `policy.content=${edited}`]), base);
      assert.notEqual(checksum([...inlinePolicy, "--set", "server.logLevel=debug"]), base);
      assert.notEqual(checksum([]), base);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("bad values are refused with their path", () => {
  const cases = [
    ["SQLite with 3 replicas", ["--set", "replicaCount=3"],
      /replicaCount is 3, but store.type=sqlite keeps records in one SQLite file that only one pod may write\. Use replicaCount=1, or store.type=postgresql/],
    ["SQLite autoscaled", ["--set", "autoscaling.enabled=true"],
      /autoscaling.enabled=true would start several pods, but store.type=sqlite .* Use store.type=postgresql/],
    ["a negative gRPC port", ["--set", "server.grpcPort=-1"], /server.grpcPort: Must be greater than or equal to 1/],
    ["a negative Service port", ["--set", "service.port=-50051"], /service.port: Must be greater than or equal to 1/],
    ["a metrics port out of range", ["--set", "metrics.port=70000"], /metrics.port: Must be less than or equal to 65535/],
    ["a misspelt value", ["--set", "server.grpcport=50051"], /Additional property grpcport is not allowed/],
    ["an unknown store", ["--set", "store.type=mysql"], /store.type/],
    ["PostgreSQL without its Secret", ["--set", "store.type=postgresql"],
      /store.type=postgresql needs store.postgresql.existingSecret: the name of a Secret you create holding the postgresql:\/\/ URI/],
    ["TLS without a certificate", ["--set", "tls.enabled=true"],
      /tls.enabled=true needs a certificate: tls.secretName \(an existing Secret of type kubernetes.io\/tls.*or tls.certManager.enabled=true/],
    ["cert-manager without an issuer", ["--set", "tls.enabled=true", "--set", "tls.certManager.enabled=true"],
      /tls.certManager.enabled=true needs tls.certManager.issuerRef.name/],
    ["cert-manager without TLS", ["--set", "tls.certManager.enabled=true"],
      /tls.certManager.enabled=true, but tls.enabled=false: the certificate would be issued and never served/],
    ["mutual TLS without TLS", ["--set", "tls.clientCA.enabled=true", "--set", "tls.clientCA.secretName=ca"],
      /tls.clientCA.enabled=true \(mutual TLS\) needs tls.enabled=true/],
    ["mutual TLS without its CA", ["--set", "tls.enabled=true", "--set", "tls.secretName=s", "--set", "tls.clientCA.enabled=true"],
      /tls.clientCA.enabled=true needs tls.clientCA.secretName or tls.clientCA.configMapName: the Secret or ConfigMap holding the CA bundle/],
    ["mutual TLS with two CA sources", ["-f", valueSet("tls-mtls.yaml"), "--set", "tls.clientCA.secretName=ca"],
      /tls.clientCA.secretName and tls.clientCA.configMapName are both set/],
    ["the health port on the metrics port", ["--set", "tls.enabled=true", "--set", "tls.secretName=s", "--set", "server.healthPort=9090"],
      /server.healthPort and metrics.port are both 9090: with tls.enabled the probes' plaintext health listener needs its own port/],
    ["an unknown key algorithm", ["--set", "tls.certManager.privateKey.algorithm=DSA"], /tls.certManager.privateKey.algorithm/],
    ["a ServiceMonitor without metrics",
      ["--set", "metrics.enabled=false", "--set", "metrics.serviceMonitor.enabled=true"],
      /metrics.serviceMonitor.enabled=true, but metrics.enabled=false: there would be no \/metrics to scrape/],
    ["two policy sources",
      [...inlinePolicy, "--set", "policy.existingConfigMap.name=p"],
      /policy.content and policy.existingConfigMap.name are both set/],
    ["a pod label the selector owns", ["--set", "podLabels.app\\.kubernetes\\.io/component=web"],
      /podLabels sets app.kubernetes.io\/component, which the chart sets itself/],
    ["a bad duration", ["--set", "server.keepaliveTime=soon"], /server.keepaliveTime: Does not match pattern/],
    ["a bad log level", ["--set", "server.logLevel=loud"], /server.logLevel/],
    ["a root user", ["--set", "securityContext.runAsUser=0"], /securityContext.runAsUser/],
    ["too short a termination grace",
      ["--set", "terminationGracePeriodSeconds=20"], /terminationGracePeriodSeconds \(20\) must be larger than .* \(25\)/],
    ["more min than max replicas",
      ["-f", valueSet("postgresql-ha.yaml"), "--set", "autoscaling.minReplicas=9"], /minReplicas \(9\) is larger than autoscaling.maxReplicas \(8\)/],
    ["metrics on the gRPC port", ["--set", "metrics.port=50051"], /metrics.port and server.grpcPort are both 50051/],
  ];
  for (const [name, args, message] of cases) {
    test(name, () => assert.match(refused(args), message));
  }

  test("the placeholder image, saying what to do and how to render anyway", () => {
    assert.match(refused([], false),
      /image.repository is registry.example.org\/trustfit\/trustfit-server, the chart's placeholder: no such registry exists\. Build the image from server\/Dockerfile.*set image.placeholderCheck=false/);
    assert.match(refused(["--set", "image.repository=registry.example.org"], false), /placeholder/);
    // A registry whose name merely contains it is not the placeholder.
    render(["--set", "image.repository=registry.example.org.uk/trustfit"]);
  });
});

describe("documentation and the image recipe agree with the chart", () => {
  const values = YAML.parse(fs.readFileSync(path.join(chart, "values.yaml"), "utf8"));
  const schema = JSON.parse(fs.readFileSync(path.join(chart, "values.schema.json"), "utf8"));
  const readme = fs.readFileSync(path.join(chart, "README.md"), "utf8");
  // Every value, walked beside its schema: [path, described-by]. An entry
  // of a map (resources.requests.cpu, a label under podLabels) is described
  // by the map, and may be documented by the map's row.
  const leaves = [];
  (function walk(node, prefix, schemaNode, map) {
    if (node && typeof node === "object" && !Array.isArray(node) &&
        Object.keys(node).length) {
      for (const [key, value] of Object.entries(node)) {
        const path = prefix ? `${prefix}.${key}` : key;
        const property = schemaNode.properties && schemaNode.properties[key];
        assert.ok(property || (schemaNode.additionalProperties && typeof schemaNode.additionalProperties === "object"),
          `${path} is not in values.schema.json`);
        walk(value, path, property || schemaNode.additionalProperties,
          property ? null : (map || { path: prefix, description: schemaNode.description }));
      }
    } else {
      leaves.push({ path: prefix, map, description: map ? map.description : schemaNode.description });
    }
  })(values, "", schema, null);

  test("every value is in the chart README's table and in the schema", () => {
    assert.ok(leaves.length > 60);
    for (const { path: leaf, map, description } of leaves) {
      assert.ok(readme.includes(`| \`${leaf}\` |`) || (map && readme.includes(`| \`${map.path}\` |`)),
        `${leaf} is not in README.md`);
      assert.ok(description, `${leaf} has no description in the schema`);
    }
  });

  test("NOTES.txt says how to reach the release and warns of lost records", () => {
    const notes = renderNotes(["-f", valueSet("sqlite-ephemeral.yaml")]);
    assert.match(notes, /rel-trustfit\.schools\.svc:50051/);
    assert.match(notes, /dns:\/\/\/rel-trustfit-headless\.schools\.svc:50051/);
    assert.match(notes, /helm test rel -n schools/);
    assert.match(notes, /WARNING: .*recorded assessments are lost/s);
    assert.doesNotMatch(renderNotes([]), /recorded assessments are lost/);
    assert.match(renderNotes(["--set", "image.repository=registry.example.org/trustfit/trustfit-server",
      "--set", "image.placeholderCheck=false"]),
    /WARNING: image.repository is registry.example.org\/trustfit\/trustfit-server, the chart's\nplaceholder/);
    assert.match(renderNotes(configurations["PostgreSQL, 3 replicas, HPA"]),
      /PostgreSQL, from Secret trustfit-db/);
  });

  test("Chart.yaml says where the chart comes from and who keeps it", () => {
    const meta = YAML.parse(fs.readFileSync(path.join(chart, "Chart.yaml"), "utf8"));
    assert.match(meta.home, /^https:\/\/\S+$/);
    assert.ok(meta.sources.length >= 1);
    for (const source of meta.sources) assert.match(source, /^https:\/\/\S+$/);
    assert.ok(meta.maintainers.length >= 1 && meta.maintainers.every((m) => m.name && (m.email || m.url)));
  });

  test("the image runs as the chart's user and exposes its ports", () => {
    const dockerfile = fs.readFileSync(path.join(repo, "server/Dockerfile"), "utf8");
    const user = /^USER (\d+):(\d+)$/m.exec(dockerfile);
    assert.ok(user, "the runtime stage sets a numeric USER");
    assert.equal(Number(user[1]), values.securityContext.runAsUser);
    assert.equal(Number(user[2]), values.securityContext.runAsGroup);
    assert.match(dockerfile, new RegExp(`^EXPOSE ${values.server.grpcPort} ${values.metrics.port}$`, "m"));
    assert.match(dockerfile, /^COPY --from=build .*\/trustfit-server .*\/trustfit \\$/m);
    assert.match(dockerfile, /^ENTRYPOINT \["\/usr\/local\/bin\/trustfit-server"\]$/m);
    assert.match(dockerfile, /TRUSTFIT_STORE=sqlite:\/\/\/var\/lib\/trustfit\/trustfit\.db/);
  });
});

// helm template does not render NOTES.txt and helm install --dry-run wants a
// cluster here, so render a copy of the chart in which a ConfigMap carries
// the notes.
function renderNotes(args) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-notes-"));
  try {
    fs.cpSync(chart, dir, { recursive: true });
    fs.copyFileSync(path.join(chart, "templates/NOTES.txt"), path.join(dir, "notes.txt"));
    fs.writeFileSync(path.join(dir, "templates/notes-configmap.yaml"),
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\n" +
      "data:\n  notes: {{ tpl (.Files.Get \"notes.txt\") . | toJson }}\n");
    const result = runHelm(["template", "rel", dir, "--namespace", "schools",
      "--show-only", "templates/notes-configmap.yaml", ...image, ...args]);
    assert.equal(result.status, 0, result.stderr);
    return YAML.parse(result.stdout).data.notes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
