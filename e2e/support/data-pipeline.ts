// Seeding through the real HTTP API, the way any AWS SDK user would: every spec creates its own
// pipelines with unique names, so specs never share mutable data.
import { readFileSync } from "node:fs";
import {
  ActivatePipelineCommand,
  CreatePipelineCommand,
  DataPipelineClient,
  PutPipelineDefinitionCommand,
  type PutPipelineDefinitionCommandOutput,
} from "@aws-sdk/client-data-pipeline";
import { definitionFileToApi } from "../../lib/definition/cli-format";
import { E2E_ROOT_CREDENTIALS } from "./credentials";

/** An SDK client signing with the root admin key, or with the given key. */
export function dataPipeline(
  baseURL: string,
  credentials: { accessKeyId: string; secretAccessKey: string } = E2E_ROOT_CREDENTIALS,
): DataPipelineClient {
  return new DataPipelineClient({
    endpoint: baseURL,
    region: "us-east-1",
    credentials,
    maxAttempts: 1,
  });
}

let counter = 0;
/** A name no other spec or run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${process.pid.toString(36)}-${++counter}`;
}

export function readFixture(name: string): string {
  return readFileSync(new URL(`../fixtures/${name}`, import.meta.url), "utf8");
}

/** Creates a pipeline and puts a definition given in the AWS CLI file format. */
export async function seedPipeline(
  baseURL: string,
  opts: { name: string; definitionFile?: string; activate?: boolean },
): Promise<{ pipelineId: string; put?: PutPipelineDefinitionCommandOutput }> {
  const client = dataPipeline(baseURL);
  const { pipelineId } = await client.send(new CreatePipelineCommand({ name: opts.name, uniqueId: opts.name }));
  if (!pipelineId) throw new Error("CreatePipeline returned no pipelineId");
  let put: PutPipelineDefinitionCommandOutput | undefined;
  if (opts.definitionFile) {
    const api = definitionFileToApi(JSON.parse(opts.definitionFile));
    put = await client.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: api.pipelineObjects,
        parameterObjects: api.parameterObjects,
        parameterValues: api.parameterValues,
      }),
    );
    if (put.errored) throw new Error(`definition has errors: ${JSON.stringify(put.validationErrors)}`);
  }
  if (opts.activate) await client.send(new ActivatePipelineCommand({ pipelineId }));
  return { pipelineId, put };
}
