import { DataPipelineClient } from "@aws-sdk/client-data-pipeline";
import { getSettings } from "@/lib/config/settings";
import { closeDb } from "@/lib/store/db";
import { formatImportReport, importFromAws } from "./import-from-aws";
import { localImportTarget } from "./local-target";

export const IMPORT_USAGE = `npm run admin -- import-from-aws [--region R] [--profile P] [--endpoint URL] [--account ACCOUNT] [--pipeline-id ID ...] [--activate]

Reads pipelines from AWS Data Pipeline with the AWS SDK (credentials: the usual chain, or --profile)
and creates them on this server's database (DATABASE_URL) under the same name and uniqueId, with
definition, parameters, values, description and tags. Safe to run again: what is already here is
left alone. --activate activates the pipelines that are active on AWS. --endpoint reads from another
server that speaks the Data Pipeline API. Exit code 1 when any pipeline could not be imported.`;

export interface ImportArgs {
  region?: string;
  profile?: string;
  endpoint?: string;
  account?: string;
  pipelineIds: string[];
  activate: boolean;
}

export function parseImportArgs(
  argv: readonly string[],
): { ok: true; args: ImportArgs } | { ok: false; message: string } | { ok: "help" } {
  const args: ImportArgs = { pipelineIds: [], activate: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new Error(`${arg} needs a value`);
      i += 1;
      return v;
    };
    try {
      switch (arg) {
        case "--help":
        case "-h":
          return { ok: "help" };
        case "--region":
          args.region = value();
          break;
        case "--profile":
          args.profile = value();
          break;
        case "--endpoint":
          args.endpoint = value();
          break;
        case "--account":
          args.account = value();
          break;
        case "--activate":
          args.activate = true;
          break;
        case "--pipeline-id":
          args.pipelineIds.push(value());
          // `--pipeline-id A B C`: every following word that is not a flag is another id.
          while (argv[i + 1] !== undefined && !argv[i + 1]!.startsWith("--")) args.pipelineIds.push(argv[++i]!);
          break;
        default:
          return { ok: false, message: `unknown argument ${arg}` };
      }
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }
  if (args.endpoint) {
    try {
      new URL(args.endpoint);
    } catch {
      return { ok: false, message: `--endpoint ${args.endpoint} is not a URL` };
    }
  }
  return { ok: true, args };
}

/** The account pipelines are created in: --account (a 12-digit id; names arrive with accounts) or ACCOUNT_ID. */
function resolveAccountId(account: string | undefined): string {
  if (account === undefined) return getSettings().ACCOUNT_ID;
  if (/^\d{12}$/.test(account)) return account;
  throw new Error(`--account ${account}: this server knows accounts by their 12-digit id`);
}

export async function runImportFromAws(argv: readonly string[]): Promise<number> {
  const parsed = parseImportArgs(argv);
  if (parsed.ok === "help") {
    console.log(IMPORT_USAGE);
    return 0;
  }
  if (!parsed.ok) {
    console.error(`${parsed.message}\n\n${IMPORT_USAGE}`);
    return 2;
  }
  const { args } = parsed;
  if (!process.env.DATABASE_URL) {
    console.error("import-from-aws writes to this server's database: set DATABASE_URL (the Postgres the server uses).");
    return 2;
  }
  let accountId: string;
  try {
    accountId = resolveAccountId(args.account);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  // The SDK's credential chain reads the profile from AWS_PROFILE.
  if (args.profile) process.env.AWS_PROFILE = args.profile;
  const source = new DataPipelineClient({
    region: args.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...(args.endpoint ? { endpoint: args.endpoint } : {}),
  });
  try {
    const reports = await importFromAws(source, localImportTarget(accountId), {
      pipelineIds: args.pipelineIds,
      activate: args.activate,
    });
    console.log(formatImportReport(reports));
    return reports.some((r) => r.status === "failed") ? 1 : 0;
  } finally {
    source.destroy();
    await closeDb();
  }
}
