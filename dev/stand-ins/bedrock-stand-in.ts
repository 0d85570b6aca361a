/**
 * A STAND-IN FOR AMAZON BEDROCK'S InvokeModel (`POST /model/{modelId}/invoke`) serving Claude, for
 * tests and local runs. It checks what Bedrock checks before a model sees the request: a SigV4
 * `authorization` header for the `bedrock` service in its region with `x-amz-date` among the
 * signed headers (or a Bedrock API key as a bearer token), `anthropic_version` in the body, no
 * `model` key. The signature itself is not verified: the stand-in holds no secret.
 */
import { answerCloudCall, type CloudAnswerOptions, type CloudCall } from "./cloud-messages.js";
import { listenLocal, readBody, sendJson } from "./http-kit.js";

export interface BedrockStandInOptions extends Partial<Pick<CloudAnswerOptions, "structuredOutput" | "fenceUnstructured">> {
  /** The region the signature must name; us-east-1 unless given. */
  region?: string;
}

export interface BedrockStandIn {
  port: number;
  /** The value for ANTHROPIC_BEDROCK_BASE_URL (the SDK appends /model/{id}/invoke). */
  baseUrl: string;
  region: string;
  calls: readonly CloudCall[];
  close(): Promise<void>;
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([^/\s]+)\/bedrock\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/;
const AMZ_DATE = /^\d{8}T\d{6}Z$/;
const INVOKE = /^\/model\/([^/]+)\/invoke$/;

/** Bedrock's error body, with the error type in a header as the AWS SDKs read it. */
const bedrockError = (message: string) => ({ message });

export async function startBedrockStandIn(options: BedrockStandInOptions = {}): Promise<BedrockStandIn> {
  const region = options.region ?? "us-east-1";
  const calls: CloudCall[] = [];
  const cachedPrefixes = new Set<string>();
  const answerOptions: CloudAnswerOptions = { apiVersion: "bedrock-2023-05-31", ...options };

  const server = await listenLocal(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://stand-in").pathname;
    const { json } = await readBody(req);
    const route = req.method === "POST" ? INVOKE.exec(path) : null;
    const modelId = route?.[1] === undefined ? undefined : decodeURIComponent(route[1]);
    const record = (status: number) =>
      calls.push({ method: req.method ?? "", path, modelId, headers: req.headers, body: json as Record<string, unknown> | undefined, status });
    if (modelId === undefined) {
      record(404);
      sendJson(res, 404, bedrockError(`${req.method} ${path} is not served by the Bedrock stand-in`), { "x-amzn-errortype": "UnknownOperationException" });
      return;
    }
    const refusal = authRefusal(req.headers, region);
    if (refusal) {
      record(403);
      sendJson(res, 403, bedrockError(refusal), { "x-amzn-errortype": "UnrecognizedClientException" });
      return;
    }
    const answer = answerCloudCall(modelId, json, answerOptions, cachedPrefixes, (_status, message) => bedrockError(message));
    record(answer.status);
    const headers: Record<string, string> = { "x-amzn-requestid": `standin-${calls.length}` };
    if (answer.status !== 200) headers["x-amzn-errortype"] = "ValidationException";
    sendJson(res, answer.status, answer.body, headers);
  });

  return { port: server.port, baseUrl: `http://127.0.0.1:${server.port}`, region, calls, close: () => server.close() };
}

/** Why Bedrock would refuse the request's authentication, or undefined when it looks right. */
function authRefusal(headers: CloudCall["headers"], region: string): string | undefined {
  const authorization = headers.authorization ?? "";
  if (/^Bearer \S+$/.test(authorization)) return undefined;
  const sigv4 = SIGV4.exec(authorization);
  if (!sigv4) return "Missing Authentication Token: expected a SigV4 authorization header or a Bedrock API key";
  const [, , date, signedRegion, signedHeaders = ""] = sigv4;
  if (signedRegion !== region) return `the signature is for region ${signedRegion}, this endpoint is ${region}`;
  const amzDate = headers["x-amz-date"];
  if (typeof amzDate !== "string" || !AMZ_DATE.test(amzDate) || !amzDate.startsWith(date ?? "")) return "x-amz-date is missing or does not match the credential scope date";
  const signed = signedHeaders.split(";");
  if (!signed.includes("host") || !signed.includes("x-amz-date")) return "host and x-amz-date must be signed";
  if (headers["x-amz-security-token"] !== undefined && !signed.includes("x-amz-security-token")) return "x-amz-security-token must be signed";
  return undefined;
}
