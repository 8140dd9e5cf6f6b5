import { api } from 'lwc';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-funnel-chart> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. The lead funnel: conversion per stage, follow-up rate and SLA compliance.
 */
export default class LeadloopFunnelChart extends LeadLoopHost {
    /** Heading. */
    @api heading;
    /** Variant (bars or funnel). */
    @api variant;
}
