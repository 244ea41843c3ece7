"use client";
// The pipeline's object graph: every object a node (its full id, type, status as icon + text, a
// link to its page or to its instance in the chosen run), every reference field a labelled edge
// drawn upstream -> downstream, the objects of one chain in a box named after it. Pannable and
// zoomable; laid out by dagre; a search box highlights the objects whose id, name or type match and
// centres the view on them.

import "@xyflow/react/dist/style.css";
import {
  Background,
  BaseEdge,
  Controls,
  Handle,
  MarkerType,
  Panel,
  Position,
  ReactFlow,
  useReactFlow,
  type Edge,
  type EdgeProps,
  type Node,
  type NodeProps,
} from "@xyflow/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  basisPath,
  layoutObjectGraph,
  NODE_HEIGHT,
  NODE_WIDTH,
  type GraphObject,
  type PlacedGroup,
} from "./graph-layout";
import { StatusBadge, statusTone } from "./status-badge";
import bannerCss from "@/components/ui/banner.module.css";
import styles from "./pipeline-graph.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

export interface PipelineGraphObject extends GraphObject {
  name: string;
  type: string | null;
  kind: string | null;
  status: string;
  /** "run": the status of this object's instance in the chosen run; "object": the object's own (no instance in that run). */
  statusSource: "run" | "object";
  href: string;
}

type ObjectNodeData = { object: PipelineGraphObject; match: "none" | "match" | "dim" };
type ObjectNode = Node<ObjectNodeData, "object">;

function ObjectNodeView({ data, positionAbsoluteX, positionAbsoluteY }: NodeProps<ObjectNode>) {
  const o = data.object;
  const flow = useReactFlow();
  const tone = o.statusSource === "run" ? statusTone(o.status) : "none";
  // Tabbing onto a node that is off screen: pan to it (the browser would scroll the clipped pane instead).
  const onFocus = (event: React.FocusEvent<HTMLAnchorElement>) => {
    if (!event.currentTarget.matches(":focus-visible")) return; // a mouse click navigates; no need to pan
    const pane = event.currentTarget.closest(".react-flow");
    pane?.scrollTo(0, 0);
    void flow.setCenter(positionAbsoluteX + NODE_WIDTH / 2, positionAbsoluteY + NODE_HEIGHT / 2, {
      zoom: Math.max(flow.getZoom(), 0.8),
      duration: 150,
    });
  };
  return (
    <div
      className={styles.node}
      data-testid="graph-node"
      data-kind={o.kind ?? "unknown"}
      data-tone={tone}
      data-match={data.match}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}
      title={o.name !== o.id ? `${o.id} (${o.name})` : o.id}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} className={styles.handle} />
      <Link
        href={o.href}
        className={styles.link}
        aria-label={`${o.id}, ${o.type ?? "no type"}, ${o.statusSource === "run" ? `${o.status} in this run` : o.status}`}
        onFocus={onFocus}
      >
        <span className={styles.id}>{o.id}</span>
        <span className={styles.type} data-testid="graph-node-type">
          {o.type ?? "no type"}
        </span>
        <span className={styles.bottom}>
          <StatusBadge status={o.status} />
        </span>
      </Link>
      <Handle type="source" position={Position.Right} isConnectable={false} className={styles.handle} />
    </div>
  );
}

type ChainNodeData = { group: PlacedGroup; match: "none" | "match" | "dim" };
type ChainNode = Node<ChainNodeData, "chain">;

/** A chain's box, under its objects: its name on top, in full on hover. */
function ChainNodeView({ data }: NodeProps<ChainNode>) {
  const { group, match } = data;
  return (
    <div
      className={styles.group}
      data-testid="graph-group"
      data-match={match}
      style={{ width: group.width, height: group.height }}
    >
      <span className={styles.groupLabel} title={`${group.label}: ${group.members.length} objects`}>
        {group.label} <span className={styles.groupCount}>· {group.members.length}</span>
      </span>
    </div>
  );
}

type RefEdgeData = { points: { x: number; y: number }[]; label: { x: number; y: number } | null; key: string };
type RefEdge = Edge<RefEdgeData, "ref">;

/** Drawn along the route dagre laid out, label where dagre made room for it, so labels do not pile up. */
function RefEdgeView({ data, markerEnd, style }: EdgeProps<RefEdge>) {
  if (!data) return null;
  return (
    <BaseEdge
      path={basisPath(data.points)}
      markerEnd={markerEnd}
      style={style}
      label={data.key}
      labelX={data.label?.x}
      labelY={data.label?.y}
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
    />
  );
}

const nodeTypes = { object: ObjectNodeView, chain: ChainNodeView };
const edgeTypes = { ref: RefEdgeView };

/** Edge styles by reference kind, so dependency edges stand out from inheritance ones (the label says which). */
function edgeClass(key: string): string | undefined {
  if (key === "parent") return styles.edgeParent;
  if (key === "dependsOn" || key === "precondition" || key === "input" || key === "output") return styles.edgeFlow;
  if (key.startsWith("on")) return styles.edgeAction;
  return undefined;
}

