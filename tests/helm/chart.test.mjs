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
import fs from "node:fs";
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
const valueSet = (name) => path.join(here, "values", name);
const defaultPolicy = path.join(repo, "scoring/default_policy.yaml");

if (!fs.existsSync(HELM)) {
  throw new Error(`no Helm at ${HELM}: run scripts/setup`);
}

function runHelm(args) {
  return spawnSync(HELM, args, { encoding: "utf8" });
}

// Renders the chart as release "rel" in namespace "schools" and returns its
// objects, with helpers to find them.
function render(args = []) {
  const result = runHelm([
    "template", "rel", chart, "--namespace", "schools", ...args,
  ]);
  assert.equal(result.status, 0, `helm template ${args.join(" ")}:\n${result.stderr}`);
  const objects = YAML.parseAllDocuments(result.stdout)
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

// Renders and expects Helm to refuse, returning its message.
function refused(args) {
  const result = runHelm(["template", "rel", chart, ...args]);
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

// Validates one object against the Kubernetes 1.27 API schema of its kind.
async function validateAgainstApi(object) {
  if (object.apiVersion === "monitoring.coreos.com/v1") return; // A CRD.
  const module = await import(`kubernetes-models/${object.apiVersion}`);
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
};

describe("every configuration", () => {
  for (const [name, args] of Object.entries(configurations)) {
    test(`${name}: helm lint --strict is clean`, () => {
      const result = runHelm(["lint", "--strict", chart, ...args]);
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
      const listen = tomlValue(serverToml(rendered), "listen");
      const port = Number(listen.split(":").pop());
      assert.deepEqual(
        container.ports.find((p) => p.name === "grpc").containerPort, port);
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
        assert.deepEqual(container[probe].grpc, { port }, probe);
        assert.equal(typeof container[probe].grpc.port, "number", probe);
      }
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

    test(`${name}: the Services, PDB and HPA select the pods`, () => {
      const rendered = render(args);
      const deployment = rendered.one("Deployment");
      const podLabels = deployment.spec.template.metadata.labels;
      const selects = (selector) =>
        Object.entries(selector).every(([k, v]) => podLabels[k] === v);
      assert.ok(selects(deployment.spec.selector.matchLabels));
      for (const service of rendered.all("Service")) {
        assert.ok(selects(service.spec.selector), service.metadata.name);
        assert.equal(service.spec.ports[0].targetPort, "grpc");
      }
      for (const pdb of rendered.all("PodDisruptionBudget")) {
        assert.ok(selects(pdb.spec.selector.matchLabels));
      }
      for (const hpa of rendered.all("HorizontalPodAutoscaler")) {
        assert.equal(hpa.spec.scaleTargetRef.name, deployment.metadata.name);
        assert.equal(hpa.spec.scaleTargetRef.kind, "Deployment");
      }
    });

    test(`${name}: the rendered server.toml and policy start the real server`, async () => {
      await startRenderedServer(render(args));
    });
  }
});

// Polls `ready` every 100 ms for up to 10 s (a slow, sanitized server).
async function waitFor(ready) {
  for (let i = 0; i < 100 && !ready(); ++i) {
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Runs trustfit-server on the rendered ConfigMap's server.toml (and policy),
// with only the addresses and paths of the cluster replaced by local ones,
// then the helm test pod's command against it, then SIGTERM.
async function startRenderedServer(rendered) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "trustfit-chart-"));
  try {
    const configMap = rendered.one("ConfigMap");
    let toml = configMap.data["server.toml"];
    const policyPath = tomlValue(toml, "policy");
    if (policyPath !== undefined) {
      assert.equal(policyPath, "/etc/trustfit/policy/policy.yaml");
      // An existing ConfigMap's policy is not in the chart: use the default.
      const policy = configMap.data["policy.yaml"] ??
        fs.readFileSync(defaultPolicy, "utf8");
      fs.writeFileSync(path.join(dir, "policy.yaml"), policy);
      toml = toml.replace(policyPath, path.join(dir, "policy.yaml"));
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
    const server = spawn(SERVER, args, { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    server.stderr.on("data", (chunk) => { log += chunk; });
    const exited = new Promise((resolve) => server.on("exit", (code) => resolve(code)));
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

      // The helm test pod's own command, pointed at this server.
      const testPods = rendered.all("Pod");
      const command = testPods.length
        ? testPods[0].spec.containers[0].command
        : ["trustfit", "--server=x", "health"];
      const health = spawnSync(CLI, command.slice(1).map((arg) =>
        arg.startsWith("--server=") ? `--server=127.0.0.1:${grpcPort}` : arg),
      { encoding: "utf8" });
      assert.equal(health.status, 0, health.stdout + health.stderr);
      assert.match(health.stdout, /SERVING/);
    } finally {
      server.kill("SIGTERM");
    }
    assert.equal(await exited, 0, log);
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
      "registry.example.org/trustfit/trustfit-server:0.1.0");
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
    ["SQLite with 3 replicas", ["--set", "replicaCount=3"], /replicaCount: Must be less than or equal to 1/],
    ["SQLite autoscaled", ["--set", "autoscaling.enabled=true"], /autoscaling.enabled/],
    ["a negative gRPC port", ["--set", "server.grpcPort=-1"], /server.grpcPort: Must be greater than or equal to 1/],
    ["a negative Service port", ["--set", "service.port=-50051"], /service.port: Must be greater than or equal to 1/],
    ["a metrics port out of range", ["--set", "metrics.port=70000"], /metrics.port: Must be less than or equal to 65535/],
    ["a misspelt value", ["--set", "server.grpcport=50051"], /Additional property grpcport is not allowed/],
    ["an unknown store", ["--set", "store.type=mysql"], /store.type/],
    ["PostgreSQL without its Secret", ["--set", "store.type=postgresql"], /store.postgresql.existingSecret/],
    ["TLS without its Secret", ["--set", "tls.enabled=true"], /tls.secretName/],
    ["a ServiceMonitor without metrics",
      ["--set", "metrics.enabled=false", "--set", "metrics.serviceMonitor.enabled=true"], /metrics.enabled/],
    ["two policy sources",
      [...inlinePolicy, "--set", "policy.existingConfigMap.name=p"], /policy.existingConfigMap.name/],
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
});

describe("documentation and the image recipe agree with the chart", () => {
  const values = YAML.parse(fs.readFileSync(path.join(chart, "values.yaml"), "utf8"));
  const schema = JSON.parse(fs.readFileSync(path.join(chart, "values.schema.json"), "utf8"));
  const readme = fs.readFileSync(path.join(chart, "README.md"), "utf8");
  const leaves = [];
  (function walk(node, prefix) {
    if (node && typeof node === "object" && !Array.isArray(node) &&
        Object.keys(node).length) {
      for (const [key, value] of Object.entries(node)) {
        walk(value, prefix ? `${prefix}.${key}` : key);
      }
    } else {
      leaves.push(prefix);
    }
  })(values, "");

  test("every value is in the chart README's table and in the schema", () => {
    assert.ok(leaves.length > 60);
    for (const leaf of leaves) {
      assert.ok(readme.includes(`| \`${leaf}\` |`), `${leaf} is not in README.md`);
      // Walk the schema; an entry of a map (resources.requests.cpu) is
      // described by the map.
      let node = schema;
      let description;
      for (const key of leaf.split(".")) {
        const next = node.properties && node.properties[key];
        node = next || (typeof node.additionalProperties === "object" &&
          node.additionalProperties);
        assert.ok(node, `${leaf} is not in values.schema.json`);
        description = next ? node.description : description;
      }
      assert.ok(description, `${leaf} has no description in the schema`);
    }
  });

  test("NOTES.txt says how to reach the release and warns of lost records", () => {
    const notes = renderNotes(["-f", valueSet("sqlite-ephemeral.yaml")]);
    assert.match(notes, /rel-trustfit\.schools\.svc:50051/);
    assert.match(notes, /dns:\/\/\/rel-trustfit-headless\.schools\.svc:50051/);
    assert.match(notes, /helm test rel -n schools/);
    assert.match(notes, /WARNING: .*recorded assessments are lost/s);
    assert.doesNotMatch(renderNotes([]), /WARNING/);
    assert.match(renderNotes(configurations["PostgreSQL, 3 replicas, HPA"]),
      /PostgreSQL, from Secret trustfit-db/);
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
      "--show-only", "templates/notes-configmap.yaml", ...args]);
    assert.equal(result.status, 0, result.stderr);
    return YAML.parse(result.stdout).data.notes;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
