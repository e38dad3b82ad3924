// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { murmur2, toPositive } from '../../src/engine/index.ts';
import { utf8Encode } from '../../src/engine/utf8.ts';
import { SHIPPED_SCENARIOS } from '../../src/scenario/shipped.ts';
import { manualFrameScheduler } from '../../src/store/playback.ts';
import { scenarioEntry } from '../../src/store/scenarios.ts';
import { createSimulationStore } from '../../src/store/simulationStore.ts';
import { formatCount } from '../../src/ui/format.ts';
import { LogPanel } from '../../src/ui/logview/LogPanel.tsx';
import { StoreProvider } from '../../src/ui/StoreContext.tsx';

function helloStore(initialScenario = 'hello') {
  return createSimulationStore({
    scenarios: SHIPPED_SCENARIOS.map(scenarioEntry),
    initialScenario,
    scheduler: manualFrameScheduler(),
    clock: () => 0, // the per-frame engine budget never runs out in tests
  });
}

afterEach(cleanup);

describe('log view selection (store)', () => {
  it('opens the log view on the partition picked, and keeps it when hidden', () => {
    const store = helloStore();
    expect(store.getState().selectedPartition).toBeNull();
    expect(store.getState().logViewOpen).toBe(false);
    store.getState().selectPartition({ topic: 'orders', partition: 1 });
    expect(store.getState().selectedPartition).toEqual({ topic: 'orders', partition: 1 });
    expect(store.getState().logViewOpen).toBe(true);
    store.getState().setLogViewOpen(false);
    expect(store.getState().selectedPartition).toEqual({ topic: 'orders', partition: 1 });
    store.getState().selectPartition(null);
    expect(store.getState().selectedPartition).toBeNull();
    expect(store.getState().logViewOpen).toBe(false);
  });

  it('never touches the engine: selecting changes neither its state nor the version', () => {
    const store = helloStore();
    store.getState().step(1_000);
    const before = JSON.stringify(store.getState().simulation!.state);
    const version = store.getState().version;
    store.getState().selectPartition({ topic: 'orders', partition: 0 });
    store.getState().setLogViewOpen(false);
    expect(store.getState().version).toBe(version);
    expect(JSON.stringify(store.getState().simulation!.state)).toBe(before);
  });
});

describe('LogPanel', () => {
  it('asks for a partition until one is picked', () => {
    render(
      <StoreProvider store={helloStore()}>
        <LogPanel />
      </StoreProvider>,
    );
    expect(screen.getByTestId('log-view').dataset['open']).toBe('false');
    expect(screen.getByTestId('log-view').textContent).toContain('Click a replica');
  });

  it('draws the tape of the picked partition, and follows the engine as time passes', async () => {
    const store = helloStore();
    render(
      <StoreProvider store={store}>
        <LogPanel />
      </StoreProvider>,
    );
    act(() => store.getState().selectPartition({ topic: 'orders', partition: 0 }));
    expect(screen.getByTestId('log-view').dataset['open']).toBe('true');
    expect(screen.queryByTestId('log-record-0')).toBeNull();
    act(() => store.getState().step(2_000));
    // The open log's code (numbers and tape) loads when the log is first opened.
    const end = Number((await screen.findByTestId('log-end')).textContent!.replace(/,/g, ''));
    expect(end).toBeGreaterThan(2);
    expect(screen.getByTestId('log-record-0')).toBeTruthy();
    expect(screen.getByTestId(`log-record-${end - 1}`)).toBeTruthy();
    const leader = store.getState().simulation!.state.topics[0]!.partitions[0]!.leader;
    expect(screen.getByTestId(`log-replica-label-${leader}`).textContent).toContain('leader');
  });

  it('shows a clicked record’s key bytes and its murmur2 computation', async () => {
    const store = helloStore();
    render(
      <StoreProvider store={store}>
        <LogPanel />
      </StoreProvider>,
    );
    act(() => {
      store.getState().step(2_000);
      store.getState().selectPartition({ topic: 'orders', partition: 0 });
    });
    fireEvent.click(await screen.findByTestId('log-record-0'));
    // The detail's code loads on the first click (React.lazy).
    const key = (await screen.findByTestId('record-key')).textContent!;
    const text = key.match(/“(.*)”/)![1]!;
    const hash = murmur2(utf8Encode(text));
    expect(screen.getByTestId('record-murmur2').textContent).toBe(formatCount(hash));
    expect(screen.getByTestId('record-positive').textContent).toBe(formatCount(toPositive(hash)));
    expect(screen.getByTestId('record-key-partition').textContent).toBe(
      `= ${toPositive(hash) % 3}`,
    );
    expect(screen.getByTestId('record-choice').textContent).toContain('The key chose partition 0');
    fireEvent.click(screen.getByTestId('record-close'));
    expect(screen.queryByTestId('record-detail')).toBeNull();
  });

  it('shows a producer id and sequence only for an idempotent producer’s batch', async () => {
    const detailOf = async (scenario: string): Promise<string> => {
      const store = helloStore(scenario);
      const view = render(
        <StoreProvider store={store}>
          <LogPanel />
        </StoreProvider>,
      );
      act(() => {
        store.getState().step(2_000);
        store.getState().selectPartition({ topic: 'orders', partition: 0 });
      });
      fireEvent.click(await screen.findByTestId('log-record-0'));
      const text = (await screen.findByTestId('record-producer-id')).textContent!;
      view.unmount();
      return text;
    };
    // hello: Kafka's defaults, acks=all with idempotence.
    expect(await detailOf('hello')).toMatch(/^producer id \d+ · sequence 0$/);
    // acks=1 turns idempotence off: the batch carries producer id -1 and sequence -1.
    expect(await detailOf('acks1-data-loss')).toBe('not idempotent, no sequence');
  });
});
