// Auto layout of a pipeline's object graph with dagre, one labelled edge per reference field,
// drawn the way work flows (upstream -> downstream, as Airflow and Dagster draw it): what an object
// references (its input, the step it depends on, its schedule) sits left of it with the arrow
// pointing at the object, and what it produces or triggers (output, onFail...) sits right of it.
// The label names the field and the object holding it keeps it (`holder`). The objects of one
// chain (graph-chains.ts) are laid out together as a dagre cluster and boxed with the chain's name.
import dagre from "@dagrejs/dagre";
import { findChains, labelChain } from "./graph-chains";

export interface GraphObject {
  id: string;
  refs: { key: string; target: string; exists: boolean }[];
}

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
}

export interface PlacedGroup {
  id: string;
  label: string;
  members: string[];
  /** Top-left corner and size of the box around the members. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphEdgeSpec {
  id: string;
  /** Upstream end (the arrow starts here). */
  source: string;
  /** Downstream end (the arrowhead). */
  target: string;
  /** The object whose field this is, and the object the field names. */
  holder: string;
  named: string;
  key: string;
  /** The route dagre chose (node border to node border, around other nodes), and where the label goes. */
  points: { x: number; y: number }[];
  label: { x: number; y: number } | null;
}

/** Reference keys that point downstream: the target comes after the object that names it. */
const DOWNSTREAM_KEYS = new Set(["output", "onFail", "onSuccess", "onLateAction"]);

export const NODE_WIDTH = 240;
/**
 * Tall enough for an id on two lines (ids of one chain share long prefixes and must be read in
 * full), the whole type on the next and the status badge under it (components/pipeline-graph.tsx).
 */
export const NODE_HEIGHT = 96;
/** Room around a chain's objects inside its box, and above them for the chain's name. */
export const GROUP_PADDING = 10;
export const GROUP_LABEL_HEIGHT = 20;

export function layoutObjectGraph(objects: GraphObject[]): {
  nodes: PlacedNode[];
  edges: GraphEdgeSpec[];
  dangling: GraphEdgeSpec[];
  groups: PlacedGroup[];
} {
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: true });
  g.setGraph({ rankdir: "LR", nodesep: 30, ranksep: 110, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const o of objects) g.setNode(o.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const chains = findChains(objects);
  for (const chain of chains) {
    g.setNode(chain.id, {});
    for (const m of chain.members) g.setParent(m, chain.id);
  }

  const edges: GraphEdgeSpec[] = [];
  const dangling: GraphEdgeSpec[] = [];
  for (const o of objects) {
    o.refs.forEach((r, i) => {
      const [source, target] = DOWNSTREAM_KEYS.has(r.key) ? [o.id, r.target] : [r.target, o.id];
      const id = `${o.id}\u0000${r.key}\u0000${i}\u0000${r.target}`;
      if (!r.exists || !g.hasNode(r.target)) {
        dangling.push({
          id,
          source: o.id,
          target: r.target,
          holder: o.id,
          named: r.target,
          key: r.key,
          points: [],
          label: null,
        });
        return;
      }
      const edge: GraphEdgeSpec = {
        id,
        source,
        target,
        holder: o.id,
        named: r.target,
        key: r.key,
        points: [],
        label: null,
      };
      edges.push(edge);
      // Room for the edge's label so that labels do not sit on top of nodes.
      g.setEdge(source, target, { width: r.key.length * 7 + 10, height: 16, labelpos: "c" }, edge.id);
    });
  }
  dagre.layout(g);
  for (const e of edges) {
    const placed = g.edge({ v: e.source, w: e.target, name: e.id }) as
      { points?: { x: number; y: number }[]; x?: number; y?: number } | undefined;
    e.points = placed?.points ?? [];
    e.label = placed?.x !== undefined && placed.y !== undefined ? { x: placed.x, y: placed.y } : null;
  }
  const nodes = objects.map((o) => {
    const n = g.node(o.id) as { x: number; y: number } | undefined;
    return { id: o.id, x: (n?.x ?? 0) - NODE_WIDTH / 2, y: (n?.y ?? 0) - NODE_HEIGHT / 2 };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const groups = chains.map((chain): PlacedGroup => {
    // The box is drawn around the members themselves (dagre's cluster box leaves no room for the
    // label): GROUP_PADDING on each side, GROUP_LABEL_HEIGHT more on top for the chain's name.
    const members = chain.members.map((m) => at.get(m)!);
    const left = Math.min(...members.map((n) => n.x)) - GROUP_PADDING;
    const top = Math.min(...members.map((n) => n.y)) - GROUP_PADDING - GROUP_LABEL_HEIGHT;
    const right = Math.max(...members.map((n) => n.x + NODE_WIDTH)) + GROUP_PADDING;
    const bottom = Math.max(...members.map((n) => n.y + NODE_HEIGHT)) + GROUP_PADDING;
    return {
      id: chain.id,
      label: labelChain(chain, (id) => at.get(id)?.x ?? 0),
      members: chain.members,
      x: left,
      y: top,
      width: right - left,
      height: bottom - top,
    };
  });
  return { nodes, edges, dangling, groups };
}

/** A smooth SVG path through dagre's points: d3's curveBasis, written out. */
export function basisPath(points: { x: number; y: number }[]): string {
  let d = "";
  let x0 = NaN;
  let y0 = NaN;
  let x1 = NaN;
  let y1 = NaN;
  let state = 0;
  const bezier = (x: number, y: number) => {
    d += `C${(2 * x0 + x1) / 3},${(2 * y0 + y1) / 3} ${(x0 + 2 * x1) / 3},${(y0 + 2 * y1) / 3} ${(x0 + 4 * x1 + x) / 6},${(y0 + 4 * y1 + y) / 6}`;
  };
  for (const { x, y } of points) {
    if (state === 0) {
      state = 1;
      d += `M${x},${y}`;
    } else if (state === 1) {
      state = 2;
    } else {
      if (state === 2) {
        state = 3;
        d += `L${(5 * x0 + x1) / 6},${(5 * y0 + y1) / 6}`;
      }
      bezier(x, y);
    }
    x0 = x1;
    x1 = x;
    y0 = y1;
    y1 = y;
  }
  if (state === 3) bezier(x1, y1);
  if (state >= 2) d += `L${x1},${y1}`;
  return d;
}
