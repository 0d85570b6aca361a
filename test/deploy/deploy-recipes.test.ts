import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { DEPLOYMENT_ENV_NAMES } from "../../src/config/env.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const K8S = path.join(ROOT, "deploy/kubernetes");
const read = (file: string) => readFileSync(path.join(ROOT, file), "utf8");

/** The variable names a library's installed source reads (`env.NAME`, `readEnv('NAME')`): nothing typed by hand. */
function namesReadBy(file: string, pattern: RegExp): Set<string> {
  return new Set(Array.from(read(path.join("node_modules", file)).matchAll(pattern), (m) => m[1] ?? ""));
}

const PROBOT = new Set([
  ...namesReadBy("probot/lib/bin/read-env-options.js", /\benv\.([A-Z][A-Z0-9_]+)/g),
  ...namesReadBy("@probot/get-private-key/dist-src/index.js", /\benv\.([A-Z][A-Z0-9_]+)/g),
]);
const ANTHROPIC_SDK = namesReadBy("@anthropic-ai/sdk/client.js", /\b(ANTHROPIC_[A-Z0-9_]+)\b/g);
/** Every variable the App reads: its own schema, Probot's and the Anthropic SDK's. */
const KNOWN = new Set([...DEPLOYMENT_ENV_NAMES, ...PROBOT, ...ANTHROPIC_SDK]);
const unknown = (names: Iterable<string>) => [...names].filter((name) => !KNOWN.has(name));

describe("the variables the App reads", () => {
  it("come from the installed libraries and the App's schema, so a misspelt name is caught", () => {
    expect([...PROBOT]).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "PRIVATE_KEY_PATH", "WEBHOOK_SECRET", "PORT", "HOST", "LOG_LEVEL"]));
    expect([...ANTHROPIC_SDK]).toEqual(expect.arrayContaining(["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"]));
    expect(DEPLOYMENT_ENV_NAMES).toEqual(expect.arrayContaining(["REDIS_URL", "BACKEND_REVIEW_ROLE", "METRICS_PORT"]));
    expect(unknown(["BACKEND_REVIEW_ROLES", "METRIC_PORT", "ANTHROPIC_KEY"])).toEqual(["BACKEND_REVIEW_ROLES", "METRIC_PORT", "ANTHROPIC_KEY"]);
  });
});

interface ComposeService {
  image?: string;
  env_file?: string | string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  deploy?: { replicas?: number };
  depends_on?: Record<string, { condition: string }>;
}

describe("compose.yaml", () => {
  // Merge keys (`<<: *app`) are how the file shares the App's settings; Compose reads them too.
  const compose = parse(read("compose.yaml"), { merge: true }) as { services: Record<string, ComposeService> };
  const { redis, web, worker } = compose.services;
  const app = { web, worker };

  it("runs Redis, one web and two workers of the App's image, with secrets from .env", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["redis", "web", "worker"]);
    expect(redis?.healthcheck?.test).toEqual(["CMD", "redis-cli", "ping"]);
    for (const [role, service] of Object.entries(app)) {
      expect(service?.image, role).toBe("backend-review:local");
      expect(service?.env_file, role).toBe(".env");
      expect(service?.environment, role).toMatchObject({ BACKEND_REVIEW_ROLE: role, METRICS_PORT: "9102", REDIS_URL: "redis://:${REDIS_PASSWORD}@redis:6379/0" });
      expect(service?.healthcheck?.test.join(" "), role).toContain("http://127.0.0.1:9102/readyz");
      expect(service?.depends_on, role).toEqual({ redis: { condition: "service_healthy" } });
    }
    expect(web?.deploy?.replicas ?? 1).toBe(1);
    expect(worker?.deploy?.replicas).toBe(2);
  });

  it("sets only variables the App reads", () => {
    for (const [role, service] of Object.entries(app)) expect(unknown(Object.keys(service?.environment ?? {})), role).toEqual([]);
  });

  it("ships a .env.example whose variables the App reads, apart from the one compose.yaml itself uses", () => {
    expect(existsSync(path.join(ROOT, ".env.example"))).toBe(true);
    const names = Array.from(read(".env.example").matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm), (m) => m[1] ?? "");
    expect(names).toEqual(expect.arrayContaining(["APP_ID", "PRIVATE_KEY", "WEBHOOK_SECRET", "ANTHROPIC_API_KEY", "REDIS_PASSWORD"]));
    expect(unknown(names)).toEqual(["REDIS_PASSWORD"]);
    expect(read("compose.yaml")).toContain("${REDIS_PASSWORD:?");
    // No value is filled in for a secret: the example never holds one.
    expect(read(".env.example")).toMatch(/^WEBHOOK_SECRET=$/m);
    expect(read(".env.example")).toMatch(/^ANTHROPIC_API_KEY=$/m);
  });
});

