// Feature usage (the seed's FeatureMetrics): chat messages, video uploads and
// transcriptions, FAQ queries with hit or miss, assessments created and
// completed with their duration, or any other named feature.
import { SERVER_LIMITS, type KnownFeatureName } from '../shared/server-limits';
import type { FeatureEvent } from '../shared/server-protocol';
import { boundRecord, clampMs, truncate } from './events';

export type FeatureName = KnownFeatureName | (string & {});

export interface FeatureInput {
  /** Up to 20 flat props; longer strings are truncated, objects sent as JSON. */
  props?: Record<string, unknown>;
  duration?: number;
  /** FAQ queries: answered from the knowledge base (true) or not. */
  hit?: boolean;
}

export function featureEvent(name: FeatureName, input: FeatureInput = {}): Omit<FeatureEvent, 'id' | 't'> {
  const event: Omit<FeatureEvent, 'id' | 't'> = {
    kind: 'feature',
    name: truncate(String(name), 64) || 'unnamed',
  };
  const props = boundRecord(input.props, SERVER_LIMITS.maxPropValueLength, false);
  if (props) event.props = props as NonNullable<FeatureEvent['props']>;
  if (typeof input.duration === 'number') event.duration = clampMs(input.duration);
  if (typeof input.hit === 'boolean') event.hit = input.hit;
  return event;
}
