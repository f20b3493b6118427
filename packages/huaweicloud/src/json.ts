/** A JSON object (not null, not an array): the one shape guard the client, the errors and the simulator share. */
export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
