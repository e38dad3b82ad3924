/**
 * Ideas from the study notes that sit around Kafka rather than in a running cluster: ZooKeeper
 * (gone in Kafka 4), schemas and their registry, and the Lambda and Kappa architectures. Said
 * in the help with where the simulator shows the part that is Kafka's.
 */
const IDEAS: { what: string; text: string }[] = [
  {
    what: 'ZooKeeper',
    text: 'Kafka before 2.8 needed a ZooKeeper ensemble to keep its metadata and choose its controller (one ensemble could serve several clusters); from 2.8 it could run without one (KRaft, ready for production in 3.3), and Kafka 4.0 has none (KIP-500). Its place is taken by KRaft: a quorum of controllers inside the cluster, which the simulator runs (the VOTER and ACTIVE CONTROLLER badges; controller-quorum shows it losing its majority).',
  },
  {
    what: 'Schemas',
    text: 'A broker stores bytes and never looks inside. Producers and consumers agree on a format (Avro, Protobuf, JSON Schema), usually kept in a schema registry beside the cluster, and each record carries the schema’s id (a few bytes ahead of the data), not the schema itself. No registry is simulated: keys and values here are strings serialised as UTF-8 (a record’s detail shows its bytes).',
  },
  {
    what: 'Lambda and Kappa',
    text: 'The Lambda architecture runs a batch layer that recomputes over all data, a speed layer for what is recent and a serving layer that merges them, with the logic written twice. The Kappa architecture keeps only the stream: the log holds the records (retention), and reprocessing is reading it again from an earlier offset. Here: reading never deletes (pubsub-vs-queue), retention decides how far back one can go (retention), and a new consumer with auto.offset.reset=earliest (+ Consumer) replays what the log still holds.',
  },
];

export function AroundKafka() {
  return (
    <>
      <h3 className="help-what help-notes-title">Around Kafka (not simulated)</h3>
      <dl className="help-lessons" data-testid="help-around">
        {IDEAS.map((i) => (
          <div key={i.what} className="help-lesson">
            <dt>{i.what}</dt>
            <dd>{i.text}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
