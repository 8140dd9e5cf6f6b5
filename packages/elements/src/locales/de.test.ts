import { expect } from '@open-wc/testing';
import type { StrResult } from '@lit/localize';
import { generateMsgId } from '@lit/localize/internal/id-generation.js';
import { templates } from './de.js';
import { translations as portal } from './de-portal.js';
import { byId, translations as rep } from './de-rep.js';

/** A msg() call as written in a module: its English text (a plain string, or a str template's strings) and its id, if any. */
interface Call {
  module: string;
  strings: string[];
  str: boolean;
  id: string | undefined;
}

/** The text of a JS literal, as the engine reads it (escapes and all). */
const cook = (literal: string): string => new Function(`return ${literal}`)() as string;

/** Index after the template literal that starts at `start` (a backquote), and its literal parts. */
function readTemplate(source: string, start: number): { parts: string[]; end: number } {
  const parts: string[] = [];
  let part = '';
  for (let i = start + 1; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      part += source.slice(i, i + 2);
      i++;
    } else if (c === '`') {
      parts.push(part);
      return { parts, end: i + 1 };
    } else if (c === '$' && source[i + 1] === '{') {
      parts.push(part);
      part = '';
      let depth = 1;
      for (i += 2; depth > 0; i++) {
        if (source[i] === '`') i = readTemplate(source, i).end - 1;
        else if (source[i] === '{') depth++;
        else if (source[i] === '}') depth--;
      }
      i--;
    } else part += c;
  }
  throw new Error('unterminated template');
}

/** Every msg() call in the modules reachable from `entry`, following static and dynamic imports. */
async function msgCalls(entry: URL): Promise<Call[]> {
  const calls: Call[] = [];
  const seen = new Set<string>();
  const queue = [entry.href];
  while (queue.length) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    seen.add(url);
    const source = await (await fetch(url)).text();
    for (const m of source.matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+\.js)'/g)) {
      // The dev server rewrites package imports to relative paths into node_modules: stay in ours.
      const next = new URL(m[1]!, url).href;
      if (next.includes('/packages/elements/dist/')) queue.push(next);
    }
    // tsc writes a tagged template as str `…`.
    for (const m of source.matchAll(/\bmsg\(\s*(str\s*`|')/g)) {
      const at = m.index! + m[0].length - 1;
      let strings: string[];
      let end: number;
      if (m[1] === "'") {
        const literal = /^'(?:\\.|[^'\\])*'/.exec(source.slice(at))![0];
        strings = [cook(literal)];
        end = at + literal.length;
      } else {
        const read = readTemplate(source, at);
        strings = read.parts.map((p) => cook(`\`${p}\``));
        end = read.end;
      }
      const id = /^\s*,\s*\{\s*id:\s*'([^']+)'\s*\}/.exec(source.slice(end))?.[1];
      calls.push({ module: url.replace(/.*\/dist\//, ''), strings, str: m[1] !== "'", id });
    }
  }
  return calls;
}

const valuesOf = (text: string | StrResult) => (typeof text === 'string' ? [] : (text.values as number[]));

describe('German strings', () => {
  it('translate every text the elements show', async () => {
    const calls = await msgCalls(new URL('../index.js', import.meta.url));
    expect(calls.length).to.be.greaterThan(200);
    const missing = calls.filter((c) => templates[c.id ?? generateMsgId(c.str ? c.strings : c.strings[0]!, false)] === undefined);
    expect(missing.map((c) => `${c.module}: ${c.id ?? c.strings.join('${…}')}`)).to.deep.equal([]);
  });

  it('have no translation left that nothing asks for', async () => {
    const calls = await msgCalls(new URL('../index.js', import.meta.url));
    const asked = new Set(calls.map((c) => c.id ?? generateMsgId(c.str ? c.strings : c.strings[0]!, false)));
    const unused = [...rep, ...portal].filter(([english]) => !asked.has(generateMsgId(typeof english === 'string' ? english : english.strings, false)));
    expect(unused.map(([english]) => (typeof english === 'string' ? english : english.strings.join('${…}')))).to.deep.equal([]);
    expect(Object.keys(byId).filter((id) => !asked.has(id))).to.deep.equal([]);
  });

  it('use only the values their English text has, and one German text per English one', () => {
    const german = new Map<string, string>();
    for (const [english, de] of [...rep, ...portal]) {
      const key = typeof english === 'string' ? english : english.strings.join('${…}');
      const count = valuesOf(english).length;
      expect(valuesOf(de).every((v) => v >= 0 && v < count), key).to.equal(true);
      if (count > 0) expect(typeof de, key).to.equal('object');
      const text = JSON.stringify(de);
      expect(german.get(key) ?? text, key).to.equal(text);
      german.set(key, text);
    }
  });
});
