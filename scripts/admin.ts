// Administration against the server's database: `npm run admin -- <command> [options]`.
// Runs where the server runs (same DATABASE_URL, or the same DATA_DIR for the embedded Postgres,
// and the same SECRET_KEY or DATA_DIR/secret-key, which seal access key secrets).
import { parseArgs } from "node:util";

const USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-account NAME                  create an account (a tenant that owns pipelines, tasks and keys)
  list-accounts [--json]               list accounts
  create-key --account NAME --role admin|operator|runner|readonly [--description TEXT] [--json]
                                       create an access key (the account is created if missing); the
                                       secret is shown once. --json prints
                                       {"accessKeyId", "secretAccessKey", "account", "role"}
  list-keys [--account NAME] [--json]  list access keys (never their secrets)
  disable-key ACCESS_KEY_ID            refuse the key's calls from now on (enable-key undoes it)
  enable-key ACCESS_KEY_ID
  delete-key ACCESS_KEY_ID             delete the key
  create-user --email EMAIL --role viewer|operator|admin [--account NAME] [--password-stdin] [--json]
                                       create a console user (or set an existing one's role in the
                                       account, default: the default account); without
                                       --password-stdin a new user gets a generated password, shown once
  import-from-aws [--region R] [--profile P] [--endpoint URL] [--account ID] [--pipeline-id ID ...] [--activate]
                                       copy pipelines (definitions, parameters, tags, state) from AWS
                                       Data Pipeline or any server speaking its API; safe to run twice

Settings: DATABASE_URL (else the embedded Postgres in DATA_DIR, default .data), SECRET_KEY (else
DATA_DIR/secret-key), ACCOUNT_ID (the default account's id).`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function table(rows: Record<string, string>[]): string {
  if (rows.length === 0) return "(none)";
  const cols = Object.keys(rows[0]!);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: Record<string, string>) =>
    cols
      .map((c, i) => (r[c] ?? "").padEnd(width[i]!))
      .join("  ")
      .trimEnd();
  return [line(Object.fromEntries(cols.map((c) => [c, c]))), ...rows.map(line)].join("\n");
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "help") {
    console.log(USAGE);
    return;
  }
  if (command === "import-from-aws") {
    // Its own options and usage (lib/admin/import-cli.ts); it reaches the database on its own.
    const { runImportFromAws } = await import("../lib/admin/import-cli");
    process.exitCode = await runImportFromAws(rest);
    return;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: {
        account: { type: "string" },
        role: { type: "string" },
        description: { type: "string" },
        email: { type: "string" },
        "password-stdin": { type: "boolean" },
        json: { type: "boolean" },
      },
    });
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  const { values: v, positionals } = parsed;
  const known = [
    "create-account",
    "list-accounts",
    "create-key",
    "list-keys",
    "disable-key",
    "enable-key",
    "delete-key",
    "create-user",
  ];
  if (!known.includes(command)) fail(`unknown command '${command}'\n\n${USAGE}`, 2);
  const one = (what: string): string => {
    if (positionals.length !== 1) fail(`${command} takes one ${what}\n\n${USAGE}`, 2);
    return positionals[0]!;
  };
  const required = (name: "account" | "role" | "email"): string =>
    v[name] ?? fail(`${command} needs --${name}\n\n${USAGE}`, 2);
  // Read what the command needs before connecting, so a usage error costs nothing.
  const password = command === "create-user" && v["password-stdin"] ? await readStdin() : undefined;

  const { openAdminDatabase } = await import("../lib/admin/database");
  const db = await openAdminDatabase();
  process.env.DATABASE_URL = db.url;
  const { applyMigrations } = await import("../lib/store/migrate");
  const { Client } = await import("pg");
  const client = new Client({ connectionString: db.url });
  await client.connect();
  await applyMigrations(client);
  await client.end();
  const admin = await import("../lib/admin/commands");
  const { closeDb } = await import("../lib/store/db");
  try {
    switch (command) {
      case "create-account": {
        const { account, created } = await admin.createAccount(one("NAME"));
        console.log(
          v.json
            ? JSON.stringify({ id: account.id, name: account.name, created })
            : `${created ? "created" : "exists"}: account ${account.name} (${account.id})`,
        );
        break;
      }
      case "list-accounts": {
        const rows = await admin.accounts();
        console.log(
          v.json
            ? JSON.stringify(rows)
            : table(rows.map((a) => ({ ID: a.id, NAME: a.name, CREATED: a.createdAt.toISOString() }))),
        );
        break;
      }
      case "create-key": {
        const key = await admin.createKey({
          account: required("account"),
          role: required("role"),
          description: v.description,
        });
        if (v.json) {
          console.log(
            JSON.stringify({
              accessKeyId: key.accessKeyId,
              secretAccessKey: key.secretAccessKey,
              account: key.account,
              role: key.role,
            }),
          );
        } else {
          console.log(
            `access key for account ${key.account} (${key.accountId}), role ${key.role}. The secret is shown only now:`,
          );
          console.log(`AWS_ACCESS_KEY_ID=${key.accessKeyId}`);
          console.log(`AWS_SECRET_ACCESS_KEY=${key.secretAccessKey}`);
        }
        break;
      }
      case "list-keys": {
        const rows = await admin.keys({ account: v.account });
        if (v.json) console.log(JSON.stringify(rows));
        else
          console.log(
            table(
              rows.map((k) => ({
                ACCESS_KEY_ID: k.accessKeyId,
                ACCOUNT: `${k.accountName} (${k.accountId})`,
                ROLE: k.role,
                STATE: k.disabled ? "disabled" : "active",
                CREATED: k.createdAt.toISOString(),
                LAST_USED: k.lastUsedAt?.toISOString() ?? "never",
                DESCRIPTION: k.description ?? "",
              })),
            ),
          );
        break;
      }
      case "disable-key":
      case "enable-key": {
        const id = one("ACCESS_KEY_ID");
        await admin.setKeyDisabled(id, command === "disable-key");
        console.log(`${command === "disable-key" ? "disabled" : "enabled"}: ${id}`);
        break;
      }
      case "delete-key": {
        const id = one("ACCESS_KEY_ID");
        await admin.removeKey(id);
        console.log(`deleted: ${id}`);
        break;
      }
      case "create-user": {
        const out = await admin.createUser({
          email: required("email"),
          role: required("role"),
          account: v.account,
          password,
        });
        if (v.json) console.log(JSON.stringify(out));
        else {
          console.log(`${out.created ? "created" : "updated"}: ${out.email}, ${out.role} of account ${out.account}`);
          if (out.password) console.log(`password (shown only now): ${out.password}`);
        }
        break;
      }
    }
  } catch (err) {
    if (err instanceof admin.AdminError) fail(err.message);
    throw err;
  } finally {
    await closeDb();
    await db.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => fail(`admin: ${(err as Error).message}`));
