// Loaded on demand (import()) when the editor saves: the definition and catalog schemas need zod,
// which an editor that is only being read never has to download.
export { parseDefinition, parseReasonCatalog } from '@leadloop/core';
