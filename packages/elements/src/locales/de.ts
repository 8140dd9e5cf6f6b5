// German strings, by msg id. Each area keeps its own table; this module merges them.
import { templates as portal } from './de-portal.js';
import { templates as rep } from './de-rep.js';

export const templates = { ...rep, ...portal };
