// German strings of the rep widgets, keyed by the `id` given to msg().
export const templates: Record<string, string> = {};
