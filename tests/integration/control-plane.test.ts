import {
  ActivatePipelineCommand,
  AddTagsCommand,
  CreatePipelineCommand,
  DeactivatePipelineCommand,
  DeletePipelineCommand,
  DescribeObjectsCommand,
  DescribePipelinesCommand,
  GetPipelineDefinitionCommand,
  ListPipelinesCommand,
  PipelineDeletedException,
  PipelineNotFoundException,
  InvalidRequestException,
  PutPipelineDefinitionCommand,
  QueryObjectsCommand,
  RemoveTagsCommand,
  ValidatePipelineDefinitionCommand,
  paginateListPipelines,
} from "@aws-sdk/client-data-pipeline";
import { describe, expect, it } from "vitest";
import { helloObjects, onDemandObjects, onDemandParameters } from "./fixtures";
import { endpoint, sdk, signedFetch, uniqueName } from "./helpers";

const client = sdk();

async function newPipeline(name = uniqueName()) {
  const { pipelineId } = await client.send(new CreatePipelineCommand({ name, uniqueId: `${name}-token` }));
  return pipelineId!;
}

const fieldValue = (fields: { key?: string; stringValue?: string }[] | undefined, key: string) =>
  fields?.find((f) => f.key === key)?.stringValue;

describe("CreatePipeline / DescribePipelines / ListPipelines", () => {
  it("creates a pipeline with an AWS-shaped id and is idempotent on name + uniqueId", async () => {
    const name = uniqueName();
    const a = await client.send(
      new CreatePipelineCommand({
        name,
        uniqueId: "tok-1",
        description: "first",
        tags: [{ key: "team", value: "data" }],
      }),
    );
    const b = await client.send(new CreatePipelineCommand({ name, uniqueId: "tok-1" }));
    const c = await client.send(new CreatePipelineCommand({ name, uniqueId: "tok-2" }));
    expect(a.pipelineId).toMatch(/^df-[0-9A-Z]{20}$/);
    expect(b.pipelineId).toBe(a.pipelineId);
    expect(c.pipelineId).not.toBe(a.pipelineId);
    expect(a.$metadata.requestId).toMatch(/[0-9a-f-]{36}/);
  });

  it("describes a pipeline with the @ fields AWS returns", async () => {
    const name = uniqueName();
    const { pipelineId } = await client.send(
      new CreatePipelineCommand({
        name,
        uniqueId: "u-1",
        description: "described",
        tags: [{ key: "env", value: "test" }],
      }),
    );
    const out = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId!] }));
    const d = out.pipelineDescriptionList![0]!;
    expect(d.pipelineId).toBe(pipelineId);
    expect(d.name).toBe(name);
    expect(d.description).toBe("described");
    expect(d.tags).toEqual([{ key: "env", value: "test" }]);
    const keys = d.fields!.map((f) => f.key);
    expect(keys.slice(0, 10)).toEqual([
      "@pipelineState",
      "description",
      "name",
      "@creationTime",
      "@id",
      "@sphere",
      "@version",
      "@userId",
      "@accountId",
      "uniqueId",
    ]);
    expect(fieldValue(d.fields, "@pipelineState")).toBe("PENDING");
    expect(fieldValue(d.fields, "@sphere")).toBe("PIPELINE");
    expect(fieldValue(d.fields, "@id")).toBe(pipelineId);
    expect(fieldValue(d.fields, "uniqueId")).toBe("u-1");
    expect(fieldValue(d.fields, "@creationTime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
  });

  it("answers PipelineNotFoundException for an unknown id in DescribePipelines", async () => {
    const known = await newPipeline();
    await expect(
      client.send(new DescribePipelinesCommand({ pipelineIds: [known, "df-DOESNOTEXIST0000000"] })),
    ).rejects.toBeInstanceOf(PipelineNotFoundException);
  });

  it("pages ListPipelines so that the JS paginator stops and sees every pipeline once", async () => {
    const created = new Set<string>();
    for (let i = 0; i < 60; i++) created.add(await newPipeline(uniqueName("page")));
    const first = await client.send(new ListPipelinesCommand({}));
    expect(first.hasMoreResults).toBe(true);
    expect(first.marker).toBeTruthy();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListPipelines({ client }, {})) {
      pages++;
      seen.push(...page.pipelineIdList!.map((p) => p.id!));
      if (!page.hasMoreResults) expect(page.marker).toBeUndefined();
    }
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of created) expect(seen).toContain(id);
  });
});

