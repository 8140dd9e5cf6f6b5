import { LightningElement, api } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import { leadLoopAdapter, messageOf } from 'c/leadloopRuntime';

/**
 * Hosts <ll-funnel-chart> (a LeadLoop web component, rendered with lwc:external) and hands it the
 * LeadLoop adapter once the static resource has loaded. The lead funnel: conversion per stage, follow-up rate and SLA compliance.
 */
export default class LeadloopFunnelChart extends LightningElement {
    /** Heading. */
    @api heading;
    /** Variant (bars or funnel). */
    @api variant;
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

    /** llfunnelerror: show the element's error beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
