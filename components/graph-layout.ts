// Auto layout of a pipeline's object graph with dagre, one labelled edge per reference field,
// drawn from the object holding the field to the object it names. Upstream is on the left: what an
// object references (its input, the step it depends on, its schedule) sits left of it, except what
// it produces or triggers (output, onFail...), which sits right of it.
import dagre from "@dagrejs/dagre";

export interface GraphObject {
  id: string;
  refs: { key: string; target: string; exists: boolean }[];
}

export interface PlacedNode {
  id: string;
  x: number;
  y: number;
}

export interface GraphEdgeSpec {
  id: string;
  source: string;
  target: string;
  key: string;
  /** The route dagre chose (node border to node border, around other nodes), and where the label goes. */
  points: { x: number; y: number }[];
  label: { x: number; y: number } | null;
}

/** Reference keys that point downstream: the target comes after the object that names it. */
const DOWNSTREAM_KEYS = new Set(["output", "onFail", "onSuccess", "onLateAction"]);

export const NODE_WIDTH = 240;
export const NODE_HEIGHT = 60;

export function layoutObjectGraph(objects: GraphObject[]): { nodes: PlacedNode[]; edges: GraphEdgeSpec[]; dangling: GraphEdgeSpec[] } {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({ rankdir: "RL", nodesep: 22, ranksep: 110, edgesep: 14, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const o of objects) g.setNode(o.id, { width: NODE_WIDTH, height: NODE_HEIGHT });

  const edges: GraphEdgeSpec[] = [];
  const dangling: GraphEdgeSpec[] = [];
  for (const o of objects) {
    o.refs.forEach((r, i) => {
      const edge: GraphEdgeSpec = { id: `${o.id}\u0000${r.key}\u0000${i}\u0000${r.target}`, source: o.id, target: r.target, key: r.key, points: [], label: null };
      if (!r.exists || !g.hasNode(r.target)) {
        dangling.push(edge);
        return;
      }
      edges.push(edge);
      // Room for the edge's label so that labels do not sit on top of nodes.
      const [from, to] = DOWNSTREAM_KEYS.has(r.key) ? [r.target, o.id] : [o.id, r.target];
      g.setEdge(from, to, { width: r.key.length * 7 + 10, height: 16, labelpos: "c" }, edge.id);
    });
  }
  dagre.layout(g);
  for (const e of edges) {
    const reversed = DOWNSTREAM_KEYS.has(e.key);
    const placed = g.edge(reversed ? { v: e.target, w: e.source, name: e.id } : { v: e.source, w: e.target, name: e.id }) as
      | { points?: { x: number; y: number }[]; x?: number; y?: number }
      | undefined;
    // The arrow always runs from the object holding the field to the one it names.
    e.points = reversed ? [...(placed?.points ?? [])].reverse() : (placed?.points ?? []);
    e.label = placed?.x !== undefined && placed.y !== undefined ? { x: placed.x, y: placed.y } : null;
  }
  const nodes = objects.map((o) => {
    const n = g.node(o.id) as { x: number; y: number } | undefined;
    return { id: o.id, x: (n?.x ?? 0) - NODE_WIDTH / 2, y: (n?.y ?? 0) - NODE_HEIGHT / 2 };
  });
  return { nodes, edges, dangling };
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