describe("PutPipelineDefinition / GetPipelineDefinition / ValidatePipelineDefinition", () => {
  it("round-trips objects exactly, keeping field order and repeated keys", async () => {
    const pipelineId = await newPipeline();
    const put = await client.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: onDemandObjects,
        parameterObjects: onDemandParameters,
      }),
    );
    expect(put.errored).toBe(false);
    const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
    expect(got.pipelineObjects).toEqual(onDemandObjects);
    expect(got.parameterObjects).toEqual(onDemandParameters);
    const latest = await client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "latest" }));
    expect(latest.pipelineObjects).toEqual(onDemandObjects);
  });

  it("returns an empty definition before any put, and refuses 'active' before activation", async () => {
    const pipelineId = await newPipeline();
    const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
    expect(got.pipelineObjects).toEqual([]);
    await expect(
      client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "active" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(
      client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "yesterday" })),
    ).rejects.toBeInstanceOf(InvalidRequestException);
  });

  it("saves a definition with non-fatal errors and reports them with errored=true", async () => {
    const pipelineId = await newPipeline();
    const objects = [
      ...helloObjects.slice(0, 2),
      {
        id: "Broken",
        name: "Broken",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "schedule", refValue: "Nowhere" },
        ],
      },
    ];
    const put = await client.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: objects }));
    expect(put.errored).toBe(true);
    const broken = put.validationErrors!.find((e) => e.id === "Broken");
    expect(broken?.errors?.join(" ")).toMatch(/Nowhere/);
    const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
    expect(got.pipelineObjects).toEqual(objects);
    await expect(client.send(new ActivatePipelineCommand({ pipelineId }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
  });

  it("rejects a fatal definition (empty field value) with InvalidRequestException and keeps the previous one", async () => {
    const pipelineId = await newPipeline();
    await client.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    const fatal = [{ id: "Default", name: "Default", fields: [{ key: "workerGroup", stringValue: "" }] }];
    const err = await client
      .send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: fatal }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidRequestException);
    expect((err as Error).message).toMatch(/FATAL/);
    const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
    expect(got.pipelineObjects).toEqual(helloObjects);
  });

  it("validates without storing anything", async () => {
    const pipelineId = await newPipeline();
    const ok = await client.send(new ValidatePipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    expect(ok.errored).toBe(false);
    const bad = await client.send(
      new ValidatePipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: [
          {
            id: "Schedule",
            name: "Schedule",
            fields: [
              { key: "type", stringValue: "Schedule" },
              { key: "period", stringValue: "1 hour" },
              { key: "startDateTime", stringValue: "tomorrow" },
            ],
          },
        ],
      }),
    );
    expect(bad.errored).toBe(true);
    expect(bad.validationErrors![0]!.id).toBe("Schedule");
    expect(bad.validationErrors![0]!.errors!.join(" ")).toMatch(/startDateTime/);
    const got = await client.send(new GetPipelineDefinitionCommand({ pipelineId }));
    expect(got.pipelineObjects).toEqual([]);
  });
});

