import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import { str, strs, TaskError, typeOf } from "./task-view";

// How a JdbcDatabase / RdsDatabase / RedshiftDatabase object becomes a driver configuration. AWS's
// runner loads a JDBC driver for the connection string; here the string's scheme picks a Node driver:
// postgresql and redshift speak the Postgres protocol (pg), mysql and mariadb go to mysql2.

export type Dialect = "postgres" | "mysql";

export interface DatabaseConfig {
  dialect: Dialect;
  host: string;
  port: number;
  database: string | undefined;
  user: string | undefined;
  password: string | undefined;
  /** Postgres only: sslmode from the URL or jdbcProperties. */
  ssl: boolean;
  /** Shown in messages instead of the connection string, which may hold a password. */
  label: string;
}

const DIALECTS = new Map<string, { dialect: Dialect; port: number }>([
  ["postgresql", { dialect: "postgres", port: 5432 }],
  ["postgres", { dialect: "postgres", port: 5432 }],
  ["redshift", { dialect: "postgres", port: 5439 }],
  ["mysql", { dialect: "mysql", port: 3306 }],
  ["mariadb", { dialect: "mysql", port: 3306 }],
]);

export const DATABASE_TYPES = ["JdbcDatabase", "RdsDatabase", "RedshiftDatabase"] as const;

/** `key=value` pairs of jdbcProperties and of the URL's query string. */
function readProperties(database: PipelineObject, url: URL): Map<string, string> {
  const props = new Map<string, string>();
  for (const [k, v] of url.searchParams) props.set(k.toLowerCase(), v);
  for (const entry of strs(database, "jdbcProperties")) {
    const at = entry.indexOf("=");
    if (at > 0) props.set(entry.slice(0, at).trim().toLowerCase(), entry.slice(at + 1).trim());
  }
  return props;
}

function connectionStringOf(database: PipelineObject): string {
  const type = typeOf(database) ?? "(untyped)";
  const connectionString = str(database, "connectionString");
  if (connectionString) return connectionString;
  if (type === "RdsDatabase") {
    throw new TaskError(
      "UnsupportedDatabase",
      `RdsDatabase ${database.id} has no connectionString: this runner does not look up rdsInstanceId through the RDS API; use a JdbcDatabase with connectionString jdbc:postgresql://host:port/db or jdbc:mysql://host:port/db (or add connectionString to the RdsDatabase).`,
    );
  }
  if (type === "RedshiftDatabase") {
    throw new TaskError(
      "UnsupportedDatabase",
      `RedshiftDatabase ${database.id} has no connectionString: this runner does not look up clusterId through the Redshift API; set connectionString jdbc:redshift://host:5439/db.`,
    );
  }
  throw new TaskError("MissingConnectionString", `${type} ${database.id} has no connectionString.`);
}

/** Reads the database object the way AWS documents its fields (connectionString, username, *password, databaseName, jdbcProperties). */
export function readDatabaseConfig(database: PipelineObject): DatabaseConfig {
  const type = typeOf(database);
  if (type === undefined || !(DATABASE_TYPES as readonly string[]).includes(type)) {
    throw new TaskError(
      "UnsupportedDatabase",
      `Database ${database.id} has type ${type ?? "(missing)"}; this runner connects to ${DATABASE_TYPES.join(", ")}.`,
    );
  }
  const raw = connectionStringOf(database);
  const withoutJdbc = raw.replace(/^jdbc:/i, "");
  let url: URL;
  try {
    url = new URL(withoutJdbc);
  } catch {
    throw new TaskError(
      "InvalidConnectionString",
      `${database.id}: connectionString is not a URL of the form jdbc:postgresql://host:port/database.`,
    );
  }
  const scheme = url.protocol.replace(/:$/, "").toLowerCase();
  const known = DIALECTS.get(scheme);
  if (!known) {
    throw new TaskError(
      "UnsupportedDatabase",
      `${database.id}: connection string scheme ${scheme} is not supported; this runner speaks postgresql, redshift (pg) and mysql, mariadb (mysql2).`,
    );
  }
  const props = readProperties(database, url);
  const pathDb = decodeURIComponent(url.pathname.replace(/^\//, "")) || undefined;
  const sslmode = props.get("sslmode") ?? (props.get("ssl") === "true" ? "require" : undefined);
  return {
    dialect: known.dialect,
    host: url.hostname,
    port: url.port ? Number(url.port) : known.port,
    database: str(database, "databaseName") ?? pathDb,
    user:
      str(database, "username") ?? props.get("user") ?? (url.username ? decodeURIComponent(url.username) : undefined),
    password:
      str(database, "*password") ??
      str(database, "password") ??
      props.get("password") ??
      (url.password ? decodeURIComponent(url.password) : undefined),
    ssl: sslmode !== undefined && sslmode !== "disable",
    label: `${scheme}://${url.hostname}${url.port ? `:${url.port}` : ""}/${pathDb ?? ""}`,
  };
}
