// Loaded on demand (import()) only when a chart is given raw leads: computeFunnel validates its
// waterfall with zod, which a chart fed a report or an adapter never needs to download.
import { computeFunnel, DEFAULT_SLA, type FunnelReport, type Lead, type LeadLoopConfig } from '@leadloop/core';
import { readJsonValue } from '../../internal/safe-json.js';

/**
 * The funnel of raw leads (an array, or its JSON from the `leads` attribute) under the
 * organisation's waterfall and SLA (the default SLA when none is configured). Throws a TypeError
 * saying what is wrong with input that is not an array.
 */
export function reportFromLeads(input: unknown, config: Partial<Pick<LeadLoopConfig, 'waterfall' | 'sla'>> | undefined, now?: Date): FunnelReport {
  const json = readJsonValue(input, 'leads');
  if (!json.ok) throw new TypeError(json.message);
  if (!Array.isArray(json.value)) throw new TypeError('leads: expected an array of leads');
  return computeFunnel(json.value as Lead[], { waterfall: config?.waterfall, sla: config?.sla ?? DEFAULT_SLA, now });
}
