"use client";
// The pipeline's object graph: every object a node (id, type, status as icon + text, a link to its
// page), every reference field a labelled edge. Pannable and zoomable; laid out by dagre.

import "@xyflow/react/dist/style.css";
import {
  Background,
  BaseEdge,
  Controls,
  Handle,
  MarkerType,
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
import { useCallback, useMemo } from "react";
import { basisPath, layoutObjectGraph, NODE_HEIGHT, NODE_WIDTH, type GraphObject } from "./graph-layout";
import { StatusBadge } from "./status-badge";

export interface PipelineGraphObject extends GraphObject {
  type: string | null;
  kind: string | null;
  status: string;
  href: string;
}

type ObjectNodeData = { object: PipelineGraphObject };
type ObjectNode = Node<ObjectNodeData, "object">;

function ObjectNodeView({ data, positionAbsoluteX, positionAbsoluteY }: NodeProps<ObjectNode>) {
  const o = data.object;
  const flow = useReactFlow();
  // Tabbing onto a node that is off screen: pan to it (the browser would scroll the clipped pane instead).
  const onFocus = (event: React.FocusEvent<HTMLAnchorElement>) => {
    if (!event.currentTarget.matches(":focus-visible")) return; // a mouse click navigates; no need to pan
    const pane = event.currentTarget.closest(".react-flow");
    pane?.scrollTo(0, 0);
    void flow.setCenter(positionAbsoluteX + NODE_WIDTH / 2, positionAbsoluteY + NODE_HEIGHT / 2, { zoom: Math.max(flow.getZoom(), 0.8), duration: 150 });
  };
  return (
    <div className={`graph-node kind-${o.kind ?? "unknown"}`} style={{ width: NODE_WIDTH, height: NODE_HEIGHT }}>
      <Handle type="target" position={Position.Left} isConnectable={false} className="graph-handle" />
      <Link href={o.href} className="graph-node-link" aria-label={`${o.id}, ${o.type ?? "no type"}, ${o.status}`} onFocus={onFocus}>
        <span className="graph-node-top">
          <span className="graph-node-id">{o.id}</span>
          <StatusBadge status={o.status} />
        </span>
        <span className="graph-node-type">{o.type ?? "no type"}</span>
      </Link>
      <Handle type="source" position={Position.Right} isConnectable={false} className="graph-handle" />
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

const nodeTypes = { object: ObjectNodeView };
const edgeTypes = { ref: RefEdgeView };

/** Edge styles by reference kind, so dependency edges stand out from inheritance ones (the label says which). */
function edgeClass(key: string): string {
  if (key === "parent") return "edge-parent";
  if (key === "dependsOn" || key === "precondition" || key === "input" || key === "output") return "edge-flow";
  if (key.startsWith("on")) return "edge-action";
  return "edge-ref";
}

export default function PipelineGraph({ objects }: { objects: PipelineGraphObject[] }) {
  const router = useRouter();
  // Clicks on the node's link navigate through the link; a click elsewhere on the node does the same.
  const onNodeClick = useCallback(
    (event: React.MouseEvent, node: ObjectNode) => {
      if ((event.target as Element | null)?.closest("a")) return;
      router.push(node.data.object.href);
    },
    [router],
  );
  const { nodes, edges, dangling } = useMemo(() => {
    const layout = layoutObjectGraph(objects);
    const byId = new Map(objects.map((o) => [o.id, o]));
    const nodes: ObjectNode[] = layout.nodes.map((n) => ({
      id: n.id,
      type: "object",
      position: { x: n.x, y: n.y },
      width: NODE_WIDTH,
      height: NODE_HEIGHT,
      data: { object: byId.get(n.id)! }, // every laid-out node comes from `objects`
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
    return { nodes, edges, dangling: layout.dangling };
  }, [objects]);

  return (
    <>
      <div className="graph-canvas">
        <ReactFlow
          nodes={nodes}
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
        </ReactFlow>
      </div>
      {dangling.length > 0 ? (
        <div className="banner banner-warn" role="note">
          References to objects that do not exist:{" "}
          {dangling.map((d) => (
            <span key={d.id} className="mono">
              {d.source}.{d.key} → {d.target}{" "}
            </span>
          ))}
        </div>
      ) : null}
    </>
  );
}
