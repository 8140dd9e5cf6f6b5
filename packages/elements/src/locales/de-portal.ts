// German strings of the portal widgets, keyed by the `id` given to msg().
export const templates: Record<string, string> = {};
