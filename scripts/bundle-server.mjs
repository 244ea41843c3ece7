// Compiles the server's entry point (scripts/serve.ts) and the admin CLI (scripts/admin.ts) to plain
// JavaScript in dist/, so a runtime image runs them with `node` alone: no tsx, no TypeScript, no
// devDependencies. Packages stay external (read from the pruned node_modules at run time); only our
// own code (scripts/, lib/, the generated Prisma client) is bundled. Run after `npm run build`.
import { build } from "esbuild";

await build({
  entryPoints: { serve: "scripts/serve.ts", admin: "scripts/admin.ts" },
  outdir: "dist",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: "linked",
  logLevel: "warning",
  // Bundled ESM has no `require`; a few dependencies of lib/ still call it.
  banner: {
    js: 'import { createRequire as __phCreateRequire } from "node:module"; const require = __phCreateRequire(import.meta.url);',
  },
});
console.log("bundled dist/serve.mjs and dist/admin.mjs");
