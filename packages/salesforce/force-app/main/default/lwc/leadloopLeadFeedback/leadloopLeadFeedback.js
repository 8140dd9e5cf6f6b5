import { api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { LeadLoopHost } from 'c/leadloopRuntime';

/**
 * Hosts <ll-lead-feedback> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. One-click feedback on the lead: accept, qualify, reject or recycle with a reason, log a contact attempt; SLA countdown.
 */
export default class LeadloopLeadFeedback extends LeadLoopHost {
    /** The Lead record, on a record page. */
    @api recordId;
    /** A lead id to show on an app page (no record there). */
    @api leadId;

    get effectiveLeadId() {
        return this.recordId || this.leadId;
    }

    /** llfeedback: the element saved; confirm it the Lightning way. */
    handleFeedback() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Feedback saved.', variant: 'success' }));
    }
}