/** Search inside the canvas: highlights the matches and centres on them, one after the other with Enter. */
function GraphSearch({ nodes, query, onQuery }: { nodes: ObjectNode[]; query: string; onQuery: (q: string) => void }) {
  const flow = useReactFlow();
  const [index, setIndex] = useState(0);
  const matches = useMemo(() => nodes.filter((n) => n.data.match === "match"), [nodes]);
  const centre = useCallback(
    (i: number) => {
      const n = matches[i];
      if (!n) return;
      void flow.setCenter(n.position.x + NODE_WIDTH / 2, n.position.y + NODE_HEIGHT / 2, {
        zoom: Math.max(flow.getZoom(), 0.9),
        duration: 200,
      });
    },
    [flow, matches],
  );
  // A new search shows its first match.
  useEffect(() => {
    setIndex(0);
    if (query.trim()) centre(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when the search text changes
  }, [query]);
  return (
    <Panel position="top-left" className={styles.search}>
      <label htmlFor="graph-search-input" className="sr-only">
        Find objects in the graph
      </label>
      <input
        id="graph-search-input"
        type="search"
        placeholder="Find an object…"
        value={query}
        onChange={(e) => onQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Enter") return;
          e.preventDefault();
          const next = matches.length ? (index + 1) % matches.length : 0;
          setIndex(next);
          centre(next);
        }}
      />
      {query.trim() ? (
        <span className={styles.searchCount} role="status">
          {matches.length ? `${Math.min(index + 1, matches.length)} of ${matches.length}` : "no match"}
        </span>
      ) : null}
    </Panel>
  );
}

export default function PipelineGraph({ objects }: { objects: PipelineGraphObject[] }) {
  const [query, setQuery] = useState("");
  const router = useRouter();
  // Clicks on the node's link navigate through the link; a click elsewhere on the node does the same.
  const onNodeClick = useCallback(
    (event: React.MouseEvent, node: ObjectNode | ChainNode) => {
      const data = node.data;
      // A chain's box is not a link: a click on it (between its objects) goes nowhere.
      if (!("object" in data) || (event.target as Element | null)?.closest("a")) return;
      router.push(data.object.href);
    },
    [router],
  );
  // The layout depends on the graph's shape only; statuses and the search restyle the same nodes.
  const shapeKey = JSON.stringify(objects.map((o) => [o.id, o.refs]));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- keyed on the shape, not on the objects' identity
  const layout = useMemo(() => layoutObjectGraph(objects), [shapeKey]);
  const { groups, nodes, edges, dangling } = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const matches = (o: PipelineGraphObject) =>
      [o.id, o.name, o.type ?? ""].some((v) => v.toLowerCase().includes(needle));
    const byId = new Map(objects.map((o) => [o.id, o]));
    const objectMatch = (id: string): ObjectNodeData["match"] =>
      !needle ? "none" : matches(byId.get(id)!) ? "match" : "dim";
    // Boxes first and below the objects and edges (zIndex), so they never cover what they group.
    const groups: ChainNode[] = layout.groups.map((g) => ({
      id: g.id,
      type: "chain",
      position: { x: g.x, y: g.y },
      width: g.width,
      height: g.height,
      zIndex: -1,
      // Drags and clicks on a box pan the canvas as on empty space (its name keeps its tooltip).
      style: { pointerEvents: "none" },
      selectable: false,
      focusable: false,
      ariaRole: "group",
      ariaLabel: `Chain ${g.label}: ${g.members.length} objects`,
      data: { group: g, match: !needle ? "none" : g.members.some((m) => objectMatch(m) === "match") ? "match" : "dim" },
    }));
    const nodes: ObjectNode[] = layout.nodes.map((n) => ({
      id: n.id,
      type: "object",
      position: { x: n.x, y: n.y },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      // every laid-out node comes from `objects`
      data: { object: byId.get(n.id)!, match: objectMatch(n.id) },
    }));
    const edges: RefEdge[] = layout.edges.map((e) => ({
      id: e.id,
      type: "ref",
      source: e.source,
      target: e.target,
      className: edgeClass(e.key),
      markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16 },
      data: { points: e.points, label: e.label, key: e.key },
    }));
    return { groups, nodes, edges, dangling: layout.dangling };
  }, [objects, layout, query]);
  const allNodes = useMemo<(ObjectNode | ChainNode)[]>(() => [...groups, ...nodes], [groups, nodes]);

  return (
    <>
      <div className={styles.canvas} data-testid="graph-canvas">
        <ReactFlow
          nodes={allNodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodeClick={onNodeClick}
          fitView
          fitViewOptions={{ padding: 0.1, maxZoom: 1.2 }}
          minZoom={0.05}
          maxZoom={2.5}
          nodesDraggable={false}
          nodesConnectable={false}
          nodesFocusable={false}
          edgesFocusable={false}
          elementsSelectable={false}
          colorMode="system"
          proOptions={{ hideAttribution: false }}
        >
          <Background gap={24} size={1} />
          <Controls showInteractive={false} position="top-right" />
          <GraphSearch nodes={nodes} query={query} onQuery={setQuery} />
        </ReactFlow>
      </div>
      {dangling.length > 0 ? (
        <div className={cx(bannerCss.banner, bannerCss.warn)} role="note">
          References to objects that do not exist:{" "}
          {dangling.map((d) => (
            <span key={d.id} className={textCss.mono}>
              {d.source}.{d.key} → {d.target}{" "}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
