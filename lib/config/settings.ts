import { z } from "zod";

// Every tunable the server reads from its environment, validated once. Timings default to what
// AWS Data Pipeline documents (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_PollForTask.html).
const SettingsInput = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  /**
   * A session (direct) connection to the same database, for LISTEN and migrations, when DATABASE_URL
   * goes through a transaction-mode pooler (PgBouncer, Supabase/Neon poolers) that cannot carry them.
   */
  DIRECT_DATABASE_URL: z.string().min(1).optional(),
  /**
   * `transaction`: DATABASE_URL is a transaction-mode pooler, so nothing session-bound goes through
   * it; without DIRECT_DATABASE_URL waiting polls are woken by the periodic re-check instead of LISTEN.
   */
  DATABASE_POOL_MODE: z.enum(["session", "transaction"]).default("session"),
  DATA_DIR: z.string().min(1).default(".data"),
  ACCOUNT_ID: z
    .string()
    .regex(/^\d{12}$/)
    .default("000000000000"),
  /** Live pipelines per account (AWS's default limit is 1000). */
  MAX_PIPELINES: z.coerce.number().int().min(1).default(1000),
  MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  LONG_POLL_SECONDS: z.coerce.number().min(0).max(900).default(90),
  /**
   * The time limit of the function that serves the API route, when the host enforces one lower than
   * the route's declared maxDuration (hosts that ignore it): held polls end before it.
   */
  FUNCTION_TIME_LIMIT_SECONDS: z.coerce.number().int().min(2).max(3_600).optional(),
  ACK_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  PROGRESS_TIMEOUT_SECONDS: z.coerce.number().positive().default(900),
  /** Retry delay when a definition sets none (AWS documents a 2-minute minimum between retries). */
  DEFAULT_RETRY_DELAY_SECONDS: z.coerce.number().min(0).default(120),
  /** maximumRetries when a definition sets none. */
  DEFAULT_MAXIMUM_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
  /**
   * Multiplies the durations a definition sets (retryDelay, attemptTimeout, reportProgressTimeout,
   * preconditionTimeout). 1 in production; tests and demos shrink minutes to seconds with e.g. 0.01.
   */
  DURATION_SCALE: z.coerce.number().positive().max(1).default(1),
  /** How often the background ticker plans schedules and expires leases. */
  TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Run the ticker inside the server process (off for serverless hosts, which call POST /api/tick). */
  BACKGROUND_TICKER: z.enum(["on", "off"]).default("on"),
  /** A shared secret for POST /api/tick; unset = the route only answers loopback callers. */
  TICK_TOKEN: z.string().min(16).optional(),
  /** Vercel Cron's bearer secret: accepted by POST /api/tick like TICK_TOKEN. */
  CRON_SECRET: z.string().min(1).optional(),
  /** The address users reach the console at; when set, other Host names are refused (DNS rebinding). */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** A console session ends after this long without a request... */
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** ...and this long after sign-in, whatever happens. */
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24)
    .default(12),
  /** Single sign-on with an OpenID Connect provider: all three set, or none. */
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The ID-token (or userinfo) claim that carries the console role (a string or a list of strings). */
  OIDC_ROLE_CLAIM: z.string().min(1).default("pipelinehouse_role"),
  /** Maps claim values to roles, `value=role,...` (e.g. `dp-admins=admin,dp-ops=operator`); unset = the values are role names. */
  OIDC_ROLE_MAP: z.string().optional(),
  /** The scopes single sign-on asks for; add the one that releases OIDC_ROLE_CLAIM if your provider needs it. */
  OIDC_SCOPES: z.string().min(1).default("openid email profile"),
  /** The name on the sign-in page's single sign-on button. */
  OIDC_NAME: z.string().min(1).default("single sign-on"),
  DB_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** Wall-clock limit of one expression evaluation (EvaluateExpression, task objects, the console). */
  EXPRESSION_TIME_LIMIT_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** PollForTask calls held at once by this process; more are answered ThrottlingException. Unset: from the open-file limit. */
  MAX_HELD_POLLS: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** PollForTask calls held at once per access key in this process (unset: half of MAX_HELD_POLLS). */
  MAX_HELD_POLLS_PER_KEY: z.coerce.number().int().min(1).max(1_000_000).optional(),
  /** How long a call waits for a database connection before it is shed with ThrottlingException. */
  DB_POOL_WAIT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** Server timeouts (npm start): request headers, idle keep-alive connections, and the whole request body. */
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(65),
  REQUEST_BODY_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3_600).default(60),
  /** Definition versions kept per pipeline besides the latest and the active one (0 = keep every version). */
  DEFINITION_VERSIONS_KEPT: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** Task runners whose last heartbeat is older than this are forgotten (0 = never). */
  TASK_RUNNER_RETENTION_HOURS: z.coerce.number().min(0).max(87_600).default(72),
  /**
   * Finished runs (every instance ended, nothing queued) untouched for longer than this many days are
   * deleted with their attempts, dependency edges and action deliveries (0 = keep every run).
   */
  RUN_HISTORY_RETENTION_DAYS: z.coerce.number().min(0).max(36_500).default(90),
  /** Lines below this level are not written (lib/log/logger.ts); "silent" writes none. */
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** On SIGTERM (npm start), how long calls in flight may take to finish before their connections are closed. */
  DRAIN_TIMEOUT_SECONDS: z.coerce.number().min(0).max(3_600).default(30),
  /** Bearer token for GET /metrics; unset = only loopback callers of `npm start` (nobody under `next start`). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Worker groups (per account) reported by /metrics, the largest queues first. */
  METRICS_MAX_GROUPS: z.coerce.number().int().min(1).max(100_000).default(500),
  /** Time limit of the one queue query a scrape makes. */
  METRICS_QUERY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  // Actions (onSuccess, onFail, onLateAction): SnsAlarm through SNS, every action to a webhook.
  /** Publish SnsAlarm actions through SNS (off for teams that only use the webhook). */
  ACTION_SNS: z.enum(["on", "off"]).default("on"),
  /** An SNS-compatible endpoint; unset = AWS's endpoint for the topic's region. */
  SNS_ENDPOINT: z.url().optional(),
  /** Region for SNS when the topicArn names none. */
  SNS_REGION: z.string().min(1).default("us-east-1"),
  /** Static SNS credentials; unset = the SDK's usual chain (environment, profile, instance role). */
  SNS_ACCESS_KEY_ID: z.string().min(1).optional(),
  SNS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Every action is also POSTed here as JSON, signed with ACTION_WEBHOOK_SECRET (HMAC-SHA256). */
  ACTION_WEBHOOK_URL: z.url().optional(),
  ACTION_WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Tries per delivery before it is marked FAILED on the instance. */
  ACTION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** First retry delay; each further retry doubles it (at most 15 minutes). */
  ACTION_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
  /** Time limit of one SNS publish or webhook call. */
  ACTION_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
});

