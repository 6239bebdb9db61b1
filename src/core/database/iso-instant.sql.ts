/**
 * SQL: an instant (a timestamptz expression) as `Date.toISOString()` writes it (UTC,
 * milliseconds, "Z"). For queries answering thousands of rows (a province's chain): the instant
 * reaches the reply as text, never parsed into a Date and formatted back, which cost more than
 * the rest of each row's handling.
 */
export function isoInstantSql(instant: string): string {
  return `to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
