// Bundle sizes against the budget (scripts/size-check.mjs does the measuring).
import { measureSizes, sizeTable } from '../scripts/size-check.mjs';

console.log('\n### Size (esbuild, minified, gzip -9; on-demand locale chunks excluded)\n');
console.log(sizeTable(await measureSizes()));
