// The marketing portal: funnel, lead quality report, planner and definition editor inside one
// <ll-provider> with a RestAdapter holding the marketing token. Feedback given on the CRM record
// reaches this page through the adapter's change stream.
import { adapterFor, demoSession, noteMissingElements, onChanges, showError } from './shared/demo.js';

const $ = (selector) => document.querySelector(selector);

/** A thin stand-in for the adapter: giving the provider a new object makes every element load again. */
function freshView(adapter) {
  const view = {};
  for (const method of ['getConfig', 'getLead', 'listFeedback', 'submitFeedback', 'saveChecklist', 'getFunnel', 'getFeedbackSummary', 'getDefinition', 'saveDefinition', 'approveDefinition']) {
    view[method] = (...args) => adapter[method](...args);
  }
  view.subscribe = (listener) => adapter.subscribe(listener);
  return view;
}

function applyFilters() {
  const from = $('#filter-from').value || undefined;
  const to = $('#filter-to').value || undefined;
  const source = $('#filter-source').value || undefined;
  for (const el of [$('#funnel'), $('#quality')]) {
    if (!el) continue;
    el.from = from;
    el.to = to;
  }
  const funnel = $('#funnel');
  if (funnel) funnel.source = source;
}

async function main() {
  const session = await demoSession();
  const adapter = adapterFor(session, 'marketing');
  $('#who').textContent = `Signed in as ${session.users.marketing} (marketing)`;
  noteMissingElements();

  const provider = $('#provider');
  provider.adapter = freshView(adapter);

  for (const source of session.sources) {
    const option = document.createElement('option');
    option.value = option.textContent = source;
    $('#filter-source').append(option);
  }
  $('#filters').addEventListener('change', applyFilters);
  $('#filters').addEventListener('submit', (event) => event.preventDefault());

  onChanges(adapter, (change) => {
    provider.adapter = freshView(adapter);
    const what = change.type === 'feedback' ? `feedback on ${change.leadId}` : change.type === 'definition' ? `definition version ${change.version}` : `${change.type} ${change.leadId ?? ''}`;
    $('#live').textContent = `Updated ${new Date().toLocaleTimeString('en')} after ${what}.`;
  });
}

main().catch(showError);
