/**
 * How the web pages write dates, times and numbers: dd/mm/yyyy and times in Asia/Ho_Chi_Minh,
 * Vietnamese separators (15.277; 11,3%). Pure, so the pages and their tests agree.
 */
const ZONE = 'Asia/Ho_Chi_Minh';

const dateParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

function parts(instant: Date): Record<string, string> {
  return Object.fromEntries(dateParts.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** "2020-08-22" (a calendar date) or an instant → "22/08/2020" (the instant's date in Vietnam). */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-');
    return `${day}/${month}/${year}`;
  }
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return '—';
  const p = parts(instant);
  return `${p.day}/${p.month}/${p.year}`;
}

/** An instant → "27/11/2026 10:00" in Vietnam time. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const instant = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(instant.getTime())) return '—';
  const p = parts(instant);
  return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`;
}

/** 15277 → "15.277"; 1234.5 with one decimal → "1.234,5". */
export function formatNumber(value: number | null | undefined, decimals = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (decimals === 0) return integer.format(value);
  return new Intl.NumberFormat('vi-VN', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  }).format(value);
}

/** A share (0.113) → "11,3%"; `decimals` digits after the comma. */
export function formatPercent(share: number | null | undefined, decimals = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${formatNumber(share * 100, decimals)}%`;
}

/** A byte count for people: "10 MB", "512 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${formatNumber(bytes / (1024 * 1024), bytes % (1024 * 1024) ? 1 : 0)} MB`;
  if (bytes >= 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${formatNumber(bytes)} B`;
}

/** Today's calendar date in Vietnam, "2026-11-28", for date inputs' defaults. */
export function todayInVietnam(now: Date): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Data for a page's scripts, inside `<script type="application/json">`: no `</script>` breakout. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026');
}
