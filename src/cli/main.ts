#!/usr/bin/env node
/** The `backend-review` command. Everything but the process itself lives in runCli, where tests reach it. */
import { nodeIo } from "./io.js";
import { runCli } from "./run-cli.js";

await runCli(process.argv.slice(2), nodeIo());
