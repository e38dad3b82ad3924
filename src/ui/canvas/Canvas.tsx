/**
 * The cluster picture: React Flow drawing the nodes the pure selectors derive from engine
 * state, and the messages in flight between them (MessageLayer). The canvas is read-only for
 * now (no dragging or connecting); it pans and zooms.
 */
import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type EdgeTypes,
  type Node,
  type NodeChange,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
  type RefObject,
} from 'react';
import { useSim, useSimulationStore } from '../StoreContext.tsx';
import './canvas.css';
import { DetailLevel } from './DetailLevel.tsx';
import { createLabelPlacer } from './edgeLabels.ts';
import { PlacedEdge } from './PlacedEdge.tsx';
import { CanvasTools } from './CanvasTools.tsx';
import { ControllerStatus } from '../ControllerStatus.tsx';
import { DataLossStatus } from '../DataLossStatus.tsx';
import { FocusButton } from '../FocusButton.tsx';
import { canvasAspect, TARGET_ASPECT } from './layout.ts';
import { applySizeChanges, type Sizes } from './measured.ts';
import { MessageLayer } from './MessageLayer.tsx';
import { createNodeDataChannel, NodeDataContext } from './nodeData.ts';
import { entityOfNode } from './nodeEntity.ts';
import { BrokerNode } from './nodes/BrokerNode.tsx';
import { ConsumerNode } from './nodes/ConsumerNode.tsx';
import { GroupNode } from './nodes/GroupNode.tsx';
import { MemberNode } from './nodes/MemberNode.tsx';
import { ProducerNode } from './nodes/ProducerNode.tsx';
import { LazyRemoteStorageNode } from './nodes/LazyRemoteStorageNode.tsx';
import { PLACED_EDGE_TYPE } from './selectNodes.ts';
import { useCanvas } from './useCanvas.ts';
import { useNodeRects } from './useMessageScene.ts';

const EDGE_TYPES: EdgeTypes = { [PLACED_EDGE_TYPE]: PlacedEdge };

const NODE_TYPES: NodeTypes = {
  broker: BrokerNode,
  producer: ProducerNode,
  consumer: ConsumerNode,
  consumerGroup: GroupNode,
  member: MemberNode,
  remoteStorage: LazyRemoteStorageNode,
};

/**
 * Room at the top for the canvas tools (+ Topic, + Producer, + Broker), and at the right for
 * the zoom and focus buttons, which float over the canvas.
 */
const FIT = {
  padding: { top: '58px', bottom: '3%', left: '3%', right: '48px' },
  maxZoom: 1.3,
} as const;

/**
 * Refits the view when a new simulation starts or nodes are added, and when the canvas changes
 * size (the window, or the log and chart panel opening and closing below it; the panel's
 * height settles only once its lazily loaded parts have drawn, so the canvas's own size is
 * watched rather than the events that cause it). A view the user has panned or zoomed is left
 * where they put it until the next simulation: clicking a replica tile opens the log view, and
 * that click should not throw away the zoom it took to reach the tile.
 */
function FitView({ userMoved, aspect }: { userMoved: RefObject<boolean>; aspect: number }) {
  const { fitView } = useReactFlow();
  const simulation = useSim((s) => s.simulation);
  const initialised = useNodesInitialized();
  const domNode = useStore((s) => s.domNode);
  // A new simulation is fitted whatever the user did; nodes that arrive later (a broker or
  // consumer added, measured anew) only while the user has not moved the view.
  const fittedFor = useRef<unknown>(null);
  useEffect(() => {
    if (!initialised) return;
    if (fittedFor.current !== simulation) {
      fittedFor.current = simulation;
      userMoved.current = false;
    } else if (userMoved.current) return;
    void fitView(FIT);
    // `aspect`: the nodes were arranged anew for the canvas's shape.
  }, [fitView, simulation, initialised, userMoved, aspect]);
  useEffect(() => {
    if (!domNode || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!userMoved.current) void fitView(FIT);
      });
    });
    observer.observe(domNode);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [fitView, domNode, userMoved]);
  return null;
}

/**
 * The canvas's shape for the layout (canvasAspect), followed while the view is fitted
 * automatically: opening the charts or folding the side panel rearranges the brokers to fill
 * the room. A view the user panned or zoomed keeps its arrangement until they fit it again.
 * In focus mode the inspector opening beside the canvas does not rearrange it (the picture is
 * laid out for the whole row): the node just clicked stays where it was, only smaller.
 */