interface Container {
  name: string;
  image: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  resources?: { requests?: { cpu?: string; memory?: string } };
}
interface Manifest {
  kind: string;
  metadata: { name: string };
  spec: {
    replicas?: number;
    selector?: Record<string, unknown>;
    ports?: { targetPort: string }[];
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; terminationGracePeriodSeconds?: number } };
  };
}

describe("deploy/kubernetes", () => {
  const kustomization = parse(readFileSync(path.join(K8S, "kustomization.yaml"), "utf8")) as { resources: string[] };
  const files = readdirSync(K8S).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
  const manifests: Manifest[] = files.flatMap((file) =>
    parseAllDocuments(readFileSync(path.join(K8S, file), "utf8")).map((doc) => {
      expect(doc.errors, file).toEqual([]);
      return doc.toJS() as Manifest;
    }),
  );
  const named = (kind: string, name: string) => manifests.find((m) => m.kind === kind && m.metadata.name === name);
  const appContainer = (deployment: string) => named("Deployment", deployment)?.spec.template?.spec.containers.find((c) => c.image === "backend-review");

  it("lists every manifest in kustomization.yaml", () => {
    expect([...kustomization.resources].sort()).toEqual([...files].sort());
  });

  it.each([
    ["web", "backend-review-web", 1],
    ["worker", "backend-review-worker", 2],
  ])("runs the %s role with probes on the ops port, resource requests and a shutdown grace", (role, name, replicas) => {
    const deployment = named("Deployment", name);
    const container = appContainer(name);
    expect(deployment?.spec.replicas).toBe(replicas);
    expect(deployment?.spec.template?.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(env).toMatchObject({ BACKEND_REVIEW_ROLE: role, METRICS_PORT: "9102" });
    expect(container?.ports).toContainEqual({ name: "ops", containerPort: 9102 });
    expect(container?.livenessProbe?.httpGet).toEqual({ path: "/healthz", port: "ops" });
    expect(container?.readinessProbe?.httpGet).toEqual({ path: "/readyz", port: "ops" });
    expect(container?.resources?.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
  });

  it("sets only variables the App reads, secrets from the Secret the instructions create", () => {
    const documented = new Set(Array.from(readFileSync(path.join(K8S, "kustomization.yaml"), "utf8").matchAll(/--from-(?:literal|file)=([A-Z_]+)=/g), (m) => m[1]));
    for (const name of ["backend-review-web", "backend-review-worker"]) {
      const env = appContainer(name)?.env ?? [];
      expect(unknown(env.map((e) => e.name)), name).toEqual([]);
      const secrets = env.flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : []));
      expect(secrets.map((s) => s.key).sort(), name).toEqual(["ANTHROPIC_API_KEY", "APP_ID", "PRIVATE_KEY", "REDIS_URL", "WEBHOOK_SECRET"]);
      for (const ref of secrets) {
        expect(ref.name).toBe("backend-review");
        expect(documented.has(ref.key), `${ref.key} in the kubectl create secret instructions`).toBe(true);
      }
      // Secrets only through the Secret, never written into the manifest.
      expect(env.filter((e) => /KEY|SECRET|TOKEN|PASSWORD/.test(e.name) && e.value !== undefined)).toEqual([]);
    }
  });

  it("sends webhooks to the web pods' webhook port only", () => {
    const service = named("Service", "backend-review-webhooks");
    const web = named("Deployment", "backend-review-web");
    expect(service?.spec.selector).toEqual({ "app.kubernetes.io/name": "backend-review", "app.kubernetes.io/component": "web" });
    expect(web?.spec.template?.metadata.labels).toMatchObject(service?.spec.selector ?? { missing: true });
    expect(service?.spec.ports?.map((p) => p.targetPort)).toEqual(["webhooks"]);
    expect(appContainer("backend-review-web")?.ports).toContainEqual({ name: "webhooks", containerPort: 3000 });
  });
});
