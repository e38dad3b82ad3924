/**
 * Adding to the cluster from the canvas: a topic (topic.create, with Kafka's replica placement)
 * and a producer (producer.add). Each opens a small form (CanvasForms.tsx, loaded when first
 * opened); what the engine refuses is said in the form, with its reason, and nothing changes.
 */
import { Panel } from '@xyflow/react';
import { lazy, Suspense, useState } from 'react';

const TopicForm = lazy(() => import('./CanvasForms.tsx').then((m) => ({ default: m.TopicForm })));
const ProducerForm = lazy(() =>
  import('./CanvasForms.tsx').then((m) => ({ default: m.ProducerForm })),
);

export function CanvasTools() {
  const [open, setOpen] = useState<'topic' | 'producer' | null>(null);
  const toggle = (which: 'topic' | 'producer') => setOpen((o) => (o === which ? null : which));
  const close = () => setOpen(null);
  return (
    <Panel position="top-left" className="canvas-tools">
      <div className="tool-row">
        <button
          type="button"
          className={`node-action${open === 'topic' ? ' is-on' : ''}`}
          data-testid="add-topic"
          aria-expanded={open === 'topic'}
          title="Create a topic (topic.create): partitions placed by Kafka’s replica assignment"
          onClick={() => toggle('topic')}
        >
          + Topic
        </button>
        <button
          type="button"
          className={`node-action${open === 'producer' ? ' is-on' : ''}`}
          data-testid="add-producer"
          aria-expanded={open === 'producer'}
          title="Add a producer (producer.add)"
          onClick={() => toggle('producer')}
        >
          + Producer
        </button>
      </div>
      <Suspense fallback={null}>
        {open === 'topic' && <TopicForm onDone={close} />}
        {open === 'producer' && <ProducerForm onDone={close} />}
      </Suspense>
    </Panel>
  );
}
