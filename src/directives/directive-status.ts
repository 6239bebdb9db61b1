export const DIRECTIVE_STATUSES = ['draft', 'published'] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

/** A deadline for parts that name none: a date, a date-time, or N working days after publication. */
export type DefaultDeadline = { date: string } | { dateTime: string } | { workingDays: number };
