import { describe, expect, it } from 'vitest';
import { formatAverage } from '../../src/ui/format.ts';
import { PRODUCER_CONFIGS } from '../../src/engine/config.ts';
import { loadScenario } from '../../src/scenario/load.ts';
import { findShippedScenario } from '../../src/scenario/shipped.ts';
import { actionForKey, entityActions } from '../../src/ui/actions.ts';
import { entityOfNode } from '../../src/ui/canvas/nodeEntity.ts';
import {
  brokerInspector,
  configRows,
  configText,
  keysText,
  partitionInspector,
  producerInspector,
  setKeysCommand,
} from '../../src/ui/inspector/entityModels.ts';
import { parseKeys } from '../../src/ui/inspector/keys.ts';

function run(name: string) {
  const loaded = loadScenario(findShippedScenario(name)!.json);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.problems));
  return loaded.simulation;
}

describe('config rows', () => {
  it('show every key of the scope with Kafka’s default, the set ones first', () => {
    const rows = configRows('producer', { 'linger.ms': 20, acks: '1' });
    expect(rows).toHaveLength(PRODUCER_CONFIGS.length);
    expect(rows.slice(0, 2).map((r) => r.key)).toEqual(['acks', 'linger.ms']);
    const linger = rows.find((r) => r.key === 'linger.ms')!;
    expect(linger).toMatchObject({ value: '20', defaultValue: '5', set: true });
    const batch = rows.find((r) => r.key === 'batch.size')!;
    expect(batch).toMatchObject({ value: '16384', defaultValue: '16384', set: false });
  });

  it('say which keys the simulator does not fully model', () => {
    const idem = configRows('producer', {}).find((r) => r.key === 'enable.idempotence')!;
    expect(idem.notSimulated).toMatch(/not simulated/);
    expect(configRows('producer', {}).find((r) => r.key === 'acks')!.notSimulated).toBeNull();
  });

  it('write values as a properties file would', () => {
    expect(configText(null)).toBe('null');
    expect(configText(['range', 'cooperative-sticky'])).toBe('range,cooperative-sticky');
    expect(configText(false)).toBe('false');
  });

  it('take a topic’s defaults from the broker’s synonyms', () => {
    const sim = run('durability-boundary');
    const p = partitionInspector(sim.state, sim.state.topics[0]!.name, 0)!;
    const minIsr = p.config.find((r) => r.key === 'min.insync.replicas')!;
    expect(minIsr.value).not.toBe('');
    expect(p.replicas.length).toBeGreaterThan(1);
    expect(p.leader).toBe(p.replicas[0]);
  });
});

