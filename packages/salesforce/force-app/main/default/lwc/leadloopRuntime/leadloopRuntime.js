import { LightningElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LEADLOOP from '@salesforce/resourceUrl/leadloop';
import send from '@salesforce/apex/LeadLoopBridge.send';
import USER_ID from '@salesforce/user/Id';

let runtime;
let adapter;

/** Loads the `leadloop` static resource once per page: it defines the ll-* tags and window.LeadLoop. */
export function loadLeadLoop(component) {
    if (!runtime) {
        runtime = loadScript(component, LEADLOOP).then(() => {
            if (!window.LeadLoop) {
                throw new Error('The leadloop static resource did not load: deploy it with the package.');
            }
            return window.LeadLoop;
        });
        runtime.catch(() => {
            runtime = undefined;
        });
    }
    return runtime;
}

/**
 * A fetch for the SalesforceAdapter that answers through Apex (LeadLoopBridge.send) instead of the
 * network: a Lightning session cannot call /services/data, and Apex runs it in user mode.
 */
export async function apexFetch(url, init = {}) {
    const path = url.slice(url.indexOf('/services/'));
    const result = JSON.parse(await send({ method: init.method || 'GET', path, body: init.body || null }));
    const body = result.body === null || result.body === undefined ? null : JSON.stringify(result.body);
    return new Response(result.status === 204 ? null : body, { status: result.status, headers: { 'Content-Type': 'application/json' } });
}

/** The page's one adapter: the LeadLoop SalesforceAdapter over the Apex bridge, writing as the current user. */
export async function leadLoopAdapter(component) {
    const api = await loadLeadLoop(component);
    if (!adapter) {
        adapter = api.createSalesforceAdapter({ baseUrl: '/apex', fetch: apexFetch, user: USER_ID });
    }
    return adapter;
}

/** A readable message from an element's error event or a failed load. */
export function messageOf(error) {
    return (error && (error.detail?.error?.message || error.detail?.message || error.body?.message || error.message)) || 'Something went wrong.';
}

/** Forgets the loaded runtime and adapter (tests). */
export function resetLeadLoop() {
    runtime = undefined;
    adapter = undefined;
}

/**
 * What every LWC host of a LeadLoop element does: once first rendered, hand the element (the
 * template's `lwc:ref="element"`) the page's adapter, and show an error from the load or from the
 * element's error event beside it and in a toast. A host adds its @api properties and its events.
 */
export class LeadLoopHost extends LightningElement {
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

    /** The element's error event: show the message beside it and in a toast. */
    handleError(event) {
        this.error = messageOf(event);
        this.dispatchEvent(new ShowToastEvent({ title: 'LeadLoop', message: this.error, variant: 'error' }));
    }
}
