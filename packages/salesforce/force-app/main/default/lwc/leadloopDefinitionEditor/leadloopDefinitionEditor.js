import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { leadLoopAdapter, messageOf } from 'c/leadloopRuntime';

/**
 * Hosts <ll-definition-editor> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. Edit the lead definition and sign it off as the sales or marketing leader.
 */
export default class LeadloopDefinitionEditor extends LightningElement {
    /** Heading. */
    @api heading;
    error;
    _started = false;

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

    /** lldefinitionsave: the element saved; confirm it the Lightning way. */
    handleSaved() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Definition saved.', variant: 'success' }));
    }

    /** lldefinitionapprove: the element saved; confirm it the Lightning way. */
    handleApproved() {
        this.dispatchEvent(new ShowToastEvent({ title: 'Definition signed off.', variant: 'success' }));
    }

    /** lldefinitionerror: show the element's error beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
