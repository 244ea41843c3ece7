import { getSettings } from "@/lib/config/settings";
import { resolveEffectiveFields } from "@/lib/definition/inheritance";
import { evaluateObjectFields, type EvaluationContext, type ExpressionObject } from "@/lib/expressions";
import type { Field, ParameterObject, ParameterValue, PipelineObject } from "@/lib/protocol/types";
import { presentComponent } from "./present-component";
import { resolveParameters } from "./parameters";

const stripFrom = ({ key, stringValue, refValue }: Field & { from?: string }): Field => ({
  key,
  ...(stringValue !== undefined ? { stringValue } : {}),
  ...(refValue !== undefined ? { refValue } : {}),
});

export interface ComponentSet {
  version: number;
  objects: PipelineObject[];
  /** @status per component id (PENDING, SCHEDULED, PAUSED...) */
  statuses: ReadonlyMap<string, string>;
}

export interface ObjectGraphInput {
  pipelineId: string;
  /** The definition the user last put (what DescribeObjects shows for components). */
  latest: ComponentSet | null;
  /** The activated definition that instances and attempts were created from. */
  active: ComponentSet | null;
  /** Instances and attempts, with their stored fields (`parent` points at the component). */
  runtime: PipelineObject[];
  parameterObjects: ParameterObject[];
  parameterValues: ParameterValue[];
}

/**
 * The objects of one pipeline as one graph: components of a definition version plus runtime
 * objects, with inheritance (own fields, parent chain, Default) and expression evaluation applied
 * the same way for DescribeObjects, EvaluateExpression, task objects and the console.
 */
export class ObjectGraph {
  private readonly byId = new Map<string, PipelineObject>();
  private readonly runtimeIds = new Set<string>();
  /** Objects presented so far (see presentedOf). */
  private readonly presented = new Map<string, PipelineObject>();
  /** Which component set presents each component id: the latest version's, else the active one's. */
  private readonly componentSet = new Map<string, { set: ComponentSet; object: PipelineObject; hasDefault: boolean }>();
  readonly parameters: ReadonlyMap<string, string[]>;

  constructor(private readonly input: ObjectGraphInput) {
    // Runtime objects inherit from the active version's components; components shown to the user
    // come from the latest version, falling back to the active one for ids only it has.
    const base = input.active ?? input.latest;
    for (const o of base?.objects ?? []) this.byId.set(o.id, o);
    for (const o of input.runtime) {
      this.byId.set(o.id, o);
      this.runtimeIds.add(o.id);
    }
    for (const set of [input.active, input.latest]) {
      if (!set) continue;
      const hasDefault = set.objects.some((o) => o.id === "Default");
      for (const o of set.objects) this.componentSet.set(o.id, { set, object: o, hasDefault });
    }
    // Objects are presented when first asked for, not all here: a task object asks for a handful
    // of a definition's components, and an activation builds one graph per attempt, so presenting
    // every component in every graph grew with the square of the activities.
    this.parameters = resolveParameters(input.parameterObjects, input.parameterValues);
  }

  /** Component ids in definition order (latest version first, then ids only the active version has). */
  componentIds(): string[] {
    const ids = (this.input.latest ?? this.input.active)?.objects.map((o) => o.id) ?? [];
    const extra =
      this.input.latest && this.input.active
        ? this.input.active.objects.map((o) => o.id).filter((id) => !ids.includes(id))
        : [];
    return [...new Set([...ids, ...extra])];
  }

  has(id: string): boolean {
    return this.runtimeIds.has(id) || this.componentSet.has(id);
  }

  /** The object as DescribeObjects returns it without evaluation. */
  present(id: string): PipelineObject | undefined {
    return this.presentedOf(id);
  }

  /**
   * An instance or attempt shows its own fields, then what it inherits from its component; a
   * component, its set's fields and service fields. Computed once per object.
   */
  private presentedOf(id: string): PipelineObject | undefined {
    const done = this.presented.get(id);
    if (done) return done;
    let out: PipelineObject | undefined;
    if (this.runtimeIds.has(id)) {
      const { fields } = resolveEffectiveFields(id, this.byId);
      out = { id, name: this.byId.get(id)!.name, fields: fields.map(stripFrom) };
    } else {
      const c = this.componentSet.get(id);
      if (!c) return undefined;
      out = presentComponent({
        pipelineId: this.input.pipelineId,
        version: c.set.version,
        status: c.set.statuses.get(id) ?? "PENDING",
        object: c.object,
        hasDefault: c.hasDefault,
      });
    }
    this.presented.set(id, out);
    return out;
  }

  /** Own + inherited fields of an object (runtime objects inherit from their component). */
  effective(id: string): ExpressionObject | undefined {
    const presented = this.presentedOf(id);
    if (!presented) return undefined;
    if (!this.byId.has(id)) return { id, fields: presented.fields };
    const { fields } = resolveEffectiveFields(id, this.byId);
    const own = new Set(fields.map((f) => f.key));
    // Service fields (@status, @version...) are part of what expressions may read.
    const service = presented.fields.filter((f) => f.key.startsWith("@") && !own.has(f.key));
    // `#{name}` reads the object's name, which the API carries beside the fields, not among them.
    const name = own.has("name") ? [] : [{ key: "name", stringValue: presented.name }];
    return { id, fields: [...fields.map(stripFrom), ...service, ...name] };
  }

  evaluationContext(objectId: string, nodeId?: string): EvaluationContext {
    return {
      getObject: (id) => this.effective(id),
      objectId,
      ...(nodeId ? { nodeId } : {}),
      parameters: this.parameters,
      timeLimitMs: getSettings().EXPRESSION_TIME_LIMIT_MS,
    };
  }

  /** The presented object with every `#{...}` in its string fields evaluated; fields that fail keep their text. */
  evaluated(id: string): PipelineObject | undefined {
    const presented = this.presentedOf(id);
    if (!presented) return undefined;
    return { ...presented, fields: this.evaluateFields(presented, { onError: "keep" }) };
  }

  /**
   * Evaluates an object's fields in its own context. `#{name}` reads the object's name, which the
   * API keeps beside the fields, so it is offered during evaluation and not added to the result.
   */
  evaluateFields(obj: PipelineObject, options: { onError: "keep" | "throw"; nodeId?: string }): Field[] {
    const hasName = obj.fields.some((f) => f.key === "name");
    const input = hasName ? obj.fields : [...obj.fields, { key: "name", stringValue: obj.name }];
    const out = evaluateObjectFields({ id: obj.id, fields: input }, this.evaluationContext(obj.id, options.nodeId), {
      onError: options.onError,
    });
    return hasName ? out : out.filter((f) => f.key !== "name");
  }

  isRuntime(id: string): boolean {
    return this.runtimeIds.has(id);
  }
}
