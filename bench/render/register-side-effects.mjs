// packages/elements/package.json marks `./dist/components/*/*[!t].js` as having side effects, meant to
// skip *.component.js and *.test.js; but funnel-chart.js and lead-quality-report.js end in "t" too,
// so a bundler drops their customElements.define. Until that glob is fixed, bundles made here mark
// every tag-registering module (components/<name>/<name>.js) as having side effects.
import { basename, dirname } from 'node:path';

export const registerSideEffects = {
  name: 'leadloop-register-side-effects',
  setup(build) {
    build.onResolve({ filter: /components\/[^/]+\/[^/.]+\.js$/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const result = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, importer: args.importer, pluginData: 'resolving' });
      if (result.errors.length > 0) return undefined;
      const registers = basename(dirname(result.path)) === basename(result.path, '.js');
      return registers ? { ...result, sideEffects: true } : undefined;
    });
  },
};
