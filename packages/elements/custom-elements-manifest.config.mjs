// @custom-elements-manifest/analyzer reads the TypeScript sources (JSDoc: @summary, @event,
// @csspart, @cssproperty, @slot). Run through `npm run docs` (scripts/api-docs.mjs), which
// writes custom-elements.json with dist paths and docs/api.md from it.
export default {
  globs: ['src/components/**/*.ts', 'src/internal/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.test.*.ts'],
  litelement: true,
  // The package's "customElements" field already names the file; never let the CLI rewrite it.
  packagejson: false,
};
