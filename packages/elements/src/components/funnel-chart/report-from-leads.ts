// Loaded on demand (import()) only when a chart is given raw leads: computeFunnel validates its
// waterfall with zod, which a chart fed a report or an adapter never needs to download.
import { computeFunnel, DEFAULT_SLA, type FunnelReport, type Lead, type LeadLoopConfig } from '@leadloop/core';

/** The funnel of raw leads under the organisation's waterfall and SLA (the default SLA when none is configured). */
export function reportFromLeads(leads: readonly Lead[], config: Partial<Pick<LeadLoopConfig, 'waterfall' | 'sla'>> | undefined, now?: Date): FunnelReport {
  return computeFunnel(leads, { waterfall: config?.waterfall, sla: config?.sla ?? DEFAULT_SLA, now });
}
