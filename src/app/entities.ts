import { AuditLog } from '../audit/audit-log.entity.js';
import { AuthSession } from '../auth/auth-session.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { CalendarAdjustment } from '../calendar/calendar-adjustment.entity.js';
import { IdempotencyRecord } from '../core/http/idempotency-record.entity.js';
import { OutboxEvent } from '../core/outbox/outbox-event.entity.js';
import { Assignment } from '../directives/assignment.entity.js';
import { Escalation } from '../escalation/escalation.entity.js';
import { Directive } from '../directives/directive.entity.js';
import { NotificationChannel } from '../notifications/notification-channel.entity.js';
import { Notification } from '../notifications/notification.entity.js';
import { OutboundDelivery } from '../notifications/outbound-delivery.entity.js';
import { TaskPeriod } from '../periods/task-period.entity.js';
import { Evidence } from '../tasks/evidence.entity.js';
import { TaskEvent } from '../tasks/task-event.entity.js';
import { TaskRequest } from '../tasks/task-request.entity.js';
import { Task } from '../tasks/task.entity.js';
import { UnitGroup } from '../units/unit-group.entity.js';
import { Unit } from '../units/unit.entity.js';
import { User } from '../users/user.entity.js';

/** Every entity, for the shared data source (app, tests and migration CLI alike). */
export const ENTITIES = [
  Unit,
  UnitGroup,
  User,
  CalendarAdjustment,
  Directive,
  Assignment,
  Task,
  OutboxEvent,
  TaskEvent,
  Evidence,
  TaskRequest,
  TaskPeriod,
  IdempotencyRecord,
  Escalation,
  Notification,
  NotificationChannel,
  OutboundDelivery,
  AuthSession,
  RefreshToken,
  AuditLog,
];
