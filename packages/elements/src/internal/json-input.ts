/** An object input after reading: its value (undefined when not given), or why it could not be read. */
export type JsonInput<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

/**
 * Reads an object input that may arrive as a property (an object) or as an attribute (a JSON
 * string; LWC sets attributes when it renders before the element is defined). Never throws:
 * bad JSON and non-objects come back as `ok: false`, for the element to show as an error.
 */
export function readJsonInput<T extends object>(input: unknown): JsonInput<T> {
  let value = input;
  if (value === undefined || value === null || value === '') return { ok: true, value: undefined };
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (error) {
      return { ok: false, message: `not valid JSON (${(error as Error).message})` };
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'expected a JSON object' };
  return { ok: true, value: value as T };
}
