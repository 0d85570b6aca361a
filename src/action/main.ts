import { nodeIo } from "../cli/io.js";
import { runAction } from "./run-action.js";

// The Action's entry, bundled into action/index.mjs (npm run build:action) so a runner needs no install.
const io = nodeIo();
io.exit(await runAction(io));
