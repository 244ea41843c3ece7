import { DELETED_PIPELINE_STATE } from "@/lib/objects/statuses";
import { randomInt } from "node:crypto";
import { pipelineDeleted, pipelineNotFound } from "@/lib/protocol/errors";
import type { Tag } from "@/lib/protocol/types";
import type { Pipeline } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import { forgetCachedDefinitions } from "./definitions";
import { toJson } from "./json";

export type { Pipeline };

const ID_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** `df-` + 20 characters of [0-9A-Z], the shape AWS pipeline ids have. */
export function newPipelineId(): string {
  let s = "df-";
  for (let i = 0; i < 20; i++) s += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return s;
}

export interface NewPipeline {
  accountId: string;
  name: string;
  uniqueId: string;
  description?: string;
  tags: Tag[];
}

/**
 * Creates the pipeline unless a live one with the same name and uniqueId exists, in which case that
 * one's id comes back. The partial unique index makes two racing calls agree on one pipeline.
 */
export async function createPipelineIdempotent(tx: Tx, p: NewPipeline): Promise<{ id: string; created: boolean }> {
  const id = newPipelineId();
  const inserted = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO pipelines (id, account_id, name, unique_id, description, tags)
    VALUES (${id}, ${p.accountId}, ${p.name}, ${p.uniqueId}, ${p.description ?? null}, ${JSON.stringify(p.tags)}::jsonb)
    ON CONFLICT (account_id, name, unique_id) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id`;
  if (inserted[0]) return { id: inserted[0].id, created: true };
  const existing = await tx.pipeline.findFirstOrThrow({
    where: { accountId: p.accountId, name: p.name, uniqueId: p.uniqueId, deletedAt: null },
    select: { id: true },
  });
  return { id: existing.id, created: false };
}

export async function countLivePipelines(tx: Tx, accountId: string): Promise<number> {
  return tx.pipeline.count({ where: { accountId, deletedAt: null } });
}

/** The live pipeline, or PipelineNotFoundException / PipelineDeletedException. `lock` takes a row lock for the transaction. */
export async function getPipelineOrThrow(
  tx: Tx,
  accountId: string,
  pipelineId: string,
  opts: { lock?: boolean } = {},
): Promise<Pipeline> {
  if (opts.lock) {
    await tx.$executeRaw`SELECT 1 FROM pipelines WHERE id = ${pipelineId} FOR UPDATE`;
  }
  const p = await tx.pipeline.findUnique({ where: { id: pipelineId } });
  if (!p || p.accountId !== accountId) throw pipelineNotFound(pipelineId);
  if (p.deletedAt) throw pipelineDeleted(pipelineId);
  return p;
}

/** Like getPipelineOrThrow but a tombstone also answers not-found (DeletePipeline's contract). */
export async function getLivePipelineForDeleteOrThrow(
  tx: Tx,
  accountId: string,
  pipelineId: string,
): Promise<Pipeline> {
  await tx.$executeRaw`SELECT 1 FROM pipelines WHERE id = ${pipelineId} FOR UPDATE`;
  const p = await tx.pipeline.findUnique({ where: { id: pipelineId } });
  if (!p || p.accountId !== accountId || p.deletedAt) throw pipelineNotFound(pipelineId);
  return p;
}

export async function findPipelinesByIds(tx: Tx, accountId: string, ids: string[]): Promise<Pipeline[]> {
  return tx.pipeline.findMany({ where: { id: { in: ids }, accountId } });
}

/** One page of live pipelines in creation order, after the given sequence number. */
export async function listPipelinesPage(tx: Tx, accountId: string, afterSeq: bigint, limit: number) {
  return tx.pipeline.findMany({
    where: { accountId, deletedAt: null, seq: { gt: afterSeq } },
    orderBy: { seq: "asc" },
    take: limit,
    select: { id: true, name: true, seq: true },
  });
}

export interface PipelineFilter {
  search?: string;
  states?: string[];
}

/** Live pipelines for the console, newest first. */
export async function findPipelines(tx: Tx, accountId: string, filter: PipelineFilter = {}): Promise<Pipeline[]> {
  return tx.pipeline.findMany({
    where: {
      accountId,
      deletedAt: null,
      ...(filter.states?.length ? { state: { in: filter.states } } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: { contains: filter.search, mode: "insensitive" } },
              { id: { contains: filter.search, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    orderBy: { seq: "desc" },
  });
}

export async function updatePipeline(
  tx: Tx,
  pipelineId: string,
  data: Partial<
    Pick<
      Pipeline,
      | "state"
      | "latestVersion"
      | "activeVersion"
      | "activationCount"
      | "firstActivatedAt"
      | "lastActivatedAt"
      | "lastDeactivatedAt"
      | "finishedAt"
      | "resumeFrom"
      | "deletedAt"
    >
  > & { tags?: Tag[] },
): Promise<void> {
  const { tags, ...rest } = data;
  await tx.pipeline.update({
    where: { id: pipelineId },
    data: { ...rest, ...(tags ? { tags: toJson(tags) } : {}), updatedAt: new Date() },
  });
}

/**
 * Tombstones the pipeline: its definitions and run history go, the row stays so later calls can
 * answer PipelineDeletedException.
 */
export async function tombstonePipeline(tx: Tx, pipelineId: string): Promise<void> {
  // Only frees memory: a cached version of a deleted pipeline is never served (its rows are gone).
  forgetCachedDefinitions(pipelineId);
  await tx.pipelineDefinition.deleteMany({ where: { pipelineId } });
  await tx.pipelineObject.deleteMany({ where: { pipelineId } });
  await tx.pipeline.update({
    where: { id: pipelineId },
    data: {
      deletedAt: new Date(),
      updatedAt: new Date(),
      state: DELETED_PIPELINE_STATE,
      activeVersion: null,
      latestVersion: null,
    },
  });
}

/**
 * Per-pipeline mutual exclusion for background work across app instances: only one ticker plans a
 * pipeline at a time; the others skip it (released when the transaction ends).
 */
export async function tryLockPipelineForTick(tx: Tx, pipelineId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { locked: boolean }[]
  >`SELECT pg_try_advisory_xact_lock(hashtext('ph:tick:' || ${pipelineId})) AS locked`;
  return rows[0]?.locked ?? false;
}

export async function findPipelineById(tx: Tx, pipelineId: string): Promise<Pipeline | null> {
  return tx.pipeline.findUnique({ where: { id: pipelineId } });
}
