import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { leadLoopAdapter, messageOf } from 'c/leadloopRuntime';

/**
 * Hosts <ll-funnel-planner> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. How many leads a revenue goal needs at each stage.
 */
export default class LeadloopFunnelPlanner extends LightningElement {
    /** Heading. */
    @api heading;
    /** Currency (ISO code). */
    @api currency;
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

    /** llloaderror: show the element's error beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