describe("ActivatePipeline / DeactivatePipeline", () => {
  it("activates, freezes the active version, and deactivates", async () => {
    const pipelineId = await newPipeline();
    await expect(client.send(new ActivatePipelineCommand({ pipelineId }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    await client.send(
      new PutPipelineDefinitionCommand({
        pipelineId,
        pipelineObjects: onDemandObjects,
        parameterObjects: onDemandParameters,
      }),
    );
    await client.send(
      new ActivatePipelineCommand({
        pipelineId,
        parameterValues: [{ id: "myOutput", stringValue: "/tmp/x" }],
        startTimestamp: new Date(),
      }),
    );
    const state = async () =>
      fieldValue(
        (await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }))).pipelineDescriptionList![0]!
          .fields,
        "@pipelineState",
      );
    expect(await state()).toBe("SCHEDULED");
    // A later put changes latest but not active.
    const changed = onDemandObjects.map((o) => (o.id === "Step2" ? { ...o, name: "Step two, renamed" } : o));
    await client.send(
      new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: changed, parameterObjects: onDemandParameters }),
    );
    const active = await client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "active" }));
    const latest = await client.send(new GetPipelineDefinitionCommand({ pipelineId, version: "latest" }));
    expect(active.pipelineObjects).toEqual(onDemandObjects);
    expect(latest.pipelineObjects).toEqual(changed);
    await client.send(new DeactivatePipelineCommand({ pipelineId, cancelActive: true }));
    expect(await state()).toBe("INACTIVE");
  });

  it("refuses activation parameter values outside allowedValues", async () => {
    const pipelineId = await newPipeline();
    const parameterObjects = [
      {
        id: "myColor",
        attributes: [
          { key: "type", stringValue: "String" },
          { key: "allowedValues", stringValue: "red" },
          { key: "allowedValues", stringValue: "blue" },
          { key: "default", stringValue: "red" },
        ],
      },
    ];
    const objects = [
      {
        id: "Default",
        name: "Default",
        fields: [
          { key: "scheduleType", stringValue: "ondemand" },
          { key: "workerGroup", stringValue: "wg" },
        ],
      },
      {
        id: "Paint",
        name: "Paint",
        fields: [
          { key: "type", stringValue: "ShellCommandActivity" },
          { key: "command", stringValue: "echo #{myColor}" },
        ],
      },
    ];
    const put = await client.send(
      new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: objects, parameterObjects }),
    );
    expect(put.errored).toBe(false);
    await expect(
      client.send(
        new ActivatePipelineCommand({ pipelineId, parameterValues: [{ id: "myColor", stringValue: "green" }] }),
      ),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    await client.send(
      new ActivatePipelineCommand({ pipelineId, parameterValues: [{ id: "myColor", stringValue: "blue" }] }),
    );
  });
});

describe("DescribeObjects / QueryObjects", () => {
  it("returns components with their service fields and the implicit parent: Default", async () => {
    const pipelineId = await newPipeline();
    await client.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    const out = await client.send(
      new DescribeObjectsCommand({ pipelineId, objectIds: ["Schedule", "NoSuchObject", "SayHello"] }),
    );
    expect(out.hasMoreResults).toBe(false);
    expect(out.pipelineObjects!.map((o) => o.id)).toEqual(["Schedule", "SayHello"]);
    const schedule = out.pipelineObjects![0]!;
    expect(schedule.fields).toEqual(
      expect.arrayContaining([
        { key: "parent", refValue: "Default" },
        { key: "@sphere", stringValue: "COMPONENT" },
        { key: "@status", stringValue: "PENDING" },
        { key: "@pipelineId", stringValue: pipelineId },
        { key: "@version", stringValue: "1" },
        { key: "period", stringValue: "1 hour" },
      ]),
    );
    // SayHello declares its parent; no second one is added.
    expect(out.pipelineObjects![1]!.fields!.filter((f) => f.key === "parent")).toEqual([
      { key: "parent", refValue: "Default" },
    ]);
  });

  it("queries components with selectors and pages with markers", async () => {
    const pipelineId = await newPipeline();
    await client.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    const all = await client.send(new QueryObjectsCommand({ pipelineId, sphere: "COMPONENT" }));
    expect(all.ids).toEqual(["Default", "Schedule", "SayHello"]);
    expect(all.hasMoreResults).toBe(false);
    const byName = await client.send(
      new QueryObjectsCommand({
        pipelineId,
        sphere: "COMPONENT",
        query: { selectors: [{ fieldName: "name", operator: { type: "EQ", values: ["SayHello", "Schedule"] } }] },
      }),
    );
    expect(byName.ids).toEqual(["Schedule", "SayHello"]);
    const byRef = await client.send(
      new QueryObjectsCommand({
        pipelineId,
        sphere: "COMPONENT",
        query: { selectors: [{ fieldName: "schedule", operator: { type: "REF_EQ", values: ["Schedule"] } }] },
      }),
    );
    expect(byRef.ids).toEqual(["SayHello"]);
    const p1 = await client.send(new QueryObjectsCommand({ pipelineId, sphere: "COMPONENT", limit: 2 }));
    expect(p1.ids).toEqual(["Default", "Schedule"]);
    expect(p1.hasMoreResults).toBe(true);
    const p2 = await client.send(
      new QueryObjectsCommand({ pipelineId, sphere: "COMPONENT", limit: 2, marker: p1.marker }),
    );
    expect(p2.ids).toEqual(["SayHello"]);
    expect(p2.hasMoreResults).toBe(false);
    expect(p2.marker).toBeUndefined();
  });

  it("rejects a bad sphere or operator/field combination", async () => {
    const pipelineId = await newPipeline();
    await expect(client.send(new QueryObjectsCommand({ pipelineId, sphere: "PLANET" }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    await expect(
      client.send(
        new QueryObjectsCommand({
          pipelineId,
          sphere: "INSTANCE",
          query: { selectors: [{ fieldName: "name", operator: { type: "GE", values: ["x"] } }] },
        }),
      ),
    ).rejects.toBeInstanceOf(InvalidRequestException);
    const none = await client.send(
      new QueryObjectsCommand({
        pipelineId,
        sphere: "INSTANCE",
        query: { selectors: [{ fieldName: "@status", operator: { type: "EQ", values: ["RUNNING"] } }] },
      }),
    );
    expect(none.ids).toEqual([]);
  });
});

describe("Tags", () => {
  it("adds, updates and removes tags, at most 10", async () => {
    const pipelineId = await newPipeline();
    await client.send(
      new AddTagsCommand({
        pipelineId,
        tags: [
          { key: "a", value: "1" },
          { key: "B", value: "2" },
        ],
      }),
    );
    await client.send(new AddTagsCommand({ pipelineId, tags: [{ key: "a", value: "updated" }] }));
    await client.send(new RemoveTagsCommand({ pipelineId, tagKeys: ["B", "absent"] }));
    const d = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
    expect(d.pipelineDescriptionList![0]!.tags).toEqual([{ key: "a", value: "updated" }]);
    const ten = Array.from({ length: 10 }, (_, i) => ({ key: `k${i}`, value: "v" }));
    await expect(client.send(new AddTagsCommand({ pipelineId, tags: ten }))).rejects.toBeInstanceOf(
      InvalidRequestException,
    );
    const after = await client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }));
    expect(after.pipelineDescriptionList![0]!.tags).toEqual([{ key: "a", value: "updated" }]);
  });
});

