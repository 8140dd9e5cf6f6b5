// The single-file build behind the plain-HTML page: every element plus the REST adapter, so a page
// needs one script tag and no build step of its own. Served as /lib/leadloop.js by `npm start`.
import '@leadloop/elements/ll-provider'; // first: see shared/demo.js
export * from '@leadloop/elements';
export { RestAdapter } from '@leadloop/adapters';
import '../shared/register-elements.js';
