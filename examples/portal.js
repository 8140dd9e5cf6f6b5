// The marketing portal: funnel, lead quality report, planner and definition editor inside one
// <ll-provider> with a RestAdapter holding the marketing token. Feedback given on the CRM record
// reaches this page through the adapter's change stream: the elements reload what they show, and
// the page says what changed.
import { adapterFor, demoSession, noteMissingElements, onChanges, showError } from './shared/demo.js';

const $ = (selector) => document.querySelector(selector);

function applyFilters() {
  const from = $('#filter-from').value || undefined;
  const to = $('#filter-to').value || undefined;
  const source = $('#filter-source').value || undefined;
  for (const el of [$('#funnel'), $('#quality'), $('#planner')]) {
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

  $('#provider').adapter = adapter;
  const editor = $('#definition');
  if (editor) editor.user = session.users.marketing;

  for (const source of session.sources) {
    const option = document.createElement('option');
    option.value = option.textContent = source;
    $('#filter-source').append(option);
  }
  $('#filters').addEventListener('change', applyFilters);
  $('#filters').addEventListener('submit', (event) => event.preventDefault());

  onChanges(adapter, (change) => {
    const what = change.type === 'feedback' ? `feedback on ${change.leadId}` : change.type === 'definition' ? `definition version ${change.version}` : `${change.type} ${change.leadId ?? ''}`;
    $('#live').textContent = `Updated ${new Date().toLocaleTimeString('en')} after ${what}.`;
  });
}

main().catch(showError);
