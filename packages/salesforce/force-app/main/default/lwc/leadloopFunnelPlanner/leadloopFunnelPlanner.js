import { api } from 'lwc';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-funnel-planner> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. How many leads a revenue goal needs at each stage.
 */
export default class LeadloopFunnelPlanner extends LeadLoopHost {
    /** Heading. */
    @api heading;
    /** Currency (ISO code). */
    @api currency;
}
