import type { WorkingCalendar } from '../calendar/working-calendar.js';
import { deadlineInForce } from './default-deadline.js';
import type { DefaultDeadline } from './directive-status.js';
import type { Coordinator, Resolution } from './part-resolution.js';

/** What planning reads of a part (an assignment's columns). */
export interface PlannablePart {
  id: string;
  label: string;
  assignee: string;
  requested: boolean;
  resolution: Resolution;
  deadline: string | null;
  unitIds: string[];
  coordinators: Coordinator[];
}

/** The tasks one part will get at publication: its deadline, lead units and partner units. */
export interface PlannedPart<P extends PlannablePart = PlannablePart> {
  part: P;
  deadline: string | null;
  /** One `lead` task each (a group fans out to its members; duplicates once). */
  leads: string[];
  /** One `coordinate` task each: named partners that are not already leads. */
  partners: string[];
}

/**
 * The fan-out of a publication, shared by the publisher and its preview: one task per
 * (part, unit) — a group counts each member once — and partners not already leading get a
 * `coordinate` task. Pure: the caller supplies the calendar and the day of publication.
 */
export function planTasks<P extends PlannablePart>(
  parts: P[],
  fallback: DefaultDeadline | null,
  publishedOn: string,
  calendar: WorkingCalendar,
): Array<PlannedPart<P>> {
  return parts.map((part) => {
    const leads = [...new Set(part.unitIds)];
    const partners = [...new Set(part.coordinators.flatMap((c) => c.unitIds))].filter(
      (unitId) => !leads.includes(unitId),
    );
    return {
      part,
      deadline: deadlineInForce(part.deadline, fallback, publishedOn, calendar),
      leads,
      partners,
    };
  });
}

/** A reason a draft cannot be published yet (structured, so pages can say it in Vietnamese). */
export type PublishProblem =
  | { kind: 'no_parts' }
  | { kind: 'unmatched'; label: string; assignee: string }
  | { kind: 'coordinator_unmatched'; label: string; assignee: string; coordinator: string }
  | { kind: 'no_deadline'; label: string; assignee: string }
  | { kind: 'inactive_units'; label: string; assignee: string; unitIds: string[] };

/** Every reason a draft cannot be published yet, for the clerk to fix in one pass. */
export function publishProblems(
  parts: PlannablePart[],
  fallback: DefaultDeadline | null,
  activeUnits: Set<string>,
): PublishProblem[] {
  const problems: PublishProblem[] = [];
  if (parts.length === 0) problems.push({ kind: 'no_parts' });
  for (const a of parts) {
    const part = { label: a.label, assignee: a.assignee };
    if (a.resolution === 'unmatched') problems.push({ kind: 'unmatched', ...part });
    for (const coordinator of a.coordinators) {
      if (coordinator.resolution === 'unmatched') {
        problems.push({ kind: 'coordinator_unmatched', ...part, coordinator: coordinator.name });
      }
    }
    if (!a.deadline && !fallback) problems.push({ kind: 'no_deadline', ...part });
    const inactive = [...a.unitIds, ...a.coordinators.flatMap((c) => c.unitIds)].filter(
      (u) => !activeUnits.has(u),
    );
    if (inactive.length > 0) {
      problems.push({ kind: 'inactive_units', ...part, unitIds: [...new Set(inactive)] });
    }
  }
  return problems;
}

/** A problem in the API's words (English, as the 422 body lists them). */
export function describeProblem(problem: PublishProblem): string {
  if (problem.kind === 'no_parts') return 'the directive has no parts';
  const part = `part ${problem.label} (${problem.assignee})`;
  switch (problem.kind) {
    case 'unmatched':
      return `${part}: no unit matches the assignee; choose units from the directory`;
    case 'coordinator_unmatched':
      return `${part}: no unit matches the coordinator "${problem.coordinator}"; choose units or remove it`;
    case 'no_deadline':
      return `${part}: no deadline, and no default deadline applies`;
    case 'inactive_units':
      return `${part}: units no longer active: ${problem.unitIds.join(', ')}`;
  }
}
