// The static resource `leadloop`: every LeadLoop element plus the Salesforce adapter, as one classic
// script that loadScript can run. The first import must stay first (see closed-shadow-roots.js).
import './closed-shadow-roots.js';
import '@leadloop/elements/ll-provider';
import '@leadloop/elements/ll-lead-feedback';
import '@leadloop/elements/ll-qualification-checklist';
import '@leadloop/elements/ll-funnel-chart';
import '@leadloop/elements/ll-lead-quality-report';
import '@leadloop/elements/ll-funnel-planner';
import '@leadloop/elements/ll-definition-editor';
import { SalesforceAdapter } from '@leadloop/adapters/salesforce-adapter';

// Under Lightning Web Security the script runs in the namespace's sandbox: `self` is its global,
// which the LWC hosts of the same namespace read as window.LeadLoop.
self.LeadLoop = Object.freeze({
  /** A LeadLoopAdapter over the Salesforce REST API; in Lightning, `fetch` is the Apex bridge. */
  createSalesforceAdapter: (options) => new SalesforceAdapter(options),
});
