// The elements as React components through @lit/react: properties go in as props, the elements'
// lowercase events come out as on… callbacks. No JSX, so the page needs no React build plugin.
import { createElement as h, useEffect, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import * as React from 'react';
import { createComponent } from '@lit/react';
import { adapterFor, demoSession, onChanges, showError } from './shared/demo.js';

/** A React component for a tag, or null when this build has no such element yet. */
function wrap(tagName, events = {}) {
  const elementClass = customElements.get(tagName);
  return elementClass ? createComponent({ tagName, elementClass, react: React, events }) : null;
}

const Provider = wrap('ll-provider');
const FunnelChart = wrap('ll-funnel-chart', { onStageSelect: 'llstageselect' });
const QualityReport = wrap('ll-lead-quality-report');
const LeadFeedback = wrap('ll-lead-feedback', { onFeedback: 'llfeedback' });

function Missing({ tag }) {
  return h('p', { className: 'missing-element' }, `<${tag}> is not in this build of @leadloop/elements yet.`);
}

function Card({ id, title, wide, children }) {
  return h('section', { className: `card${wide ? ' wide' : ''}`, 'aria-labelledby': id },
    h('h2', { id }, title), children);
}

function App({ session }) {
  const adapter = useMemo(() => adapterFor(session, 'rep'), [session]);
  const [leadId, setLeadId] = useState(session.showcase[1]?.id ?? session.showcase[0].id);
  const [stage, setStage] = useState(null);
  const [lastFeedback, setLastFeedback] = useState(null);
  const [report, setReport] = useState(null);
  const [config, setConfig] = useState(null);

  // The funnel as plain data (no adapter on the chart): React owns the state and passes `report`
  // down, with the config, so the chart names stages and reasons as the rest of the app does.
  useEffect(() => {
    let live = true;
    adapter.getConfig().then((c) => live && setConfig(c)).catch(showError);
    const load = () => adapter.getFunnel().then((r) => live && setReport(r)).catch(showError);
    load();
    const stop = onChanges(adapter, load);
    return () => {
      live = false;
      stop();
    };
  }, [adapter]);

  return h(React.Fragment, null,
    h('h1', null, 'LeadLoop in a React app'),
    h('p', { className: 'lede' }, 'The funnel chart gets its report as a prop; the feedback card loads its lead through the provider\'s adapter.'),
    h('div', { className: 'portal-grid' },
      h(Card, { id: 'react-funnel', title: 'Funnel (report passed as a prop)', wide: true },
        FunnelChart
          ? h(FunnelChart, { report: report ?? undefined, config: config ?? undefined, onStageSelect: (e) => setStage(e.detail.stage.label) })
          : h(Missing, { tag: 'll-funnel-chart' }),
        h('p', { className: 'live', role: 'status' }, stage ? `Selected stage: ${stage}` : 'Select a stage in the chart.')),
      Provider
        ? h(Provider, { adapter, className: 'contents' },
            h(Card, { id: 'react-feedback', title: 'Feedback on a lead' },
              h('label', { className: 'lead-picker' }, 'Lead ',
                h('select', { value: leadId, onChange: (e) => setLeadId(e.target.value) },
                  session.showcase.map((l) => h('option', { key: l.id, value: l.id }, `${l.name} (${l.company})`)))),
              LeadFeedback
                ? h(LeadFeedback, { leadId, onFeedback: (e) => setLastFeedback(e.detail) })
                : h(Missing, { tag: 'll-lead-feedback' }),
              h('p', { className: 'live', role: 'status' },
                lastFeedback ? `React heard llfeedback: ${lastFeedback.input.outcome}${lastFeedback.input.reason ? ` (${lastFeedback.input.reason})` : ''}.` : '')),
            h(Card, { id: 'react-quality', title: 'Lead quality by source' },
              QualityReport ? h(QualityReport, { groupBy: 'source' }) : h(Missing, { tag: 'll-lead-quality-report' })))
        : h(Missing, { tag: 'll-provider' })));
}

demoSession()
  .then((session) => {
    document.querySelector('#who').textContent = `Signed in as ${session.users.rep} (sales rep)`;
    createRoot(document.querySelector('#root')).render(h(App, { session }));
  })
  .catch(showError);
