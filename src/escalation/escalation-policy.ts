/**
 * The escalation ladder as data (a directive may carry its own at publication):
 * reminders before the deadline and for tasks not received or gone quiet, then level 1 at the
 * deadline (the unit), level 2 later (the chair / signer), level 3 again and again (the chair,
 * summarised). Delays count working days unless given in hours.
 */
export interface Delay {
  workingDays?: number;
  hours?: number;
}

export interface EscalationPolicy {
  /** Before the deadline: remind the unit. Null: no reminder. */
  reminderBefore: Delay | null;
  /** After publication: remind a unit that has not received (tiếp nhận) its task. */
  receiptReminderAfter: Delay | null;
  /** After the unit's last word: remind a task gone quiet. */
  staleReminderAfter: Delay | null;
  /** After the deadline: level 2, to the chair and the directive's signer. */
  level2After: Delay;
  /** After level 2, every so often: level 3, to the chair again. */
  level3Every: Delay;
  /** Level 3 rounds at most, so a forgotten task does not ring forever. */
  maxLevel3Rounds: number;
  /** More đôn đốc rounds than this put the task on the chair's meeting list. */
  attentionAfterRounds: number;
  /** Overrides of the reporting periods' ladder (DEFAULT_PERIOD_POLICY). */
  periods?: Partial<PeriodEscalationPolicy>;
}

/**
 * The ladder of a reporting period (kỳ báo cáo), each period pressed like a small task: a
 * reminder to the unit before its due instant, a notice to the unit's head when it is missed,
 * and the chair when this is the unit's N-th miss in a row. A submitted period (even late)
 * stops its ladder.
 */
export interface PeriodEscalationPolicy {
  /** Before the due instant: remind the unit. Null: no reminder. */
  reminderBefore: Delay | null;
  /** Tell the chair when this many periods in a row (this one included) were missed. 0: never. */
  chairAfterMisses: number;
  /** After the due instant: when the chair is told. */
  chairAfter: Delay;
}

export const DEFAULT_PERIOD_POLICY: PeriodEscalationPolicy = {
  reminderBefore: { hours: 24 },
  chairAfterMisses: 2,
  chairAfter: { hours: 0 },
};

export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  reminderBefore: { hours: 24 },
  receiptReminderAfter: { workingDays: 1 },
  staleReminderAfter: { workingDays: 5 },
  level2After: { workingDays: 2 },
  level3Every: { workingDays: 3 },
  maxLevel3Rounds: 10,
  attentionAfterRounds: 3,
};
