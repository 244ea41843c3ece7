// proxy.ts leaves the Host rule of /api/console/ to the BFF's handlers (it never sees requests with
// a body): every handler must therefore be wrapped by secured() or consoleRoute(), which applies it.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CONSOLE_API = path.resolve(import.meta.dirname, "..", "..", "app", "api", "console");
const METHODS = "GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS";

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(path.join(dir, e.name)) : e.name === "route.ts" ? [path.join(dir, e.name)] : [],
  );
}

describe("the console BFF", () => {
  const files = routeFiles(CONSOLE_API);

  it("has route files to check", () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it.each(files.map((f) => [path.relative(CONSOLE_API, f), f]))(
    "%s exports only handlers wrapped by secured() or consoleRoute()",
    (_, file) => {
      const source = readFileSync(file, "utf8");
      expect(source).not.toMatch(new RegExp(`export\\s+(async\\s+)?function\\s+(${METHODS})\\b`));
      expect(source).not.toMatch(new RegExp(`export\\s*\\{[^}]*\\b(${METHODS})\\b`));
      const exported = [...source.matchAll(new RegExp(`export\\s+const\\s+(${METHODS})\\s*=\\s*([A-Za-z]+)\\(`, "g"))];
      expect(exported.length, "exports at least one handler").toBeGreaterThan(0);
      for (const [, method, wrapper] of exported)
        expect(["secured", "consoleRoute"], `${method} is wrapped by ${wrapper}`).toContain(wrapper);
      const allExports = [...source.matchAll(new RegExp(`export\\s+const\\s+(${METHODS})\\b`, "g"))];
      expect(allExports.length).toBe(exported.length);
    },
  );
});
