import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    testTimeout: 20_000,
    reporters: ["default", "./test/helpers/closing-line-reporter.ts"],
  },
});
