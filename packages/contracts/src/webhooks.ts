/** The event types a tenant's webhook endpoints may subscribe to (gateway config `webhooks[].events`). */
export const WEBHOOK_EVENT_TYPES = [
  'job.succeeded',
  'job.failed',
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.completed',
  'approval.requested',
  'approval.decided',
  'purchase.failed',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
