/** A directive of about `bytes` bytes in the genre's shape, for parser benchmarks and tests. */
export function syntheticDirective(bytes: number): string {
  const header = [
    'ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'HUYỆN AN THI                              Độc lập - Tự do - Hạnh phúc',
    '',
    'Số: 999/UBND-VP                           An Thi, ngày 5 tháng 1 năm 2022',
    'V/v triển khai nhiệm vụ trọng tâm',
    '',
    'Kính gửi:',
    '- Các phòng, ngành, đoàn thể huyện;',
    '- Ủy ban nhân dân các xã, thị trấn.',
    '',
    'Thực hiện Kế hoạch số 12/KH-UBND ngày 2/1/2022 của Ủy ban nhân dân tỉnh Hưng Yên về việc triển khai nhiệm vụ năm 2022.',
    '',
    'Tỷ lệ hộ gia đình sử dụng nước sạch mới đạt 71,5% (12.345/17.266), chưa đạt mục tiêu tối thiểu 95% hộ sử dụng nước sạch. UBND huyện yêu cầu:',
    '',
  ].join('\n');
  const footer =
    '\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\nNguyễn Văn Bình\n';
  const bodies = [
    'Phòng Y tế huyện',
    'Phòng Tài chính - Kế hoạch',
    'Đài Truyền thanh huyện',
    'Ủy ban nhân dân các xã, thị trấn',
  ];
  const parts: string[] = [];
  let size = header.length + footer.length;
  const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  // Large plans group their parts in sections (I., II. …), numbering 1, 2 … afresh in each.
  for (let n = 1; size < bytes; n++) {
    if (n % 100 === 1) {
      const index = Math.floor(n / 100);
      const heading = `${ROMAN[index % 10]}. NHIỆM VỤ NHÓM ${index + 1}\n`;
      parts.push(heading);
      size += heading.length;
    }
    const body = bodies[n % bodies.length];
    const partner = bodies[(n + 1) % bodies.length];
    const part = [
      `**${((n - 1) % 100) + 1}. ${body}**`,
      '',
      `Chủ trì, phối hợp với ${partner} rà soát, tổng hợp số liệu nhiệm vụ số ${n}, tham mưu UBND huyện`,
      `chỉ đạo thực hiện; hoàn thành trước ngày ${(n % 28) + 1}/${(n % 12) + 1}/2022.`,
      '',
      `a) Báo cáo định kỳ hằng tuần vào thứ Sáu về Văn phòng HĐND và UBND huyện;`,
      `b) Tổng kết trước 16 giờ 00 ngày ${(n % 28) + 1}/12/2022.`,
      '',
    ].join('\n');
    parts.push(part);
    size += part.length;
  }
  return `${header}${parts.join('\n')}${footer}`;
}

/** The worst shape for a parser: one part holding `bytes` of paragraphs and sub-items. */
export function singlePartDirective(bytes: number): string {
  const paragraph =
    'Chủ trì, phối hợp với Phòng Y tế huyện rà soát số liệu; hoàn thành trước ngày 15/9/2022.\n\n' +
    'a) Báo cáo hằng tuần vào thứ Sáu;\n';
  return [
    'Số: 1/UBND-VP',
    'V/v rà soát số liệu',
    '',
    'Kính gửi: Phòng Y tế huyện',
    '',
    '1. Phòng Y tế huyện',
    '',
    paragraph.repeat(Math.ceil(bytes / paragraph.length)),
    'Nơi nhận:',
    '- Lưu: VT.',
  ].join('\n');
}

/**
 * A Kế hoạch of about `bytes` bytes whose tasks are in a table of `rows` rows (Markdown pipes,
 * "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm"), the
 * rest numbered parts of the organising section, as large provincial plans are.
 */
export function syntheticPlan(bytes: number, rows: number): string {
  const header = [
    '| ỦY BAN NHÂN DÂN<br>TỈNH HƯNG YÊN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc |',
    '|---|---|',
    '| Số: 214/KH-UBND | Hưng Yên, ngày 8 tháng 10 năm 2025 |',
    '',
    '**KẾ HOẠCH**',
    '**Triển khai nhiệm vụ chuyển đổi số năm 2025 - 2026**',
    '',
    'Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia, UBND tỉnh ban hành Kế hoạch như sau:',
    '',
    '**I. NHIỆM VỤ VÀ PHÂN CÔNG**',
    '',
    '| STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành | Sản phẩm |',
    '|---|---|---|---|---|---|',
  ];
  const bodies = ['Sở Khoa học và Công nghệ', 'Sở Nội vụ', 'Sở Tài chính', 'UBND các xã, phường'];
  const when = ['Trước ngày 15/12/2025', 'Quý I/2026', 'Hằng tháng', 'Tháng 02/2026'];
  for (let n = 1; n <= rows; n++) {
    header.push(
      `| ${n} | Triển khai nền tảng số dùng chung, nhiệm vụ số ${n}, bảo đảm kết nối, chia sẻ dữ liệu | ${bodies[n % 4]} | ${bodies[(n + 1) % 4]}; ${bodies[(n + 2) % 4]} | ${when[n % 4]} | Báo cáo kết quả |`,
    );
  }
  header.push('', '**II. TỔ CHỨC THỰC HIỆN**', '');
  const footer =
    '\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Lê Huy\n';
  const parts: string[] = [];
  let size = header.join('\n').length + footer.length;
  for (let n = 1; size < bytes; n++) {
    const part = `${n}. ${bodies[n % 4]} chủ trì, phối hợp với ${bodies[(n + 1) % 4]} theo dõi, đôn đốc nhiệm vụ số ${n}; hoàn thành trước ngày ${(n % 28) + 1}/${(n % 12) + 1}/2026; báo cáo kết quả về UBND tỉnh trước ngày ${(n % 28) + 1}/12/2026.\n`;
    parts.push(part);
    size += part.length + 1;
  }
  return `${header.join('\n')}\n${parts.join('\n')}${footer}`;
}
