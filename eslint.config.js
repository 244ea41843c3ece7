// ESLint (flat config): the JavaScript and typescript-eslint recommended rules, the rules of hooks, and
// import-x's no-cycle so that no module can reach itself again through its imports.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import { importX } from "eslint-plugin-import-x";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      ".next/",
      ".data/",
      ".test-data/",
      "lib/generated/",
      "test-results/",
      "playwright-report/",
      "bench/results/",
      // Build output of scripts/docker-smoke.sh (the bundled server) and its cache: gitignored, not source.
      "dist/",
      ".cache/",
      "runner-logs/",
      "next-env.d.ts",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks, "import-x": importX },
    settings: {
      // import-x must parse .ts/.tsx files itself to follow their imports, and resolve "@/..." through tsconfig.json.
      "import-x/extensions": importX.flatConfigs.typescript.settings["import-x/extensions"],
      "import-x/parsers": importX.flatConfigs.typescript.settings["import-x/parsers"],
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json" })],
      "import-x/internal-regex": "^@/",
    },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      // Dynamic import() counts: hiding a cycle behind `await import(...)` is still a cycle. (The rule skips
      // type-only imports; those cycles are kept out by hand, e.g. bench/lib/results.ts.)
      "import-x/no-cycle": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // Plain Node scripts: the bench's CommonJS probe, the Prisma generator wrapper, the Next config.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        global: "readonly",
        require: "readonly",
        module: "writable",
      },
    },
  },
  {
    files: ["**/*.cjs"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
