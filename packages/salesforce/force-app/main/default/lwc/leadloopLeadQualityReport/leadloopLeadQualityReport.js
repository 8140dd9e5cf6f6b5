import { api } from 'lwc';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-lead-quality-report> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. Feedback reasons by campaign, source and owner for the monthly review.
 */
export default class LeadloopLeadQualityReport extends LeadLoopHost {
    /** Heading. */
    @api heading;
}
