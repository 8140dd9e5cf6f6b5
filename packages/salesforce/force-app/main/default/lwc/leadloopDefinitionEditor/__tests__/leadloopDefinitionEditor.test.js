import { createElement } from 'lwc';
import { loadScript } from 'lightning/platformResourceLoader';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import LeadloopDefinitionEditor from 'c/leadloopDefinitionEditor';
import { resetLeadLoop } from 'c/leadloopRuntime';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('c-leadloop-definition-editor', () => {
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
        const host = createElement('c-leadloop-definition-editor', { is: LeadloopDefinitionEditor });
        Object.assign(host, props);
        document.body.appendChild(host);
        return host;
    }

    it('renders <ll-definition-editor> and hands it one adapter over the Apex bridge once the resource loaded', async () => {
        const host = mount();
        const element = host.shadowRoot.querySelector('ll-definition-editor');
        expect(element).not.toBeNull();
        await flush();
        expect(window.LeadLoop.createSalesforceAdapter).toHaveBeenCalledTimes(1);
        expect(element.adapter).toBe(created[0]);
        expect(typeof created[0].options.fetch).toBe('function');
        expect(created[0].options.baseUrl).toBe('/apex');
    });

    it('passes its App Builder properties to the element', async () => {
        const host = mount({ heading: 'x-heading' });
        await flush();
        const element = host.shadowRoot.querySelector('ll-definition-editor');
        expect(element.getAttribute('heading') ?? element.heading).toBe('x-heading');
    });

    it('binds the lowercase lldefinitionerror event: the message shows and a toast goes up', async () => {
        const host = mount();
        await flush();
        const toasts = jest.fn();
        host.addEventListener('lightning__showtoast', toasts);
        host.shadowRoot.querySelector('ll-definition-editor').dispatchEvent(new CustomEvent('lldefinitionerror', { detail: { error: { message: 'Salesforce: nope' } }, bubbles: true, composed: true }));
        await flush();
        expect(host.shadowRoot.querySelector('[role="alert"]').textContent).toBe('Salesforce: nope');
        expect(toasts).toHaveBeenCalled();
    });

    it('binds the lowercase lldefinitionsave event to a success toast', async () => {
        const host = mount();
        await flush();
        const toasts = jest.fn();
        host.addEventListener('lightning__showtoast', toasts);
        host.shadowRoot.querySelector('ll-definition-editor').dispatchEvent(new CustomEvent('lldefinitionsave', { detail: {}, bubbles: true, composed: true }));
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
