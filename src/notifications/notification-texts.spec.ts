import { escalationText, formatDeadline } from './notification-texts.js';

const HONG_QUANG = {
  directiveNumber: '451/UBND-VHTT',
  subject: 'V/v đẩy mạnh cài đặt ứng dụng Bluezone trên địa bàn huyện',
  unitName: 'Ủy ban nhân dân xã Hồng Quang',
  deadline: '2026-12-04',
};

describe(escalationText.name, () => {
  it('should title an escalation with the letter, the unit and how late', () => {
    const text = escalationText({ ...HONG_QUANG, daysLate: 2, level: 1 });
    expect(text.title).toBe(
      'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang quá hạn 2 ngày',
    );
  });

  it('should put the number, subject, task, unit, deadline and lateness in the body', () => {
    const { body } = escalationText({
      ...HONG_QUANG,
      daysLate: 2,
      level: 2,
      task: 'Tuyên truyền, vận động người dân cài đặt Bluezone',
    });
    expect(body).toContain('Công văn số 451/UBND-VHTT');
    expect(body).toContain('Trích yếu: V/v đẩy mạnh cài đặt ứng dụng Bluezone');
    expect(body).toContain('Nhiệm vụ: Tuyên truyền, vận động người dân cài đặt Bluezone');
    expect(body).toContain('Đơn vị thực hiện: Ủy ban nhân dân xã Hồng Quang');
    expect(body).toContain('Thời hạn: 04/12/2026');
    expect(body).toContain('Tình trạng: quá hạn 2 ngày');
    expect(body).toContain('Mức đôn đốc: 2');
    expect(body).toContain('giải trình lý do chậm trễ');
  });

  it('should name higher levels in the title', () => {
    expect(escalationText({ ...HONG_QUANG, daysLate: 5, level: 2 }).title).toMatch(
      /^Đôn đốc mức 2: Công văn 451\/UBND-VHTT — .* quá hạn 5 ngày$/,
    );
  });

  it('should word a reminder before the deadline with the due date', () => {
    const text = escalationText({ ...HONG_QUANG, daysLate: 0, level: 0, step: 'reminder' });
    expect(text.title).toBe(
      'Nhắc việc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang đến hạn ngày 04/12/2026',
    );
    expect(text.body).toContain('Tình trạng: còn trong hạn');
    expect(text.body).not.toContain('Mức đôn đốc');
  });

  it('should word receipt and stale reminders for what the unit has not done', () => {
    expect(escalationText({ ...HONG_QUANG, daysLate: 0, level: 0, step: 'receipt' }).title).toBe(
      'Nhắc việc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang chưa tiếp nhận nhiệm vụ',
    );
    expect(
      escalationText({ ...HONG_QUANG, daysLate: 0, level: 0, step: 'stale-lx3k2' }).title,
    ).toContain('chưa cập nhật tiến độ');
  });

  it('should say the deadline has passed at level 1 on the day itself', () => {
    expect(escalationText({ ...HONG_QUANG, daysLate: 0, level: 1 }).title).toBe(
      'Đôn đốc: Công văn 451/UBND-VHTT — Ủy ban nhân dân xã Hồng Quang đã hết hạn ngày 04/12/2026',
    );
  });

  it('should cope with a letter without number, subject or deadline', () => {
    const text = escalationText({
      directiveNumber: null,
      subject: null,
      unitName: 'Phòng Y tế',
      deadline: null,
      daysLate: 0,
      level: 1,
    });
    expect(text.title).toBe('Đôn đốc: Công văn — Phòng Y tế');
    expect(text.body).toContain('Thời hạn: không quy định');
    expect(text.body).toContain('Tình trạng: chưa có thời hạn');
  });

  it('should keep the title within 500 characters', () => {
    const text = escalationText({
      ...HONG_QUANG,
      unitName: 'x'.repeat(600),
      daysLate: 1,
      level: 1,
    });
    expect(text.title.length).toBeLessThanOrEqual(500);
    expect(text.title.endsWith('…')).toBe(true);
  });
});

describe(formatDeadline.name, () => {
  it('should write dates the Vietnamese way, dd/mm/yyyy', () => {
    expect(formatDeadline('2026-12-04')).toBe('04/12/2026');
  });

  it('should write a time in Vietnam as "16 giờ 00 ngày …"', () => {
    expect(formatDeadline('2026-12-04T16:00:00+07:00')).toBe('16 giờ 00 ngày 04/12/2026');
    expect(formatDeadline(new Date('2026-12-04T09:30:00Z'))).toBe('16 giờ 30 ngày 04/12/2026');
  });

  it('should show an end-of-day instant as its date alone', () => {
    expect(formatDeadline(new Date('2026-12-04T16:59:59.999Z'))).toBe('04/12/2026');
  });

  it('should return null without a deadline', () => {
    expect(formatDeadline(null)).toBeNull();
  });
});
