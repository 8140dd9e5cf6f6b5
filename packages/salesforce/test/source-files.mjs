// Shared by the metadata tests: every file of the sfdx source below a folder.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, LWC Jest tests (`__tests__`) left out: they are not deployed. */
export function sourceFiles(dir, found = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__tests__') sourceFiles(path, found);
    } else found.push(path);
  }
  return found;
}
