// The cases every LWC host of a LeadLoop element must pass, written once and run by each host's
// test: it renders the element, hands it one adapter over the Apex bridge once the static
// resource loaded, passes its App Builder properties (or, on a record page, the record id as
// lead-id), binds the element's lowercase events, and says why when the resource does not load.
import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import { resetLeadLoop } from 'c/leadloopRuntime';

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * @param {object} host
 * @param {string} host.tag            the LWC tag, e.g. 'c-leadloop-funnel-chart'
 * @param {Function} host.component    the LWC class
 * @param {string} host.element        the LeadLoop tag it hosts, e.g. 'll-funnel-chart'
 * @param {string} host.errorEvent     the element's lowercase error event
 * @param {string} [host.successEvent] an event the host turns into a success toast
 * @param {boolean} [host.recordPage]  true when the host sits on a Lead record page
 * @param {object} [host.appBuilder]   App Builder properties the host passes on, as name → test value
 */
export function describeLeadLoopHost({ tag, component, element, errorEvent, successEvent, recordPage = false, appBuilder = {} }) {
    describe(tag, () => {
        let created;
        beforeEach(() => {
            resetLeadLoop();
            created = [];
            loadScript.mockClear?.();
            window.LeadLoop = {
                createSalesforceAdapter: jest.fn((options) => {
                    const adapter = { options };
                    created.push(adapter);
                    return adapter;
                }),
            };
        });
        afterEach(() => {
            while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
            delete window.LeadLoop;
        });

        function mount(props = {}) {
            const host = createElement(tag, { is: component });
            Object.assign(host, props);
            document.body.appendChild(host);
            return host;
        }

        it(`renders <${element}> and hands it one adapter over the Apex bridge once the resource loaded`, async () => {
            const host = mount(recordPage ? { recordId: '00Q000000000001AAA' } : {});
            const el = host.shadowRoot.querySelector(element);
            expect(el).not.toBeNull();
            await flush();
            expect(window.LeadLoop.createSalesforceAdapter).toHaveBeenCalledTimes(1);
            expect(el.adapter).toBe(created[0]);
            expect(typeof created[0].options.fetch).toBe('function');
            expect(created[0].options.baseUrl).toBe('/apex');
        });

        if (recordPage) {
            it('gives the element the record id as lead-id, or the configured lead id on an app page', async () => {
                const onRecord = mount({ recordId: '00Q000000000001AAA', leadId: 'L-7' });
                await flush();
                expect(onRecord.shadowRoot.querySelector(element).getAttribute('lead-id')).toBe('00Q000000000001AAA');
                const onApp = mount({ leadId: 'L-7' });
                await flush();
                expect(onApp.shadowRoot.querySelector(element).getAttribute('lead-id')).toBe('L-7');
            });
        }

        if (Object.keys(appBuilder).length > 0) {
            it('passes its App Builder properties to the element', async () => {
                const host = mount(appBuilder);
                await flush();
                const el = host.shadowRoot.querySelector(element);
                for (const [name, value] of Object.entries(appBuilder)) expect(el.getAttribute(name) ?? el[name]).toBe(value);
            });
        }

        it(`binds the lowercase ${errorEvent} event: the message shows and a toast goes up`, async () => {
            const host = mount();
            await flush();
            const toasts = jest.fn();
            host.addEventListener('lightning__showtoast', toasts);
            host.shadowRoot.querySelector(element).dispatchEvent(new CustomEvent(errorEvent, { detail: { error: { message: 'Salesforce: nope' } }, bubbles: true, composed: true }));
            await flush();
            expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('Salesforce: nope');
            expect(toasts).toHaveBeenCalled();
        });

        if (successEvent) {
            it(`binds the lowercase ${successEvent} event to a success toast`, async () => {
                const host = mount();
                await flush();
                const toasts = jest.fn();
                host.addEventListener('lightning__showtoast', toasts);
                host.shadowRoot.querySelector(element).dispatchEvent(new CustomEvent(successEvent, { detail: {}, bubbles: true, composed: true }));
                expect(toasts).toHaveBeenCalledTimes(1);
                expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
            });
        }

        it('shows why when the static resource does not load', async () => {
            loadScript.mockImplementationOnce?.(() => Promise.reject(new Error('resource missing')));
            const host = mount();
            await flush();
            await flush();
            expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('resource missing');
        });
    });
}
