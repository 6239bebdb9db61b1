import { CreateUnitsAndUsers1795864294483 } from './1795864294483-create-units-and-users.js';
import { AddCalendarAdjustments1795864994164 } from './1795864994164-add-calendar-adjustments.js';
import { AddDirectivesAssignmentsTasksOutbox1795865189785 } from './1795865189785-add-directives-assignments-tasks-outbox.js';
import { AddTaskWorkflow1795867031624 } from './1795867031624-add-task-workflow.js';
import { AddEscalations1795867845508 } from './1795867845508-add-escalations.js';
import { AddNotifications1795868036557 } from './1795868036557-add-notifications.js';
import { AddComplianceIndexes1795869398289 } from './1795869398289-add-compliance-indexes.js';
import { AddIdempotencyRequestHash1795870500000 } from './1795870500000-add-idempotency-request-hash.js';
import { AddSessionsAndAuditLog1795872671717 } from './1795872671717-add-sessions-and-audit-log.js';
import { AddTasksDirectiveComplianceIndex1795890000000 } from './1795890000000-add-tasks-directive-compliance-index.js';
import { AddAssignmentTitleAndMilestones1796237074755 } from './1796237074755-add-assignment-title-and-milestones.js';
import { AddTaskPeriods1796237708157 } from './1796237708157-add-task-periods.js';
import { AddIssuingBodies1796279600603 } from './1796279600603-add-issuing-bodies.js';
import { AddDirectiveImplementsTask1796282090724 } from './1796282090724-add-directive-implements-task.js';
import { AddDirectiveImplementsDirective1796305618776 } from './1796305618776-add-directive-implements-directive.js';

/**
 * Every migration, oldest first. Listed rather than globbed so the app, the tests (Jest's module
 * loader) and the CLI load the very same classes: `npm run migration:generate -- <name>` writes
 * the file, and you add its class here.
 */
export const MIGRATIONS = [
  CreateUnitsAndUsers1795864294483,
  AddCalendarAdjustments1795864994164,
  AddDirectivesAssignmentsTasksOutbox1795865189785,
  AddTaskWorkflow1795867031624,
  AddEscalations1795867845508,
  AddNotifications1795868036557,
  AddComplianceIndexes1795869398289,
  AddIdempotencyRequestHash1795870500000,
  AddSessionsAndAuditLog1795872671717,
  AddTasksDirectiveComplianceIndex1795890000000,
  AddAssignmentTitleAndMilestones1796237074755,
  AddTaskPeriods1796237708157,
  AddIssuingBodies1796279600603,
  AddDirectiveImplementsTask1796282090724,
  AddDirectiveImplementsDirective1796305618776,
];
