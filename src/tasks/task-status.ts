/** Where a task stands (see the workflow issue for the moves between them). */
export const TASK_STATUSES = [
  'assigned', // Đã giao
  'received', // Đã tiếp nhận
  'in_progress', // Đang thực hiện
  'reported', // Đã báo cáo, awaiting review
  'returned', // Trả lại
  'completed', // Hoàn thành
  'paused', // Tạm hoãn
  'cancelled', // Đã hủy
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** A lead task must act; a coordinate task supports the lead (phối hợp). */
export const TASK_ROLES = ['lead', 'coordinate'] as const;
export type TaskRole = (typeof TASK_ROLES)[number];
