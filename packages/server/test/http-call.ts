/** One request to a running server, its answer read whole: status, headers, the JSON body if it is JSON, and the text. */
export async function httpCall(url: string, init: { method: string; headers?: Record<string, string>; body?: string | undefined }) {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}
