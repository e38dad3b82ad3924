/**
 * Adding to the cluster from the canvas: a topic (topic.create, with Kafka's replica placement),
 * a producer (producer.add) and a broker (broker.add). A topic and a producer open a small form
 * (CanvasForms.tsx, loaded when first opened); what the engine refuses is said in the form, with
 * its reason, and nothing changes. A broker is added at once.
 */
import { Panel } from '@xyflow/react';
import { lazy, Suspense, useState } from 'react';
import { useSimulationStore } from '../StoreContext.tsx';

const TopicForm = lazy(() => import('./CanvasForms.tsx').then((m) => ({ default: m.TopicForm })));
const ProducerForm = lazy(() =>
  import('./CanvasForms.tsx').then((m) => ({ default: m.ProducerForm })),
);

/**
 * Adds a broker at once (broker.add, the next free id): nothing to choose. It registers with
 * the controller and takes replicas of what is created afterwards; the engine refuses past its
 * broker limit, and the notice says why.
 */
function AddBroker() {
  const store = useSimulationStore();
  return (
    <button
      type="button"
      className="node-action"
      data-testid="add-broker"
      title="Add a broker (broker.add): it registers with the controller and is unfenced once caught up. Existing partitions stay where they are: Kafka moves them only by a reassignment (kafka-reassign-partitions; a partition's inspector has one). Topics and partitions created afterwards can use it."
      onClick={() => store.getState().send({ type: 'broker.add' })}
    >
      + Broker
    </button>
  );
}

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
        <AddBroker />
      </div>
      <Suspense fallback={null}>
        {open === 'topic' && <TopicForm onDone={close} />}
        {open === 'producer' && <ProducerForm onDone={close} />}
      </Suspense>
    </Panel>
  );
}
