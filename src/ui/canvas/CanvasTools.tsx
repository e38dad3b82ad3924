/**
 * Adding to the cluster from the canvas: a topic (topic.create, with Kafka's replica placement),
 * a producer (producer.add), a consumer (consumer.add) and a broker (broker.add). A topic, a
 * producer and a consumer open a small form (CanvasForms.tsx, loaded when first opened); what
 * the engine refuses is said in the form, with its reason, and nothing changes. A broker is
 * added at once.
 */
import { Panel } from '@xyflow/react';
import { lazy, Suspense, useState } from 'react';
import { useSimulationStore } from '../StoreContext.tsx';

const TopicForm = lazy(() => import('./CanvasForms.tsx').then((m) => ({ default: m.TopicForm })));
const ProducerForm = lazy(() =>
  import('./CanvasForms.tsx').then((m) => ({ default: m.ProducerForm })),
);
const ConsumerForm = lazy(() =>
  import('./CanvasForms.tsx').then((m) => ({ default: m.ConsumerForm })),
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

type Form = 'topic' | 'producer' | 'consumer';

/** A tool that opens its form below the row (and closes it on a second click). */
function FormToggle({
  form,
  open,
  onToggle,
  title,
  children,
}: {
  form: Form;
  open: Form | null;
  onToggle: (form: Form) => void;
  title: string;
  children: string;
}) {
  return (
    <button
      type="button"
      className={`node-action${open === form ? ' is-on' : ''}`}
      data-testid={`add-${form}`}
      aria-expanded={open === form}
      title={title}
      onClick={() => onToggle(form)}
    >
      {children}
    </button>
  );
}

export function CanvasTools() {
  const [open, setOpen] = useState<Form | null>(null);
  const toggle = (which: Form) => setOpen((o) => (o === which ? null : which));
  const close = () => setOpen(null);
  return (
    <Panel position="top-left" className="canvas-tools">
      <div className="tool-row">
        <FormToggle
          form="topic"
          open={open}
          onToggle={toggle}
          title="Create a topic (topic.create): partitions placed by Kafka’s replica assignment"
        >
          + Topic
        </FormToggle>
        <FormToggle
          form="producer"
          open={open}
          onToggle={toggle}
          title="Add a producer (producer.add)"
        >
          + Producer
        </FormToggle>
        <FormToggle
          form="consumer"
          open={open}
          onToggle={toggle}
          title="Add a consumer (consumer.add): a new member of a group, or a standalone consumer of chosen partitions"
        >
          + Consumer
        </FormToggle>
        <AddBroker />
      </div>
      <Suspense fallback={null}>
        {open === 'topic' && <TopicForm onDone={close} />}
        {open === 'producer' && <ProducerForm onDone={close} />}
        {open === 'consumer' && <ConsumerForm onDone={close} />}
      </Suspense>
    </Panel>
  );
}
