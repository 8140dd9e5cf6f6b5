import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { leadLoopAdapter, messageOf } from 'c/leadloopRuntime';

/**
 * Hosts <ll-lead-feedback> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. One-click feedback on the lead: accept, qualify, reject or recycle with a reason, log a contact attempt; SLA countdown.
 */
export default class LeadloopLeadFeedback extends LightningElement {
    /** The Lead record, on a record page. */
    @api recordId;
    /** A lead id to show on an app page (no record there). */
    @api leadId;
    error;
    _started = false;

    get effectiveLeadId() {
        return this.recordId || this.leadId;
    }

    renderedCallback() {
        if (this._started) {
            return;
        }
        this._started = true;
        leadLoopAdapter(this)
            .then((adapter) => {
                this.refs.element.adapter = adapter;
            })
            .catch((error) => {
                this.error = messageOf(error);
            });
    }

    /** llfeedback: the element saved; confirm it the Lightning way. */
    handleFeedback() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Feedback saved.', variant: 'success' }));
    }

    /** llfeedbackerror: show the element's error beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
