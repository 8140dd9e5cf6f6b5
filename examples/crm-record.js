// The CRM lead record: the page is the CRM's (header, details, stage path); the LeadLoop cards are
// <ll-lead-feedback> and <ll-qualification-checklist> inside an <ll-provider> holding a RestAdapter
// with the rep's token, as a Salesforce LWC host would set it.
import { adapterFor, demoSession, noteMissingElements, onChanges, showError } from './shared/demo.js';

const $ = (selector) => document.querySelector(selector);

function renderChrome(lead, config) {
  document.title = `${lead.name ?? lead.id} — Lead record — Acme CRM`;
  $('#lead-name').textContent = lead.name ?? lead.id;
  $('#lead-company').textContent = lead.company ?? '';
  const stages = config.waterfall.stages;
  const reached = stages.findIndex((s) => s.id === lead.stage);
  const exitLabel = lead.exit ? config.waterfall.exits.find((e) => e.kind === lead.exit.kind)?.label ?? lead.exit.kind : undefined;
  $('#stage-path').replaceChildren(...stages.map((stage, i) => {
    const li = document.createElement('li');
    li.textContent = stage.label;
    if (i < reached) li.className = 'done';
    if (i === reached) {
      if (lead.exit) {
        li.className = 'exited';
        li.textContent = `${stage.label}: ${exitLabel}`;
      } else li.setAttribute('aria-current', 'step');
    }
    return li;
  }));
  const reasonLabel = (id) => config.reasons.find((r) => r.id === id)?.label ?? id;
  const facts = [
    ['Lead id', lead.id],
    ['Email', lead.email],
    ['Owner', lead.owner],
    ['Source', lead.source],
    ['Campaign', lead.campaign],
    ['Created', lead.createdAt && new Date(lead.createdAt).toLocaleString('en')],
    ['Status', lead.exit ? `${exitLabel}${lead.exit.reason ? ` — ${reasonLabel(lead.exit.reason)}` : ''}` : stages[reached]?.label],
  ];
  $('#details').replaceChildren(...facts.filter(([, v]) => v).map(([term, value]) => {
    const div = document.createElement('div');
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    div.append(dt, dd);
    return div;
  }));
}

function renderSwitcher(session, currentId) {
  $('#showcase').replaceChildren(...session.showcase.map((lead) => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = `/crm-record.html?lead=${encodeURIComponent(lead.id)}`;
    a.textContent = `${lead.name} (${lead.company})`;
    if (lead.id === currentId) a.setAttribute('aria-current', 'page');
    li.append(a);
    return li;
  }));
  $('#open-lead').addEventListener('submit', (event) => {
    event.preventDefault();
    const id = $('#open-lead-id').value.trim();
    if (id) location.search = `?lead=${encodeURIComponent(id)}`;
  });
}

async function main() {
  const session = await demoSession();
  const leadId = new URLSearchParams(location.search).get('lead') ?? session.showcase[0].id;
  const adapter = adapterFor(session, 'rep');
  $('#who').textContent = `Signed in as ${session.users.rep} (sales rep)`;
  renderSwitcher(session, leadId);
  noteMissingElements();

  const provider = $('#provider');
  provider.adapter = adapter;
  // The cards load the lead themselves (and say so when it does not exist); the page's header waits for it.
  const feedback = $('#feedback');
  if (feedback) feedback.leadId = leadId;
  // The checklist shows the stage the lead works towards; answers are saved through the adapter.
  const checklist = $('#checklist');
  if (checklist) checklist.leadId = leadId;

  const [config, lead] = await Promise.all([adapter.getConfig(), adapter.getLead(leadId).catch((error) => {
    $('#lead-name').textContent = error?.code === 'not_found' ? 'Lead not found' : 'The lead could not be loaded';
    throw error;
  })]);
  renderChrome(lead, config);

  // Feedback moves the lead (accepted → Sales Accepted, rejected → Disqualified): keep the CRM's own header in step.
  onChanges(adapter, async (change) => {
    if (change.leadId !== leadId) return;
    const fresh = await adapter.getLead(leadId);
    renderChrome(fresh, config);
  });
}

main().catch(showError);
