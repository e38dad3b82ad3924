/**
 * Commands and setup for consumer groups: a scenario's group spec (its members are added as
 * `consumer.add` commands), `group.setConfig`, and the creation of `__consumer_offsets`.
 */
import type { ConsumerGroupSpec, RawConfig } from './commands.ts';
import { assignorName, brokerSettings, consumerSettings, parseConfig } from './config.ts';
import { addConsumer, parseConsumerConfig, processingRejection } from './consumer.ts';
import { emit, type Ctx } from './context.ts';
import { requestRejoin } from './groupMember.ts';
import { OFFSETS_TOPIC } from './offsetsTopic.ts';
import { reject, type Rejection } from './rejection.ts';
import { createTopic } from './topics.ts';
import { addStreamsApp, findStreamsApp } from './streams.ts';
import { fixedConsumerKey } from './streamsConfig.ts';
import { sinkGroupId } from './connectConfig.ts';

/**
 * Creates `__consumer_offsets` as GroupCoordinatorService.groupMetadataTopicConfigs does:
 * internal, cleanup.policy=compact, segment.bytes = offsets.topic.segment.bytes.
 */
export function createOffsetsTopic(
  ctx: Ctx,
  partitions: number,
  replicationFactor: number,
): boolean {
  const s = brokerSettings(ctx.state.cluster.brokerConfig);
  const r = createTopic(
    ctx,
    {
      name: OFFSETS_TOPIC,
      partitions,
      replicationFactor,
      config: { 'cleanup.policy': 'compact', 'segment.bytes': s.offsetsTopicSegmentBytes },
    },
    true,
  );
  return r === null;
}

function memberNames(spec: ConsumerGroupSpec): string[] {
  return Array.isArray(spec.members)
    ? spec.members
    : Array.from({ length: spec.members }, (_, i) => `${spec.id}-${i + 1}`);
}

/** A scenario's consumer group: remembers its spec, then adds its members. */
export function addGroupSpec(ctx: Ctx, spec: ConsumerGroupSpec): Rejection | null {
  const state = ctx.state;
  if (state.groupSpecs.some((g) => g.groupId === spec.id))
    return reject(`group '${spec.id}' is listed twice`, null, 'id');
  const given = spec.config?.['group.id'];
  if (given !== undefined && given !== spec.id)
    return reject(
      `config.group.id '${String(given)}' differs from the group's id '${spec.id}'`,
      'INVALID_CONFIG',
      'config.group.id',
    );
  const processing = spec.processingTimeMs ?? 0;
  const badTime = processingRejection(processing);
  if (badTime) return badTime;
  const parsed = parseConsumerConfig({ ...spec.config, 'group.id': spec.id });
  if ('reason' in parsed) return parsed;
  // A Kafka Streams application: its members take Streams' consumer defaults (streams.ts).
  let config: Record<string, unknown> = spec.config ?? {};
  if (spec.streams !== undefined) {
    const app = addStreamsApp(ctx, spec);
    if ('reason' in app) return app;
    config = app.consumerConfig;
  }
  state.groupSpecs.push({
    groupId: spec.id,
    topics: [...spec.topics],
    config: { ...config, 'group.id': spec.id } as never,
    staticMembership: spec.staticMembership === true,
    processingTimeMs: processing,
  });
  const names = memberNames(spec);
  for (const [i, name] of names.entries()) {
    const r = addConsumer(ctx, { type: 'consumer.add', group: spec.id, consumer: name });
    if (r) {
      const field = Array.isArray(spec.members) ? `members[${i}]` : 'members';
      return { ...r, field: r.field === 'consumer' || r.field === undefined ? field : r.field };
    }
  }
  return null;
}

/**
 * `group.setConfig`: every member takes the new consumer config and rejoins, as after a
 * rolling restart (simplified: members rejoin rather than restart); new members get it too.
 * A new partition.assignment.strategy goes in as Kafka's upgrade notes ask: a first bounce with
 * the new assignors ahead of the old ones, a second with only the new ones; that is also how a
 * group moves from eager to cooperative rebalancing.
 */
export function setGroupConfig(ctx: Ctx, groupId: string, raw: RawConfig): Rejection | null {
  const state = ctx.state;
  const spec = state.groupSpecs.find((g) => g.groupId === groupId);
  const members = state.consumers.filter(
    (c) => c.group?.groupId === groupId && c.group.subscription !== null,
  );
  if (!spec && members.length === 0)
    return reject(`group '${groupId}' has no spec and no members`, null, 'group');
  if (raw['group.id'] !== undefined && raw['group.id'] !== groupId)
    return reject(
      'group.id cannot be changed: add consumers to another group instead',
      'INVALID_CONFIG',
      'config.group.id',
    );
  if (raw['group.instance.id'] !== undefined)
    return reject(
      'group.instance.id is per member: set it with consumer.add',
      'INVALID_CONFIG',
      'config.group.instance.id',
    );
  const sinkOf = state.connectors.find((x) => x.sink !== null && sinkGroupId(x.name) === groupId);
  if (sinkOf)
    return reject(
      `'${groupId}' is the group of sink connector '${sinkOf.name}': set its consumer with consumer.override.* in the connector's config`,
      'INVALID_CONFIG',
      'group',
    );
  const fixed = findStreamsApp(state, groupId) ? fixedConsumerKey(raw) : null;
  if (fixed !== null)
    return reject(
      `'${groupId}' is a Kafka Streams application, which sets ${fixed} itself`,
      'INVALID_CONFIG',
      `config.${fixed}`,
    );
  const { values, problems } = parseConfig('consumer', raw);
  const first = problems[0];
  if (first)
    return reject(
      `Invalid value for '${first.key}': ${first.reason}`,
      'INVALID_CONFIG',
      `config.${first.key}`,
    );
  for (const c of members) {
    const checked = parseConsumerConfig({ ...c.config, ...values });
    if ('reason' in checked) return checked;
  }
  // New objects, never edits in place: effective settings are cached per config object.
  if (spec) spec.config = { ...spec.config, ...values };
  const target = values['partition.assignment.strategy'];
  const rest = { ...values };
  delete rest['partition.assignment.strategy'];
  for (const c of members) {
    c.config = { ...c.config, ...rest };
    if (Array.isArray(target)) {
      // Members that still list the old assignors would make the first rejoiner's list
      // INCONSISTENT_GROUP_PROTOCOL: so first the new ones ahead of the old, then only the new.
      const old = consumerSettings(c.config).assignors;
      const bridge = [...new Set([...target.map((x) => assignorName(x) ?? x), ...old])];
      c.config = { ...c.config, 'partition.assignment.strategy': bridge };
      c.group!.assignorUpgrade = target.map((x) => assignorName(x) ?? x);
    }
    requestRejoin(ctx, c, `its config changed (${Object.keys(values).join(', ')})`);
  }
  emit(ctx, { type: 'group.configChanged', group: groupId, config: raw });
  return null;
}
