/**
 * A STAND-IN FOR GOOGLE VERTEX AI serving Claude
 * (`POST /v1/projects/{project}/locations/{region}/publishers/anthropic/models/{model}:rawPredict`),
 * with the token endpoint of a workload identity federation (`POST /v1/token`, an OAuth token
 * exchange) so that real Google credentials code gets its access token here and nowhere else.
 * `writeCredentialsFile` writes the external account configuration GOOGLE_APPLICATION_CREDENTIALS
 * names, as a CI runner with workload identity federation has it.
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { answerCloudCall, type CloudAnswerOptions, type CloudCall } from "./cloud-messages.js";
import { listenLocal, readBody, sendJson } from "./http-kit.js";

export interface VertexStandInOptions extends Partial<Pick<CloudAnswerOptions, "structuredOutput" | "fenceUnstructured">> {
  project?: string;
  region?: string;
}

export interface VertexStandIn {
  port: number;
  /** The value for ANTHROPIC_VERTEX_BASE_URL (the SDK appends /projects/…:rawPredict). */
  baseUrl: string;
  project: string;
  region: string;
  /** Every call to the prediction endpoint, refused ones included. */
  calls: readonly CloudCall[];
  /** Access tokens handed out by the token endpoint. */
  tokensIssued: readonly string[];
  /** Writes an external account credentials file pointing at this stand-in's token endpoint; returns its path. */
  writeCredentialsFile(dir: string): string;
  close(): Promise<void>;
}

const RAW_PREDICT = /^\/v1\/projects\/([^/]+)\/locations\/([^/]+)\/publishers\/anthropic\/models\/([^/:]+):rawPredict$/;
const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";

const googleError = (code: number, message: string, status: string) => ({ error: { code, message, status } });
const STATUS: Record<number, string> = { 400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND" };

export async function startVertexStandIn(options: VertexStandInOptions = {}): Promise<VertexStandIn> {
  const project = options.project ?? "review-project";
  const region = options.region ?? "us-east5";
  const subjectToken = `subject-${randomUUID()}`;
  const calls: CloudCall[] = [];
  const tokensIssued: string[] = [];
  const cachedPrefixes = new Set<string>();
  const answerOptions: CloudAnswerOptions = { apiVersion: "vertex-2023-10-16", ...options };

  const server = await listenLocal(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const { raw, json } = await readBody(req);
    if (req.method === "POST" && url.pathname === "/v1/token") {
      const form = new URLSearchParams(raw);
      if (form.get("grant_type") !== TOKEN_EXCHANGE || form.get("subject_token") !== subjectToken) {
        sendJson(res, 400, { error: "invalid_grant", error_description: "the subject token is not the one this stand-in issued" });
        return;
      }
      const token = `ya29.standin-${tokensIssued.length + 1}`;
      tokensIssued.push(token);
      sendJson(res, 200, { access_token: token, issued_token_type: "urn:ietf:params:oauth:token-type:access_token", token_type: "Bearer", expires_in: 3600 });
      return;
    }
    const route = req.method === "POST" ? RAW_PREDICT.exec(url.pathname) : null;
    const reply = (status: number, body: unknown, modelId?: string) => {
      calls.push({ method: req.method ?? "", path: url.pathname, modelId, headers: req.headers, body: json as Record<string, unknown> | undefined, status });
      sendJson(res, status, body);
    };
    if (!route) return reply(404, googleError(404, `${req.method} ${url.pathname} is not served by the Vertex AI stand-in`, "NOT_FOUND"));
    const [, callProject, callRegion, rawModel = ""] = route;
    const modelId = decodeURIComponent(rawModel);
    const bearer = /^Bearer (\S+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (bearer === undefined || !tokensIssued.includes(bearer)) {
      return reply(401, googleError(401, "Request had invalid authentication credentials.", "UNAUTHENTICATED"), modelId);
    }
    if (callProject !== project || callRegion !== region) {
      return reply(404, googleError(404, `no Claude endpoint for project ${callProject} in ${callRegion}`, "NOT_FOUND"), modelId);
    }
    const answer = answerCloudCall(modelId, json, answerOptions, cachedPrefixes, (status, message) => googleError(status, message, STATUS[status] ?? "UNKNOWN"));
    return reply(answer.status, answer.body, modelId);
  });

  const baseUrl = `http://127.0.0.1:${server.port}`;
  return {
    port: server.port,
    baseUrl: `${baseUrl}/v1`,
    project,
    region,
    calls,
    tokensIssued,
    writeCredentialsFile(dir: string): string {
      const subjectFile = path.join(dir, "subject-token");
      writeFileSync(subjectFile, subjectToken);
      const file = path.join(dir, "external-account.json");
      const config = {
        type: "external_account",
        audience: `//iam.googleapis.com/projects/1234567890/locations/global/workloadIdentityPools/stand-in/providers/stand-in`,
        subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
        token_url: `${baseUrl}/v1/token`,
        credential_source: { file: subjectFile },
      };
      writeFileSync(file, JSON.stringify(config, null, 2));
      return file;
    },
    close: () => server.close(),
  };
}
