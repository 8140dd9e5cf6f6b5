// ll-funnel-chart fed the report as a property: the way a portal page uses it.
import '../../../packages/elements/dist/entries/ll-funnel-chart.js';
import { installBench } from './measure.mjs';

installBench(
  (host) => {
    const el = document.createElement('ll-funnel-chart');
    el.report = globalThis.REPORT;
    host.append(el);
    return el.updateComplete;
  },
  (host) => host.firstElementChild?.shadowRoot?.querySelector('rect.bar'),
);
