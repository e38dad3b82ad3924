/**
 * The engine's public surface (DESIGN.md "Engine exports"): the simulation itself, and the
 * Kafka algorithms on their own so they can be checked against Kafka's behaviour directly.
 */
export { createSimulation, restoreSimulation } from './simulation.ts';
export type { Simulation, CreateResult } from './simulation.ts';
export type { SimulationSetup, SetupProblem } from './setup.ts';
export type { Command, CommandType, TopicSpec, ProducerSpec, ConsumerSpec } from './commands.ts';
export { COMMAND_TYPES } from './commands.ts';
export type { SimEvent, SimEventType } from './events.ts';
export type * from './model.ts';
export { murmur2, toPositive, partitionForKey } from './murmur2.ts';
export { assignReplicasToBrokers } from './replicaAssignment.ts';
export { checkInvariants } from './invariants.ts';
export { inFlightMessages, messageSummary } from './network.ts';
export { recordAt, generatedValue } from './records.ts';
export type { RecordView } from './records.ts';
export { buildReport } from './report.ts';
export { metricSeries } from './metrics.ts';
export type { MetricSeries, MetricPoint } from './metrics.ts';
export * as config from './config.ts';
export { assign, ASSIGNMENT_STRATEGIES } from './assignors/index.ts';
export type {
  AssignmentStrategy,
  AssignorInput,
  AssignorMember,
  GroupAssignment,
  TopicPartition,
} from './assignors/index.ts';
export { coordinatorPartition } from './coordinator.ts';
