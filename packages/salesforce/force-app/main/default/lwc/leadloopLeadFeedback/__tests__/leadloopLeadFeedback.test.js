import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LeadloopLeadFeedback from 'c/leadloopLeadFeedback';
import { resetLeadLoop } from 'c/leadloopRuntime';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-leadloop-lead-feedback', () => {
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
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        delete window.LeadLoop;
    });

    function mount(props = {}) {
        const host = createElement('c-leadloop-lead-feedback', { is: LeadloopLeadFeedback });
        Object.assign(host, props);
        document.body.appendChild(host);
        return host;
    }

    it('renders <ll-lead-feedback> and hands it one adapter over the Apex bridge once the resource loaded', async () => {
        const host = mount({ recordId: '00Q000000000001AAA' });
        const element = host.shadowRoot.querySelector('ll-lead-feedback');
        expect(element).not.toBeNull();
        await flush();
        expect(window.LeadLoop.createSalesforceAdapter).toHaveBeenCalledTimes(1);
        expect(element.adapter).toBe(created[0]);
        expect(typeof created[0].options.fetch).toBe('function');
        expect(created[0].options.baseUrl).toBe('/apex');
    });

    it('gives the element the record id as lead-id, or the configured lead id on an app page', async () => {
        const onRecord = mount({ recordId: '00Q000000000001AAA', leadId: 'L-7' });
        await flush();
        expect(onRecord.shadowRoot.querySelector('ll-lead-feedback').getAttribute('lead-id')).toBe('00Q000000000001AAA');
        const onApp = mount({ leadId: 'L-7' });
        await flush();
        expect(onApp.shadowRoot.querySelector('ll-lead-feedback').getAttribute('lead-id')).toBe('L-7');
    });

    it('binds the lowercase llfeedbackerror event: the message shows and a toast goes up', async () => {
        const host = mount();
        await flush();
        const toasts = jest.fn();
        host.addEventListener('lightning__showtoast', toasts);
        host.shadowRoot.querySelector('ll-lead-feedback').dispatchEvent(new CustomEvent('llfeedbackerror', { detail: { error: { message: 'Salesforce: nope' } }, bubbles: true, composed: true }));
        await flush();
        expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('Salesforce: nope');
        expect(toasts).toHaveBeenCalled();
    });

    it('binds the lowercase llfeedback event to a success toast', async () => {
        const host = mount();
        await flush();
        const toasts = jest.fn();
        host.addEventListener('lightning__showtoast', toasts);
        host.shadowRoot.querySelector('ll-lead-feedback').dispatchEvent(new CustomEvent('llfeedback', { detail: {}, bubbles: true, composed: true }));
        expect(toasts).toHaveBeenCalledTimes(1);
        expect(toasts.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('shows why when the static resource does not load', async () => {
        loadScript.mockImplementationOnce?.(() => Promise.reject(new Error('resource missing')));
        const host = mount();
        await flush();
        await flush();
        expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('resource missing');
    });
});
