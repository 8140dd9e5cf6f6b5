import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LeadloopFunnelChart from 'c/leadloopFunnelChart';
import { resetLeadLoop } from 'c/leadloopRuntime';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-leadloop-funnel-chart', () => {
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
        const host = createElement('c-leadloop-funnel-chart', { is: LeadloopFunnelChart });
        Object.assign(host, props);
        document.body.appendChild(host);
        return host;
    }

    it('renders <ll-funnel-chart> and hands it one adapter over the Apex bridge once the resource loaded', async () => {
        const host = mount();
        const element = host.shadowRoot.querySelector('ll-funnel-chart');
        expect(element).not.toBeNull();
        await flush();
        expect(window.LeadLoop.createSalesforceAdapter).toHaveBeenCalledTimes(1);
        expect(element.adapter).toBe(created[0]);
        expect(typeof created[0].options.fetch).toBe('function');
        expect(created[0].options.baseUrl).toBe('/apex');
    });

    it('passes its App Builder properties to the element', async () => {
        const host = mount({ heading: 'x-heading', variant: 'x-variant' });
        await flush();
        const element = host.shadowRoot.querySelector('ll-funnel-chart');
        expect(element.getAttribute('heading') ?? element.heading).toBe('x-heading');
        expect(element.getAttribute('variant') ?? element.variant).toBe('x-variant');
    });

    it('binds the lowercase llfunnelerror event: the message shows and a toast goes up', async () => {
        const host = mount();
        await flush();
        const toasts = jest.fn();
        host.addEventListener('lightning__showtoast', toasts);
        host.shadowRoot.querySelector('ll-funnel-chart').dispatchEvent(new CustomEvent('llfunnelerror', { detail: { error: { message: 'Salesforce: nope' } }, bubbles: true, composed: true }));
        await flush();
        expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('Salesforce: nope');
        expect(toasts).toHaveBeenCalled();
    });

    it('shows why when the static resource does not load', async () => {
        loadScript.mockImplementationOnce?.(() => Promise.reject(new Error('resource missing')));
        const host = mount();
        await flush();
        await flush();
        expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('resource missing');
    });
});
