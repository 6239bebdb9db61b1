import type { Paragraph, Table } from 'docx';
import type { ReportInput } from './document-inputs.js';
import {
  body,
  centred,
  dataTable,
  excerpt,
  footer,
  gap,
  header,
  pack,
  percent,
  run,
  vietnameseDate,
} from './official-layout.js';

/** Báo cáo kết quả thực hiện Công văn số …: the figures, a table per unit, the late units. */
export async function renderReport(input: ReportInput): Promise<Buffer> {
  const { directive, totals } = input;
  const children: Array<Paragraph | Table> = [
    header(input, 'BC-UBND', null),
    gap(),
    centred('BÁO CÁO', { bold: true }),
    centred(`Kết quả thực hiện Công văn số ${directive.number}`, { bold: true }),
    centred(`ngày ${vietnameseDate(directive.issuedOn)} của ${directive.issuer}`, { bold: true }),
    centred('───────', { size: 20 }),
    body(
      `Thực hiện Công văn số ${directive.number} ngày ${vietnameseDate(directive.issuedOn)} ` +
        `của ${directive.issuer} về việc ${directive.subject}, ${input.issuingBody} báo cáo kết ` +
        `quả thực hiện đến ngày ${vietnameseDate(input.date)} như sau:`,
    ),
    body('I. KẾT QUẢ CHUNG', { bold: true }),
    body(`- Tổng số nhiệm vụ được giao: ${totals.total};`),
    body(`- Hoàn thành đúng hạn: ${totals.completedOnTime};`),
    body(`- Hoàn thành quá hạn: ${totals.completedLate};`),
    body(`- Đang thực hiện trong hạn: ${totals.inProgressOnTime};`),
    body(`- Quá hạn chưa hoàn thành: ${totals.overdue};`),
    body(`- Tỷ lệ hoàn thành: ${percent(totals.completionRate)}.`),
    body('II. KẾT QUẢ THEO ĐƠN VỊ', { bold: true }),
    dataTable(
      [
        'STT',
        'Đơn vị',
        'Tổng số',
        'Hoàn thành đúng hạn',
        'Hoàn thành quá hạn',
        'Đang thực hiện trong hạn',
        'Quá hạn',
        'Tỷ lệ hoàn thành',
      ],
      input.units.map((row, i) => [
        String(i + 1),
        row.unitName,
        String(row.total),
        String(row.completedOnTime),
        String(row.completedLate),
        String(row.inProgressOnTime),
        String(row.overdue),
        percent(row.completionRate),
      ]),
      [6, 30, 9, 11, 11, 11, 10, 12],
    ),
    gap(),
    body('III. CÁC ĐƠN VỊ CHẬM TRỄ', { bold: true }),
  ];
  if (input.lateUnits.length === 0) {
    children.push(body('Không có đơn vị chậm thực hiện nhiệm vụ.'));
  }
  input.lateUnits.forEach((unit, i) => {
    children.push(
      body(`${i + 1}. ${unit.unitName}: ${unit.tasks.length} nhiệm vụ quá hạn`, { bold: true }),
    );
    for (const task of unit.tasks) {
      const deadline = task.deadline ? `hạn ${vietnameseDate(task.deadline)}, ` : '';
      children.push(
        body(
          `- Mục ${task.label}: ${excerpt(task.text)} (${deadline}quá hạn ${task.daysLate} ngày).`,
        ),
      );
    }
    children.push(
      body([
        run('Lý do: ', { italics: true }),
        run(unit.reason?.trim() || 'đơn vị chưa báo cáo lý do.'),
      ]),
    );
  });
  children.push(
    body(`Trên đây là báo cáo kết quả thực hiện Công văn số ${directive.number}./.`),
    gap(),
    footer(input, false),
  );
  return pack(children);
}