function useCanvasAspect(
  element: RefObject<HTMLDivElement | null>,
  userMoved: RefObject<boolean>,
): [number, () => void] {
  const [aspect, setAspect] = useState(TARGET_ASPECT);
  const store = useSimulationStore();
  const focus = useSim((s) => s.focus);
  const measure = useCallback(() => {
    const el = element.current;
    if (!el) return;
    const row = store.getState().focus ? el.parentElement : null;
    setAspect((now) => canvasAspect((row ?? el).clientWidth, el.clientHeight, now));
  }, [element, store]);
  // F with something selected leaves the canvas's size as it is (the inspector stays open)
  // but changes what it is laid out for.
  useEffect(() => {
    if (!userMoved.current) measure();
  }, [focus, userMoved, measure]);
  useLayoutEffect(() => {
    const el = element.current;
    measure();
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (!userMoved.current) measure();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [element, userMoved, measure]);
  return [aspect, measure];
}

export function Canvas() {
  // A pan or zoom by the user (React Flow passes no event when the code moves the view).
  const userMoved = useRef(false);
  const element = useRef<HTMLDivElement>(null);
  const [aspect, measureAspect] = useCanvasAspect(element, userMoved);
  // A new simulation is fitted afresh (FitView), so it is arranged for the canvas as it is now.
  const simulation = useSim((s) => s.simulation);
  useEffect(() => measureAspect(), [simulation, measureAspect]);
  // The nodes are derived from engine state; React Flow's measurements are kept beside them.
  const [sizes, setSizes] = useState<Sizes>(() => new Map());
  const onNodesChange = useCallback(
    (changes: NodeChange[]) => setSizes((old) => applySizeChanges(old, changes)),
    [],
  );
  const { nodes, flowNodes, edges: lines } = useCanvas(sizes, aspect);
  // Labels apart where edges cross; recomputed only when an edge or a node's box changes.
  const rects = useNodeRects();
  const [placeLabels] = useState(createLabelPlacer);
  const edges = useMemo(() => placeLabels(lines, rects), [placeLabels, lines, rects]);
  // What each node shows goes to its component directly, before the frame is painted; React
  // Flow gets new node objects only when a node moves, resizes or changes kind.
  const [channel] = useState(createNodeDataChannel);
  const run = useSim((s) => s.run);
  useLayoutEffect(() => channel.publish(nodes, run), [channel, nodes, run]);
  const store = useSimulationStore();
  const onMove = useCallback((event: unknown) => {
    if (event) userMoved.current = true;
  }, []);
  // The fit button hands the view back to the automatic fitting, and to the canvas's shape.
  const onFitView = useCallback(() => {
    userMoved.current = false;
    measureAspect();
  }, [measureAspect]);
  // A click selects what the node stands for (the inspector shows it); a right click opens
  // its menu. A replica tile handles its own clicks (its partition) before they get here.
  const onNodeClick = useCallback(
    (_e: MouseEvent, node: Node) => {
      const entity = entityOfNode(node);
      if (entity) store.getState().select(entity);
    },
    [store],
  );
  const onNodeContextMenu = useCallback(
    (e: MouseEvent, node: Node) => {
      const entity = entityOfNode(node);
      if (!entity) return;
      e.preventDefault();
      store.getState().openMenu({ entity, x: e.clientX, y: e.clientY });
    },
    [store],
  );
  // The same element while React Flow's nodes and edges stay the same objects, which is most
  // frames while playing: React then skips React Flow and everything under it, but for the
  // parts that follow the store themselves (the messages, the node contents through the
  // channel). Measured on `large` at 1×: React Flow's wrapper, store updater, selection
  // listener, panels and a dozen others re-rendered on every frame before.
  const flow = useMemo(
    () => (
      <NodeDataContext value={channel}>
        <ReactFlow
          nodes={flowNodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          edgeTypes={EDGE_TYPES}
          onNodesChange={onNodesChange}
          onNodeClick={onNodeClick}
          onNodeContextMenu={onNodeContextMenu}
          onMove={onMove}
          fitView
          fitViewOptions={FIT}
          minZoom={0.2}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          zoomOnDoubleClick={false}
          // Edges stay under every node: by default React Flow lifts the edges of a group's
          // members to the members' level, and they crossed other nodes' rows.
          zIndexMode="manual"
        >
          <Background
            variant={BackgroundVariant.Dots}
            gap={24}
            size={1.5}
            color="var(--grid-dot)"
          />
          <Controls
            showInteractive={false}
            position="bottom-right"
            fitViewOptions={FIT}
            onFitView={onFitView}
          >
            <FocusButton />
          </Controls>
          <FitView userMoved={userMoved} aspect={aspect} />
          <DetailLevel />
          <CanvasTools />
          <MessageLayer />
        </ReactFlow>
      </NodeDataContext>
    ),
    [
      channel,
      flowNodes,
      edges,
      onNodesChange,
      onNodeClick,
      onNodeContextMenu,
      onMove,
      onFitView,
      aspect,
    ],
  );
  return (
    <div className="canvas" data-testid="canvas" ref={element}>
      {flow}
      {/* In the fit's free band at the top, right of the tools: at the bottom the controller's
          notice covered the lowest broker's tiles. */}
      <div className="canvas-notices">
        <ControllerStatus />
        <DataLossStatus />
      </div>
    </div>
  );
}
