// The marketing portal: funnel, lead quality report, planner and definition editor inside one
// <ll-provider> with a RestAdapter holding the marketing token — or the admin token, which is how
// the sales leader signs the lead definition (a marketing token may approve only as marketing).
// Feedback given on the CRM record
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
  // The planner compares the plan with a monthly pace, which needs a period: without a filter,
  // the last three months up to today.
  const planner = $('#planner');
  if (planner && !from && !to) {
    const start = new Date();
    start.setUTCMonth(start.getUTCMonth() - 3);
    start.setUTCDate(start.getUTCDate() + 1);
    planner.from = start.toISOString().slice(0, 10);
    planner.to = new Date().toISOString().slice(0, 10);
  }
}

async function main() {
  const session = await demoSession();
  noteMissingElements();

  let stopChanges;
  const signInAs = (role) => {
    const adapter = adapterFor(session, role);
    $('#provider').adapter = adapter;
    const editor = $('#definition');
    if (editor) editor.user = session.users[role];
    stopChanges?.();
    stopChanges = onChanges(adapter, (change) => {
      const what = change.type === 'feedback' ? `feedback on ${change.leadId}` : change.type === 'definition' ? `definition version ${change.version}` : `${change.type} ${change.leadId ?? ''}`;
      $('#live').textContent = `Updated ${new Date().toLocaleTimeString('en')} after ${what}.`;
    });
  };
  $('#who').addEventListener('change', (event) => signInAs(event.target.value));
  signInAs($('#who').value);

  for (const source of session.sources) {
    const option = document.createElement('option');
    option.value = option.textContent = source;
    $('#filter-source').append(option);
  }
  $('#filters').addEventListener('change', applyFilters);
  $('#filters').addEventListener('submit', (event) => event.preventDefault());
  applyFilters();
}

main().catch(showError);
