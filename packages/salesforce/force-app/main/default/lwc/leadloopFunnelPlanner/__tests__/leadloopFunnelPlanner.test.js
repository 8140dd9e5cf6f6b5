import { createElement } from 'lwc';
import LeadloopFunnelPlanner from 'c/leadloopFunnelPlanner';
import { describeLeadLoopHost } from '../../../../../../test/lwc-host-suite';

describeLeadLoopHost({ tag: 'c-leadloop-funnel-planner', component: LeadloopFunnelPlanner, element: 'll-funnel-planner', errorEvent: 'llloaderror', appBuilder: { heading: 'x-heading', currency: 'x-currency' } });

describe('c-leadloop-funnel-planner pace period', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    const planner = async (compareMonths) => {
        const host = createElement('c-leadloop-funnel-planner', { is: LeadloopFunnelPlanner });
        if (compareMonths !== undefined) host.compareMonths = compareMonths;
        document.body.appendChild(host);
        await Promise.resolve();
        return host.shadowRoot.querySelector('ll-funnel-planner');
    };
    const daysBetween = (from, to) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1;

    it('compares the plan with the last 3 months by default, up to today', async () => {
        const el = await planner();
        const today = new Date().toISOString().slice(0, 10);
        expect(el.getAttribute('to') ?? el.to).toBe(today);
        const days = daysBetween(el.getAttribute('from') ?? el.from, today);
        expect(days).toBeGreaterThanOrEqual(89);
        expect(days).toBeLessThanOrEqual(92);
    });

    it('takes the months from App Builder, and ignores a value outside 1–36', async () => {
        const twelve = await planner(12);
        expect(daysBetween(twelve.getAttribute('from') ?? twelve.from, new Date().toISOString().slice(0, 10))).toBeGreaterThanOrEqual(365);
        const bad = await planner(0);
        const days = daysBetween(bad.getAttribute('from') ?? bad.from, new Date().toISOString().slice(0, 10));
        expect(days).toBeLessThanOrEqual(92);
    });
});
