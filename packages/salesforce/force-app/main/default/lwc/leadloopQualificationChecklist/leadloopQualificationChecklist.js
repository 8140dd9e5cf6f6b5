import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { leadLoopAdapter, messageOf } from 'c/leadloopRuntime';

/**
 * Hosts <ll-qualification-checklist> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. The agreed qualification checklist for the lead's stage.
 */
export default class LeadloopQualificationChecklist extends LightningElement {
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

    /** llchecklisterror: show the element's error beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
