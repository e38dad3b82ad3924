/**
 * The pointer rows: one per replica (its log as a bar, its log end offset and high
 * watermark), one per consumer (its position) and one per committing group (its committed
 * offset); and their labels, with the numbers, for the column left of the tape.
 */
import { formatCount } from '../format.ts';
import { committedRowText, consumerRowText, replicaRowText, type RowText } from './logText.ts';
import type { LogViewModel } from './selectLogView.ts';
import { offsetX, type TapeGeometry } from './tapeGeometry.ts';

/**
 * A pointer: a line at the boundary it names and a tag right of it. The tag lives in a strip
 * from the line to the end of the track and is sticky, so when the line is scrolled out of
 * view on the left (a follower far behind, a slow consumer) the tag waits at the left edge.
 */
function Pointer({
  x,
  trackWidthPx,
  kind,
  tag,
  title,
  testId,
}: {
  x: number;
  trackWidthPx: number;
  kind: string;
  tag: string;
  title: string;
  testId?: string;
}) {
  return (
    <>
      <div className={`lv-ptr lv-ptr-${kind}`} style={{ left: x }} title={title} />
      <div className={`lv-ptr-strip lv-ptr-${kind}`} style={{ left: x, width: trackWidthPx - x }}>
        <span className="lv-ptr-tag" title={title} {...(testId ? { 'data-testid': testId } : {})}>
          {tag}
        </span>
      </div>
    </>
  );
}

function RowLabel({ text, kind, testId }: { text: RowText; kind: string; testId: string }) {
  return (
    <div className={`lv-label lv-row-ptr lv-label-${kind}`} title={text.title} data-testid={testId}>
      <span className="lv-label-name">{text.name}</span>
      <span className="lv-badge">{text.badge}</span>
      <span className="lv-label-numbers">{text.numbers}</span>
    </div>
  );
}

/** The labels of the pointer rows, in the same order as PointerRows. */
export function PointerLabels({ m }: { m: LogViewModel }) {
  return (
    <>
      {m.replicas.map((r) => (
        <RowLabel
          key={`b${r.brokerId}`}
          text={replicaRowText(r, m.logEndOffset)}
          kind={r.status}
          testId={`log-replica-label-${r.brokerId}`}
        />
      ))}
      {m.consumers.map((c) => (
        <RowLabel
          key={`c${c.consumer}`}
          text={consumerRowText(c)}
          kind="consumer"
          testId={`log-consumer-label-${c.consumer}`}
        />
      ))}
      {m.committed.map((c) => (
        <RowLabel
          key={`g${c.groupId}`}
          text={committedRowText(c)}
          kind="committed"
          testId={`log-committed-label-${c.groupId}`}
        />
      ))}
    </>
  );
}

export function PointerRows({ m, g }: { m: LogViewModel; g: TapeGeometry }) {
  const x = (offset: number) => offsetX(m, g, offset);
  return (
    <>
      {m.replicas.map((r) => {
        const from = x(r.logStartOffset);
        const to = x(r.logEndOffset);
        const sameHw = r.highWatermark === r.logEndOffset;
        return (
          <div
            key={`b${r.brokerId}`}
            className={`lv-row-ptr lv-replica lv-replica-${r.status}`}
            data-testid={`log-replica-${r.brokerId}`}
          >
            {to > from && <div className="lv-extent" style={{ left: from, width: to - from }} />}
            {!sameHw && (
              <Pointer
                trackWidthPx={g.widthPx}
                x={x(r.highWatermark)}
                kind="hw"
                tag="HW"
                title={`Broker ${r.brokerId}'s high watermark: ${formatCount(r.highWatermark)}`}
              />
            )}
            <Pointer
              trackWidthPx={g.widthPx}
              x={to}
              kind="leo"
              tag={`${sameHw ? 'LEO = HW' : 'LEO'} ${formatCount(r.logEndOffset)}`}
              title={`Broker ${r.brokerId}'s log end offset: ${formatCount(r.logEndOffset)}`}
              testId={`log-leo-${r.brokerId}`}
            />
          </div>
        );
      })}
      {m.consumers.map((c) => (
        <div key={`c${c.consumer}`} className="lv-row-ptr lv-consumer">
          {c.position !== null && (
            <>
              <div
                className="lv-read"
                style={{
                  // From the first readable record: in remote storage with tiered storage.
                  left: x(m.deletedRecords),
                  width: Math.max(0, x(c.position) - x(m.deletedRecords)),
                }}
              />
              <Pointer
                trackWidthPx={g.widthPx}
                x={x(c.position)}
                kind="position"
                tag={`position ${formatCount(c.position)}`}
                title={`${c.consumer} reads offset ${formatCount(c.position)} next`}
                testId={`log-position-${c.consumer}`}
              />
            </>
          )}
        </div>
      ))}
      {m.committed.map((c) => (
        <div key={`g${c.groupId}`} className="lv-row-ptr lv-committed">
          <Pointer
            trackWidthPx={g.widthPx}
            x={x(c.offset)}
            kind="committed"
            tag={`committed ${formatCount(c.offset)}`}
            title={`Group ${c.groupId} committed offset ${formatCount(c.offset)}`}
            testId={`log-committed-${c.groupId}`}
          />
        </div>
      ))}
    </>
  );
}
