import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareApp } from "../src/startup.js";

const base = { ANTHROPIC_API_KEY: "sk-ant-secret-value" };

describe("prepareApp: the App never starts half-working", () => {
  it("starts with only the API key, using the agent's model and the default limits", async () => {
    const startup = await prepareApp(base);
    expect(startup.ok).toBe(true);
    if (!startup.ok) return;
    expect(startup.deps.agent.name).toBe("backend-developer");
    expect(startup.deps.settings).toMatchObject({ model: "claude-sonnet-5-5", concurrency: 4, chunkTokens: 24_000, reviewTokens: 400_000, failOn: "never" });
  });

  it("names a missing ANTHROPIC_API_KEY", async () => {
    expect(await prepareApp({})).toEqual({
      ok: false,
      problems: ["ANTHROPIC_API_KEY is not set: the reviewer calls Anthropic's API with it"],
    });
  });

  it("lists every invalid variable at once and never echoes a value", async () => {
    const startup = await prepareApp({
      ANTHROPIC_API_KEY: "  ",
      ANTHROPIC_BASE_URL: "not a url sk-ant-leak",
      BACKEND_REVIEW_MODEL_CONCURRENCY: "0",
      BACKEND_REVIEW_CHUNK_TOKENS: "lots",
    });
    expect(startup).toEqual({
      ok: false,
      problems: [
        "ANTHROPIC_API_KEY is empty: the reviewer calls Anthropic's API with it",
        "ANTHROPIC_BASE_URL must be an http(s) URL",
        "BACKEND_REVIEW_MODEL_CONCURRENCY must be a whole number from 1 to 16 (model calls at once within one review)",
        "BACKEND_REVIEW_CHUNK_TOKENS must be a whole number from 2000 to 150000 (estimated diff tokens per model call)",
      ],
    });
    expect(JSON.stringify(startup)).not.toContain("sk-ant");
  });

  it("names an unreadable agent file", async () => {
    const startup = await prepareApp({ ...base, BACKEND_REVIEW_AGENT_FILE: "/nowhere/agent.md" });
    expect(startup).toEqual({ ok: false, problems: ["cannot read agent file /nowhere/agent.md: ENOENT"] });
  });

  it("names an agent file without front matter", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "agent-"));
    const file = path.join(dir, "agent.md");
    writeFileSync(file, "You are a reviewer.\n");
    const startup = await prepareApp({ ...base, BACKEND_REVIEW_AGENT_FILE: file });
    expect(startup.ok).toBe(false);
    if (startup.ok) return;
    expect(startup.problems).toEqual([`${file}: line 1: the file must start with a '---' front matter block`]);
  });

  it("lets BACKEND_REVIEW_MODEL override the agent's model, by alias or full id", async () => {
    const byAlias = await prepareApp({ ...base, BACKEND_REVIEW_MODEL: "haiku" });
    const byId = await prepareApp({ ...base, BACKEND_REVIEW_MODEL: "claude-opus-4-6" });
    expect(byAlias.ok && byAlias.deps.settings.model).toBe("claude-haiku-5-5");
    expect(byId.ok && byId.deps.settings.model).toBe("claude-opus-4-6");
  });

  it("refuses a BACKEND_REVIEW_MODEL that is no model id", async () => {
    const startup = await prepareApp({ ...base, BACKEND_REVIEW_MODEL: "the best one" });
    expect(startup.ok).toBe(false);
    if (startup.ok) return;
    expect(startup.problems[0]).toMatch(/^BACKEND_REVIEW_MODEL .*unknown model "the best one"/);
  });
});
