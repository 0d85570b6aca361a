import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // action/index.mjs is generated (npm run build:action) from src/, which is linted.
  { ignores: ["dist/", "node_modules/", "coverage/", "action/index.mjs"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  {
    files: ["src/cli/**", "bench/**", "dev/**", "eval/**", "scripts/**", "test/**"],
    rules: { "no-console": "off" },
  },
);
