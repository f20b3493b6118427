/** The four upstream services bwkit calls: the one list every layer types its service names against. */
export const SERVICE_NAMES = Object.freeze(['workspace', 'vpc', 'cc', 'bss'] as const);
export type ServiceName = (typeof SERVICE_NAMES)[number];

export function isServiceName(value: unknown): value is ServiceName {
  return (SERVICE_NAMES as readonly unknown[]).includes(value);
}