describe('entity inspectors', () => {
  it('a partition: its ELR and last leader when the cluster tracks them (KIP-966), none otherwise', () => {
    const sim = run('eligible-leader-replicas');
    sim.advanceTo(35_000); // brokers 5, 4 and 3 stopped: orders-0 offline
    const m = partitionInspector(sim.state, 'orders', 0)!;
    expect(m).toMatchObject({ leader: null, isr: [], elr: [3, 4], lastKnownLeader: 3 });
    expect(m.replicaLogs.find((r) => r.broker === 4)).toMatchObject({ inIsr: false, inElr: true });
    sim.advanceTo(45_000); // broker 4 is back and leads
    expect(partitionInspector(sim.state, 'orders', 0)).toMatchObject({
      leader: 4,
      elr: [3],
      lastKnownLeader: null,
    });
    const off = run('hello');
    expect(partitionInspector(off.state, off.state.topics[0]!.name, 0)!.elr).toBeNull();
  });

  it('a producer: its counts, its keys and its effective idempotence', () => {
    const sim = run('hello');
    sim.advanceTo(3000);
    const m = producerInspector(sim.state, 'checkout')!;
    expect(m.sent).toBeGreaterThan(0);
    expect(m.idempotent).toBe(true);
    expect(keysText(m.keys)).toMatch(/,/);
    sim.apply({ type: 'producer.setConfig', producer: 'checkout', config: { acks: '1' } });
    expect(producerInspector(sim.state, 'checkout')!.idempotent).toBe(false);
    expect(producerInspector(sim.state, 'nobody')).toBeNull();
  });

  it('a producer: produce requests and the records each carried (batching-tradeoff: linger.ms 0 against 100)', () => {
    const sim = run('batching-tradeoff');
    sim.advanceTo(10_000);
    const now = producerInspector(sim.state, 'no-linger')!;
    const batched = producerInspector(sim.state, 'linger-100')!;
    expect(now.requests).toBeGreaterThan(20 * batched.requests);
    expect(now.recordsPerRequest!).toBeLessThan(5);
    expect(batched.recordsPerRequest!).toBeGreaterThan(50);
    expect(formatAverage(now.recordsPerRequest!)).toMatch(/^\d\.\d$/);
    expect(formatAverage(batched.recordsPerRequest!)).toMatch(/^\d+$/);
  });

  it('a broker: leads, follows, and under-replicated partitions once a follower is gone', () => {
    const sim = run('hello');
    sim.advanceTo(1000);
    const before = brokerInspector(sim.state, 1)!;
    expect(before.leads + before.follows).toBe(3);
    expect(before.controller).toBe('active');
    sim.apply({ type: 'broker.crash', broker: 3 });
    sim.advanceTo(45_000);
    const after = [1, 2].map((id) => brokerInspector(sim.state, id)!.underReplicated);
    expect(after[0]! + after[1]!).toBe(3);
    expect(brokerInspector(sim.state, 3)!.alive).toBe(false);
  });

  it('keys typed as a list, and the producer.setKeys that applies them', () => {
    expect(parseKeys(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(parseKeys('  ')).toEqual([]);
    const sim = run('hello');
    expect(setKeysCommand('checkout', ['x'])).toEqual({
      type: 'producer.setKeys',
      producer: 'checkout',
      keys: ['x'],
    });
    expect(sim.apply(setKeysCommand('checkout', ['x'])).map((e) => e.type)).not.toContain(
      'command.rejected',
    );
    expect(keysText(sim.state.producers[0]!.keyMode)).toBe('x');
    sim.apply(setKeysCommand('checkout', []));
    expect(keysText(sim.state.producers[0]!.keyMode)).toBe('');
  });
});

describe('entity actions', () => {
  it('a broker: crash, shut down or restart by its state, cut off or reconnect, slow', () => {
    const sim = run('hello');
    const ids = () => entityActions(sim.state, { kind: 'broker', id: 2 }).map((a) => a.id);
    expect(ids()).toEqual(['crash', 'shutdown', 'isolate', 'slow']);
    sim.apply({ type: 'broker.shutdown', broker: 2 });
    // Shutting down: it can still be crashed, not shut down twice.
    expect(ids()).toEqual(['crash', 'isolate', 'slow']);
    sim.apply({ type: 'broker.crash', broker: 2 });
    // A down broker has no links to cut or slow: only a restart makes sense.
    expect(ids()).toEqual(['restart']);
  });

  it('a partition being reassigned offers to cancel it (kafka-reassign-partitions --cancel)', () => {
    const sim = run('reassign-partitions');
    const ids = () =>
      entityActions(sim.state, { kind: 'partition', topic: 'orders', partition: 0 }).map(
        (a) => a.id,
      );
    sim.advanceTo(29_000);
    expect(ids()).toEqual(['show-log', 'add-partition']);
    sim.advanceTo(30_100);
    expect(ids()).toEqual(['show-log', 'add-partition', 'cancel-reassignment']);
    const cancel = entityActions(sim.state, {
      kind: 'partition',
      topic: 'orders',
      partition: 0,
    })[2]!;
    for (const command of cancel.commands) sim.apply(command);
    expect(sim.state.topics[0]!.partitions[0]!.addingReplicas).toEqual([]);
    expect(ids()).toEqual(['show-log', 'add-partition']);
  });

  it('a down broker still offers to undo a cut or a latency it carries over a restart', () => {
    const sim = run('hello');
    sim.apply({ type: 'broker.isolate', broker: 2 });
    sim.apply({ type: 'broker.slow', broker: 2, extraLatencyMs: 100 });
    sim.apply({ type: 'broker.crash', broker: 2 });
    const actions = entityActions(sim.state, { kind: 'broker', id: 2 });
    expect(actions.map((a) => a.id)).toEqual(['restart', 'heal', 'unslow']);
  });

  it('says what "isolate" really cuts: the other brokers and the controller, not the clients', () => {
    const sim = run('hello');
    const isolate = entityActions(sim.state, { kind: 'broker', id: 2 }).find(
      (a) => a.id === 'isolate',
    )!;
    expect(isolate.label).toBe(
      'Cut off from the other brokers and the controller (clients still reach it)',
    );
    expect(isolate.key).toBe('i');
    expect(isolate.hint).toMatch(/clients still reach it/);
    expect(isolate.label).not.toMatch(/network/i);
  });

  it('a static member’s Leave hint says it sends no LeaveGroup (KIP-345)', () => {
    const sim = run('static-membership-rolling-restart');
    const leave = (id: string) =>
      entityActions(sim.state, { kind: 'consumer', id }).find((a) => a.id === 'leave')!;
    expect(leave('billing-1').hint).toMatch(/without a LeaveGroup/);
    expect(leave('billing-1').hint).toMatch(/group\.instance\.id=billing-1/);
    expect(leave('billing-1').hint).not.toMatch(/rebalance starts at once/);
    const dynamic = run('group-member-crash');
    const id = dynamic.state.consumers[0]!.id;
    const hint = entityActions(dynamic.state, { kind: 'consumer', id }).find(
      (a) => a.id === 'leave',
    )!.hint;
    expect(hint).toMatch(/sends LeaveGroup, so the rebalance starts at once/);
  });

  it('every action’s commands are accepted by the engine', () => {
    const sim = run('group-member-crash');
    sim.advanceTo(5000);
    const refs = [
      { kind: 'broker', id: 1 },
      { kind: 'producer', id: sim.state.producers[0]!.id },
      { kind: 'consumer', id: sim.state.consumers[0]!.id },
      { kind: 'group', id: sim.state.groups[0]!.groupId },
      { kind: 'partition', topic: sim.state.producers[0]!.topic, partition: 0 },
    ] as const;
    for (const ref of refs) {
      const actions = entityActions(sim.state, ref);
      expect(actions.length, ref.kind).toBeGreaterThan(0);
      for (const a of actions)
        for (const c of a.commands) {
          // Each on a copy of the same moment, so one action does not change the next.
          const fresh = run('group-member-crash');
          fresh.advanceTo(5000);
          expect(
            fresh.apply(c).map((e) => e.type),
            `${ref.kind} ${a.id}`,
          ).not.toContain('command.rejected');
        }
    }
  });

  it('keys find their action; Backspace is Delete; case does not matter', () => {
    const sim = run('hello');
    const producer = entityActions(sim.state, { kind: 'producer', id: 'checkout' });
    expect(actionForKey(producer, 'Backspace')?.id).toBe('remove');
    expect(actionForKey(producer, 'A')?.id).toBe('acks-all');
    expect(actionForKey(producer, 'x')).toBeNull();
    const broker = entityActions(sim.state, { kind: 'broker', id: 1 });
    expect(actionForKey(broker, 'C')?.id).toBe('crash');
    expect(actionForKey(broker, 'r')).toBeNull(); // alive: nothing to restart
  });

  it('canvas nodes map to the entity they stand for', () => {
    expect(entityOfNode({ type: 'broker', data: { view: { id: 2 } } })).toEqual({
      kind: 'broker',
      id: 2,
    });
    expect(entityOfNode({ type: 'member', data: { view: { id: 'b-1' } } })).toEqual({
      kind: 'consumer',
      id: 'b-1',
    });
    expect(entityOfNode({ type: 'consumerGroup', data: { view: { id: 'g' } } })).toEqual({
      kind: 'group',
      id: 'g',
    });
    expect(entityOfNode({ type: 'broker', data: {} })).toBeNull();
    expect(entityOfNode({ type: 'other', data: { view: { id: 'x' } } })).toBeNull();
  });
});

describe('Kafka Connect source task actions', () => {
  it('the source task can be crashed and restarted from its menu and keys (C, R)', () => {
    const sim = run('connect-pipeline');
    sim.advanceTo(2000);
    const id = 'connector-producer-mysql-orders-0';
    const crash = actionForKey(entityActions(sim.state, { kind: 'producer', id }), 'c');
    expect(crash?.commands).toEqual([
      { type: 'connector.crashTask', connector: 'mysql-orders', task: 0 },
    ]);
    for (const c of crash!.commands) sim.apply(c);
    const restart = actionForKey(entityActions(sim.state, { kind: 'producer', id }), 'r');
    expect(restart?.commands).toEqual([
      { type: 'connector.restartTask', connector: 'mysql-orders', task: 0 },
    ]);
  });
});

describe('config values as Kafka prints them', () => {
  it('shows the stand-in for Long.MAX_VALUE as 9223372036854775807 (a Connect producer’s max.block.ms)', () => {
    expect(configText(Number.MAX_SAFE_INTEGER)).toBe('9223372036854775807');
    expect(configText(30_000)).toBe('30000');
  });
});
