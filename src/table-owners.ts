/**
 * Every table and the one module that writes it: a folder under `src/` (nested folders belong to
 * it). Others call the functions, or embed the set-based SQL fragments, that the owner exports,
 * passing their transaction. `src/table-ownership.spec.ts` checks that every table the migrations
 * create is listed here and that no INSERT, UPDATE or DELETE (raw SQL or a TypeORM write) names a
 * table outside its owner.
 */
export const TABLE_OWNERS = {
  units: 'units',
  unit_groups: 'units',
  unit_group_members: 'units',
  users: 'users',
  auth_sessions: 'auth',
  refresh_tokens: 'auth',
  audit_log: 'audit',
  calendar_adjustments: 'calendar',
  directives: 'directives',
  assignments: 'directives',
  tasks: 'tasks',
  task_events: 'tasks',
  task_requests: 'tasks',
  evidence: 'tasks',
  task_periods: 'periods',
  escalations: 'escalation',
  notification_channels: 'notifications',
  notifications: 'notifications',
  outbound_deliveries: 'notifications',
  outbox_events: 'core/outbox',
  idempotency_records: 'core/http',
} as const satisfies Record<string, string>;

export type OwnedTable = keyof typeof TABLE_OWNERS;