describe("DeletePipeline", () => {
  it("tombstones: later calls say deleted, a second delete says not found, and listing omits it", async () => {
    const pipelineId = await newPipeline();
    await client.send(new PutPipelineDefinitionCommand({ pipelineId, pipelineObjects: helloObjects }));
    await client.send(new DeletePipelineCommand({ pipelineId }));
    await expect(client.send(new DescribePipelinesCommand({ pipelineIds: [pipelineId] }))).rejects.toBeInstanceOf(
      PipelineDeletedException,
    );
    await expect(client.send(new GetPipelineDefinitionCommand({ pipelineId }))).rejects.toBeInstanceOf(
      PipelineDeletedException,
    );
    await expect(client.send(new DeletePipelineCommand({ pipelineId }))).rejects.toBeInstanceOf(
      PipelineNotFoundException,
    );
    const ids: string[] = [];
    for await (const page of paginateListPipelines({ client }, {})) ids.push(...page.pipelineIdList!.map((p) => p.id!));
    expect(ids).not.toContain(pipelineId);
  });
});

describe("Endpoints", () => {
  it("serves the SDK at /, at /api/datapipeline (the SDK adds a slash) and the query form", async () => {
    const viaPath = sdk({ path: "/api/datapipeline" });
    const { pipelineId } = await viaPath.send(new CreatePipelineCommand({ name: uniqueName(), uniqueId: "x" }));
    expect(pipelineId).toMatch(/^df-/);
    const noSlash = await signedFetch(`${endpoint()}/api/datapipeline`, {
      method: "POST",
      headers: { "x-amz-target": "DataPipeline.DescribePipelines", "content-type": "application/x-amz-json-1.1" },
      body: JSON.stringify({ pipelineIds: [pipelineId] }),
    });
    expect(noSlash.status).toBe(200);
    expect(noSlash.headers.get("x-amzn-requestid")).toBeTruthy();
    const legacy = await signedFetch(`${endpoint()}/`, {
      method: "POST",
      headers: { "x-amz-target": "DataPipeline_20121129.GetPipelineDefinition", "content-type": "application/json" },
      body: JSON.stringify({ pipelineId }),
    });
    expect(await legacy.json()).toEqual({ pipelineObjects: [] });
    const query = await signedFetch(`${endpoint()}/?Action=GetPipelineDefinition&pipelineId=${pipelineId}`);
    expect(query.status).toBe(200);
    expect(await query.json()).toEqual({ pipelineObjects: [] });
    const console = await fetch(`${endpoint()}/`);
    expect(console.status).toBe(200);
    expect(console.headers.get("content-type")).toMatch(/text\/html/);
  });
});
