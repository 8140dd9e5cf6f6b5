// German strings. Each area keeps its own list; this module turns them into lit-localize's
// templates. A msg() call without an id is found by its English text (lit-localize derives the id
// from it), so a list pairs each English text with its German; the few calls that keep an id
// (English texts with two German ones) are looked up by it.
import type { StrResult } from '@lit/localize';
import { generateMsgId } from '@lit/localize/internal/id-generation.js';
import { translations as portal } from './de-portal.js';
import { byId, translations as rep } from './de-rep.js';

/** An English text, as written in msg(), and its German. */
export type Translation = readonly [english: string | StrResult, german: string | StrResult];

/** The id msg() gives a text that has none (a str template is known by its strings). */
const idOf = (english: string | StrResult) => generateMsgId(typeof english === 'string' ? english : english.strings, false);

export const templates: Record<string, string | StrResult> = {
  ...Object.fromEntries([...rep, ...portal].map(([english, german]) => [idOf(english), german])),
  ...byId,
};
