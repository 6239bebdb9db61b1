/**
 * The Vietnamese texts of reminders (nhắc việc) and escalations (đôn đốc): the inbox title and
 * body, reused as the e-mail subject and text and in webhook payloads. Pure: no Nest, no TypeORM.
 */

export interface EscalationTextInput {
  /** "451/UBND-VHTT"; null for a letter without a number. */
  directiveNumber: string | null;
  /** Trích yếu: "V/v đẩy mạnh cài đặt ứng dụng Bluezone …". */
  subject: string | null;
  unitName: string;
  /** The deadline in force: "2026-12-04", "2026-12-04T16:00:00+07:00", an instant, or none. */
  deadline: string | Date | null;
  /** Whole days past the deadline (0 or less: not late). */
  daysLate: number;
  /** 0 for reminders, 1–3 for escalation levels. */
  level: number;
  /** The escalation step (`receipt`, `reminder`, `stale-…`, `level-1` …), for reminder wording. */
  step?: string;
  /** The task's instruction, when the caller has it. */
  task?: string | null;
}

export interface NotificationText {
  title: string;
  body: string;
}

const TITLE_MAX = 500;
const VIETNAM_OFFSET_MS = 7 * 3_600_000;

/** Title and body of a reminder (level 0) or an escalation (levels 1–3), in Vietnamese. */
export function escalationText(input: EscalationTextInput): NotificationText {
  const letter = letterLabel(input.directiveNumber, input.subject);
  const deadline = formatDeadline(input.deadline);
  const late = Math.max(0, Math.floor(input.daysLate));
  const state = situation(input, deadline, late);
  const prefix =
    input.level <= 0 ? 'Nhắc việc' : input.level === 1 ? 'Đôn đốc' : `Đôn đốc mức ${input.level}`;
  const title = clip(
    `${prefix}: ${letter} — ${input.unitName}${state ? ` ${state}` : ''}`,
    TITLE_MAX,
  );

  const lines = [
    input.directiveNumber ? `Văn bản: Công văn số ${input.directiveNumber}` : 'Văn bản: Công văn',
  ];
  if (input.subject) lines.push(`Trích yếu: ${oneLine(input.subject)}`);
  if (input.task) lines.push(`Nhiệm vụ: ${oneLine(input.task)}`);
  lines.push(`Đơn vị thực hiện: ${input.unitName}`);
  lines.push(`Thời hạn: ${deadline ?? 'không quy định'}`);
  lines.push(`Tình trạng: ${late > 0 ? `quá hạn ${late} ngày` : deadlineState(input, deadline)}`);
  if (input.level > 0) lines.push(`Mức đôn đốc: ${input.level}`);
  lines.push('', closing(input, late));
  return { title, body: lines.join('\n') };
}

/** "2026-12-04" → "04/12/2026"; "2026-12-04T16:00:00+07:00" → "16 giờ 00 ngày 04/12/2026". */
export function formatDeadline(deadline: string | Date | null): string | null {
  if (deadline === null) return null;
  if (deadline instanceof Date) return formatInstant(deadline);
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(deadline.trim());
  if (date) return `${date[3]}/${date[2]}/${date[1]}`;
  const instant = new Date(deadline);
  return Number.isNaN(instant.getTime()) ? deadline : formatInstant(instant);
}

function formatInstant(instant: Date): string {
  // Vietnam has no daylight saving: its wall clock is UTC+7 all year.
  const local = new Date(instant.getTime() + VIETNAM_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${pad(local.getUTCDate())}/${pad(local.getUTCMonth() + 1)}/${local.getUTCFullYear()}`;
  const [hours, minutes] = [local.getUTCHours(), local.getUTCMinutes()];
  // A date-only deadline kept as an instant is the end of its day: show the date alone.
  if ((hours === 0 && minutes === 0) || (hours === 23 && minutes === 59)) return day;
  return `${pad(hours)} giờ ${pad(minutes)} ngày ${day}`;
}

function letterLabel(number: string | null, subject: string | null): string {
  if (number) return `Công văn ${number}`;
  if (subject) return `Công văn “${clip(oneLine(subject), 80)}”`;
  return 'Công văn';
}

// What the title says after the unit's name.
function situation(input: EscalationTextInput, deadline: string | null, late: number): string {
  if (late > 0) return `quá hạn ${late} ngày`;
  if (input.level <= 0) {
    if (input.step === 'receipt') return 'chưa tiếp nhận nhiệm vụ';
    if (input.step?.startsWith('stale')) return 'chưa cập nhật tiến độ';
  }
  if (!deadline) return '';
  return input.level <= 0 ? `đến hạn ${onDay(deadline)}` : `đã hết hạn ${onDay(deadline)}`;
}

function deadlineState(input: EscalationTextInput, deadline: string | null): string {
  if (!deadline) return 'chưa có thời hạn';
  return input.level <= 0 ? 'còn trong hạn' : 'đã đến hạn';
}

function onDay(deadline: string): string {
  return deadline.includes('ngày') ? deadline : `ngày ${deadline}`;
}

function closing(input: EscalationTextInput, late: number): string {
  if (input.level <= 0) {
    if (input.step === 'receipt') return 'Đề nghị đơn vị tiếp nhận nhiệm vụ trên hệ thống.';
    if (input.step?.startsWith('stale')) return 'Đề nghị đơn vị cập nhật tiến độ thực hiện.';
    return 'Đề nghị đơn vị hoàn thành và báo cáo kết quả đúng thời hạn.';
  }
  return late > 0
    ? 'Đề nghị đơn vị khẩn trương hoàn thành, báo cáo kết quả và giải trình lý do chậm trễ.'
    : 'Đề nghị đơn vị khẩn trương hoàn thành và báo cáo kết quả.';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
