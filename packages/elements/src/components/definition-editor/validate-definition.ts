// Loaded on demand (import()): the definition and catalog schemas need zod, which an editor that
// is only being read never has to download; the default waterfall lives beside them in core.
export { DEFAULT_WATERFALL, parseDefinition, parseReasonCatalog } from '@leadloop/core';
