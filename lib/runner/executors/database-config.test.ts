import type { PipelineObject } from "@aws-sdk/client-data-pipeline";
import { describe, expect, it } from "vitest";
import { readDatabaseConfig } from "./database-config";

const db = (fields: Record<string, string | string[]>): PipelineObject => ({
  id: "Db",
  name: "Db",
  fields: Object.entries(fields).flatMap(([key, v]) =>
    (Array.isArray(v) ? v : [v]).map((stringValue) => ({ key, stringValue })),
  ),
});

describe("readDatabaseConfig", () => {
  it("reads a JDBC Postgres connection string with username, *password and jdbcProperties", () => {
    const config = readDatabaseConfig(
      db({
        type: "JdbcDatabase",
        connectionString: "jdbc:postgresql://db.example:6543/sales",
        username: "etl",
        "*password": "s3cret",
        jdbcProperties: ["sslmode=require"],
      }),
    );
    expect(config).toEqual({
      dialect: "postgres",
      host: "db.example",
      port: 6543,
      database: "sales",
      user: "etl",
      password: "s3cret",
      ssl: true,
      label: "postgresql://db.example:6543/sales",
    });
  });

  it("picks mysql2 for mysql and mariadb, pg for redshift, with each default port", () => {
    expect(readDatabaseConfig(db({ type: "JdbcDatabase", connectionString: "jdbc:mysql://h/app" }))).toMatchObject({
      dialect: "mysql",
      port: 3306,
      database: "app",
    });
    expect(
      readDatabaseConfig(db({ type: "JdbcDatabase", connectionString: "jdbc:mariadb://h:3307/app?user=u&password=p" })),
    ).toMatchObject({ dialect: "mysql", port: 3307, user: "u", password: "p" });
    expect(
      readDatabaseConfig(
        db({ type: "RedshiftDatabase", connectionString: "jdbc:redshift://c.example/dev", databaseName: "warehouse" }),
      ),
    ).toMatchObject({ dialect: "postgres", port: 5439, database: "warehouse" });
  });

  it("explains what it cannot connect to", () => {
    expect(() => readDatabaseConfig(db({ type: "RdsDatabase", rdsInstanceId: "prod-db" }))).toThrow(
      /does not look up rdsInstanceId/,
    );
    expect(() => readDatabaseConfig(db({ type: "RedshiftDatabase", clusterId: "c1" }))).toThrow(
      /does not look up clusterId/,
    );
    expect(() =>
      readDatabaseConfig(db({ type: "JdbcDatabase", connectionString: "jdbc:oracle:thin:@h:1521:x" })),
    ).toThrow(/scheme oracle is not supported/);
    expect(() => readDatabaseConfig(db({ type: "DynamoDBDataNode" }))).toThrow(
      /this runner connects to JdbcDatabase, RdsDatabase, RedshiftDatabase/,
    );
  });
});