export type Settings = z.infer<typeof SettingsInput>;

function checkActionSettings(settings: Settings): string | undefined {
  if (settings.ACTION_WEBHOOK_URL && !settings.ACTION_WEBHOOK_SECRET)
    return "ACTION_WEBHOOK_URL needs ACTION_WEBHOOK_SECRET (at least 16 characters), which signs every request";
  if (Boolean(settings.SNS_ACCESS_KEY_ID) !== Boolean(settings.SNS_SECRET_ACCESS_KEY))
    return "SNS_ACCESS_KEY_ID and SNS_SECRET_ACCESS_KEY go together";
  return undefined;
}

let cached: Settings | undefined;

export function getSettings(): Settings {
  if (!cached) {
    const parsed = SettingsInput.safeParse(process.env);
    if (!parsed.success) {
      throw new Error(`Invalid environment settings: ${z.prettifyError(parsed.error)}`);
    }
    const problem = checkActionSettings(parsed.data);
    if (problem) throw new Error(`Invalid environment settings: ${problem}`);
    cached = parsed.data;
  }
  return cached;
}

/**
 * LOG_LEVEL alone, read from the environment now and not cached: the logger may be created before
 * scripts/serve.ts has set DATABASE_URL (embedded Postgres), and reading the whole settings then
 * would cache them without it.
 */
export function logLevelSetting(): Settings["LOG_LEVEL"] {
  const parsed = SettingsInput.shape.LOG_LEVEL.safeParse(process.env.LOG_LEVEL);
  if (!parsed.success) throw new Error(`Invalid environment settings: LOG_LEVEL: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Tests change the environment between cases; this forgets what was read. */
export function resetSettingsForTests(): void {
  cached = undefined;
}
