import type { Paragraph, Table } from 'docx';
import type { UrgingLetterInput } from './document-inputs.js';
import {
  body,
  excerpt,
  footer,
  gap,
  header,
  numberSymbol,
  pack,
  run,
  vietnameseDate,
} from './official-layout.js';

/**
 * Công văn đôn đốc: "V/v đôn đốc thực hiện Công văn số …", addressed (Kính gửi) to exactly the
 * late units, each with its overdue tasks, asking them to finish and report by a date.
 */
export async function renderUrgingLetter(input: UrgingLetterInput): Promise<Buffer> {
  const { directive, lateUnits } = input;
  const names = lateUnits.map((unit) => unit.unitName);
  const addressees: Paragraph[] =
    names.length === 1
      ? [body([run('Kính gửi: ', { bold: true }), run(`${names[0]}.`)])]
      : [
          body('Kính gửi:', { bold: true }),
          ...names.map((name, i) => body(`- ${name}${i === names.length - 1 ? '.' : ';'}`)),
        ];
  const children: Array<Paragraph | Table> = [
    header(
      input,
      numberSymbol(directive.number),
      `V/v đôn đốc thực hiện Công văn số ${directive.number}`,
    ),
    gap(),
    ...addressees,
    gap(),
    body(
      `Ngày ${vietnameseDate(directive.issuedOn)}, ${directive.issuer} ban hành Công văn số ` +
        `${directive.number} về việc ${directive.subject}. Đến ngày ${vietnameseDate(input.date)}, ` +
        `các đơn vị sau chưa hoàn thành nhiệm vụ được giao đúng thời hạn:`,
    ),
  ];
  lateUnits.forEach((unit, i) => {
    children.push(body(`${i + 1}. ${unit.unitName}:`, { bold: true }));
    for (const task of unit.tasks) {
      const deadline = task.deadline ? `thời hạn ${vietnameseDate(task.deadline)}, ` : '';
      children.push(
        body(
          `- Nhiệm vụ tại mục ${task.label}: “${excerpt(task.text)}” (${deadline}` +
            `đã quá hạn ${task.daysLate} ngày).`,
        ),
      );
    }
  });
  children.push(
    body(
      `${input.issuingBody} yêu cầu Thủ trưởng các đơn vị nêu trên khẩn trương chỉ đạo hoàn ` +
        `thành các nhiệm vụ được giao tại Công văn số ${directive.number}, báo cáo kết quả ` +
        `thực hiện và nêu rõ lý do chậm trễ về ${input.issuingBody} trước ngày ` +
        `${vietnameseDate(input.replyBy)}.`,
    ),
    body(`Đề nghị các đơn vị nghiêm túc thực hiện./.`),
    gap(),
    footer(input, true),
  );
  return pack(children);
}
