// What every demo page shares: the elements, the REST adapter, and the demo session (API base and
// the tokens `npm start` generated). A real page gets its token from its own login instead.
import { RestAdapter } from '@leadloop/adapters';
// Every entry, <ll-provider> among them, in file-name order: elements defined before their
// provider get its adapter once it is defined.
import './register-elements.js';

/** Loads `{ apiBase, tokens: { rep, marketing, admin }, users, showcase }` from the demo server. */
export async function demoSession() {
  const response = await fetch('/demo/session.json');
  if (!response.ok) throw new Error(`The demo session is not available (${response.status}): start the demo with npm start.`);
  return response.json();
}

/** A RestAdapter speaking for one of the demo users. */
export function adapterFor(session, role) {
  return new RestAdapter({ baseUrl: session.apiBase, token: session.tokens[role] });
}

/**
 * Pages stay live: the adapter's change stream (server-sent events) tells when someone gave
 * feedback elsewhere, and `refresh` runs once per burst of changes.
 */
export function onChanges(adapter, refresh, { delayMs = 400 } = {}) {
  let timer;
  return adapter.subscribe((change) => {
    clearTimeout(timer);
    timer = setTimeout(() => refresh(change), delayMs);
  });
}

/** Replaces an element whose definition is not in this build with a visible note, so a page never shows an empty box. */
export function noteMissingElements(root = document) {
  const missing = [];
  for (const el of root.querySelectorAll('*')) {
    const tag = el.localName;
    if (tag.startsWith('ll-') && !customElements.get(tag) && !missing.includes(tag)) missing.push(tag);
  }
  for (const tag of missing) {
    for (const el of root.querySelectorAll(tag)) {
      const note = document.createElement('p');
      note.className = 'missing-element';
      note.textContent = `<${tag}> is not in this build of @leadloop/elements yet.`;
      el.replaceWith(note);
    }
  }
  return missing;
}

/** Shows a failure in the page's status line instead of leaving the page blank. */
export function showError(error) {
  const status = document.querySelector('#page-status');
  if (status) {
    status.hidden = false;
    status.textContent = error?.message ?? String(error);
  }
  console.error(error);
}
