// `npm run admin -- <command> ...`: operator commands that work on the server's database directly.
import { IMPORT_USAGE, runImportFromAws } from "@/lib/admin/import-cli";

const COMMANDS: Record<string, { usage: string; run: (argv: readonly string[]) => Promise<number> }> = {
  "import-from-aws": { usage: IMPORT_USAGE, run: runImportFromAws },
};

function usage(): string {
  return `npm run admin -- <command> [options]\n\ncommands:\n${Object.values(COMMANDS).map((c) => `  ${c.usage.split("\n")[0]}`).join("\n")}`;
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    console.log(usage());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`unknown command ${name}\n\n${usage()}`);
    return 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
