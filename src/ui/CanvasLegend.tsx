/**
 * How to read the canvas, in the help panel: what each kind of line joins, and what a moving
 * message's colour, length and shape say. Each sample is drawn with the canvas's own colours
 * (messageStyle.ts) and line classes (canvas.css), so the key cannot drift from the picture.
 */
import type { ReactNode } from 'react';
import {
  ERROR_COLOUR,
  NOTICE_COLOUR,
  partitionColour,
  QUIET_COLOURS,
  STREAM_THRESHOLD,
} from './canvas/messageStyle.ts';

const W = 56;
const H = 18;
const MID = H / 2;

function Sample({ children }: { children: ReactNode }) {
  return (
    <svg className="legend-sample" width={W} height={H} viewBox={`0 0 ${W} ${H}`} aria-hidden>
      {children}
    </svg>
  );
}

/** A canvas edge: the same classes as React Flow's edges, so canvas.css colours it. */
function Line({ edgeClass }: { edgeClass: string }) {
  return (
    <Sample>
      <g className={edgeClass}>
        <path className="react-flow__edge-path" d={`M2 ${MID} H${W - 2}`} />
      </g>
    </Sample>
  );
}

/** A capsule of `length` px in `colour`, at `x`, as messageShapes.ts draws one. */
function capsule(x: number, length: number, colour: string, thickness: number) {
  return (
    <line
      key={`${x}-${colour}`}
      x1={x}
      x2={x + length}
      y1={MID}
      y2={MID}
      stroke={colour}
      strokeWidth={thickness}
      strokeLinecap="round"
    />
  );
}

interface Entry {
  sample: ReactNode;
  text: string;
}

const LINES: Entry[] = [
  {
    sample: <Line edgeClass="edge-produce" />,
    text: 'A producer’s connection to the brokers that lead its partitions (the label names the partitions).',
  },
  {
    sample: <Line edgeClass="edge-fetch" />,
    text: 'A consumer’s, or a group member’s, connection to the leaders it reads from.',
  },
  {
    sample: <Line edgeClass="edge-coordinator" />,
    text: 'A consumer group to its group coordinator: the broker that leads the group’s __consumer_offsets partition.',
  },
  {
    sample: (
      <Sample>
        <path className="message-guide" d={`M2 ${MID} H${W - 2}`} />
      </Sample>
    ),
    text: 'Between two brokers: a follower fetching from its leader to copy the log (replication), steady while it follows; or, for as long as they fly, other messages between brokers (heartbeats to the controller, its metadata).',
  },
];

const MESSAGES: Entry[] = [
  {
    sample: (
      <Sample>
        {capsule(7, 18, partitionColour(0), 10)}
        {capsule(37, 8, partitionColour(1), 10)}
      </Sample>
    ),
    text: 'A message carrying records (a produce request, a fetch answer): one capsule per partition, in that partition’s colour (orders-1 and payments-1 share one), longer for more records (up to a cap).',
  },
  {
    sample: <Sample>{capsule(26, 0.5, QUIET_COLOURS.control, 6)}</Sample>,
    text: 'A request or answer without records: fetch requests, heartbeats, joins, commits, metadata.',
  },
  {
    sample: <Sample>{capsule(18, 18, ERROR_COLOUR, 10)}</Sample>,
    text: 'An answer carrying an error, such as NOT_LEADER_OR_FOLLOWER: the event list says which, and what the client does next.',
  },
  {
    sample: <Sample>{capsule(26, 0.5, NOTICE_COLOUR, 7)}</Sample>,
    text: 'A protocol signal, not a failure: REBALANCE_IN_PROGRESS, MEMBER_ID_REQUIRED.',
  },
  {
    sample: (
      <Sample>
        <path
          d={`M2 ${MID} H${W - 2}`}
          stroke={partitionColour(2)}
          strokeWidth={6}
          strokeDasharray="10 4"
        />
      </Sample>
    ),
    text: `A link with more than ${STREAM_THRESHOLD} messages on it at once (busy, or played fast): they flow as one stream of dashes in their partitions’ colours, as wide as the traffic.`,
  },
];

function Group({ title, entries }: { title: string; entries: Entry[] }) {
  return (
    <dl className="help-group legend-group">
      <dt className="help-what">{title}</dt>
      {entries.map((e) => (
        <dd key={e.text} className="legend-entry">
          {e.sample}
          <span>{e.text}</span>
        </dd>
      ))}
    </dl>
  );
}

export function CanvasLegend() {
  return (
    <>
      <h3 className="help-what help-notes-title">Reading the canvas</h3>
      <div className="legend-groups" data-testid="help-legend">
        <Group title="Lines" entries={LINES} />
        <Group title="Moving messages" entries={MESSAGES} />
      </div>
    </>
  );
}
