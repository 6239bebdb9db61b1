import { Clock } from '../../src/core/clock.js';
import { query } from '../support/test-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { signInToPages, type WebSession } from '../support/web-session.js';

const LONG = 60_000;
const UUID = /^\/van-ban\/([0-9a-f-]{36})$/;

// A district plan of the shapes issue 14 reads: a task table (tab-separated, with a "Trước Tết"
// cell), a part that gives a second body its own task, a part with a work date and a later report
// date, and a head addressed by title. Written for this test, for the seed's directory (An Thi).
const PLAN = [
  'ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'HUYỆN AN THI                             Độc lập - Tự do - Hạnh phúc',
  '',
  'Số: 612/KH-UBND                         An Thi, ngày 20 tháng 11 năm 2026',
  '',
  'KẾ HOẠCH',
  'Chăm lo Tết Nguyên đán Đinh Mùi năm 2027',
  '',
  'I. PHÂN CÔNG NHIỆM VỤ',
  '',
  'STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành',
  '1\tRà soát hộ nghèo, hộ cận nghèo cần hỗ trợ\tPhòng Lao động - Thương binh và Xã hội\tỦy ban nhân dân các xã, thị trấn\tTrước ngày 15/12/2026',
  '2\tTổ chức thăm, tặng quà gia đình chính sách\tPhòng Lao động - Thương binh và Xã hội\tHội Cựu chiến binh huyện\tTrước Tết Nguyên đán',
  '',
  'II. TỔ CHỨC THỰC HIỆN',
  '',
  '1. Phòng Văn hóa và Thông tin tổ chức trang trí, tuyên truyền mừng Đảng, mừng Xuân trước ngày 10/01/2027; Đài Truyền thanh huyện mở chuyên mục "Xuân An Thi" trên sóng phát thanh trước ngày 15/01/2027.',
  '',
  '2. Trung tâm Y tế huyện kiểm tra an toàn thực phẩm tại các chợ trước ngày 20/01/2027; báo cáo kết quả về UBND huyện trước ngày 25/01/2027.',
  '',
  '3. Trưởng Công an huyện chỉ đạo bảo đảm an ninh trật tự trong dịp Tết, hoàn thành trước ngày 28/02/2027.',
  '',
  'Nơi nhận:                                KT. CHỦ TỊCH',
  '- Như trên;                                PHÓ CHỦ TỊCH',
  '- Lưu: VT.',
  '                                          Phạm Văn Huế',
].join('\n');

describe('the draft of a plan: table rows, two bodies in one part, milestones, a head by title', () => {
  let t: TestApp;
  let clerk: WebSession;
  let directiveId: string;

  beforeAll(async () => {
    t = await startTestApp({ env: { LOGIN_RATE_LIMIT: '1000' } });
    t.app.get(Clock).set(new Date('2026-11-23T03:00:00Z'));
    clerk = await signInToPages(t, 'clerk');
  }, LONG);
  afterAll(() => t?.close(), LONG);

  it(
    'shows every part the letter gives, with its dated steps and the head it addresses',
    async () => {
      const reply = await clerk.post('/van-ban/nhap', { text: PLAN }, '/van-ban/nhap');
      expect(reply.status).toBe(303);
      directiveId = UUID.exec(String(reply.headers.location))![1];

      const parts = await query<{
        label: string;
        assignee: string;
        assignee_title: string | null;
        deadline: string | null;
        milestones: Array<{ deadline: string; kind: string }>;
      }>(
        t.database,
        `SELECT label, assignee, assignee_title, deadline, milestones
           FROM assignments WHERE directive_id = $1 ORDER BY ordinal`,
        [directiveId],
      );
      expect(parts.map((p) => [p.label, p.assignee, p.deadline])).toEqual([
        ['I.1', 'Phòng Lao động - Thương binh và Xã hội', '2026-12-15'],
        ['I.2', 'Phòng Lao động - Thương binh và Xã hội', '2027-02-04'],
        ['II.1', 'Phòng Văn hóa và Thông tin', '2027-01-10'],
        ['II.1', 'Đài Truyền thanh huyện', '2027-01-15'],
        ['II.2', 'Trung tâm Y tế huyện', '2027-01-25'],
        ['II.3', 'Công an huyện', '2027-02-28'],
      ]);
      expect(parts[4].milestones).toEqual([
        expect.objectContaining({ deadline: '2027-01-20', kind: 'work' }),
        expect.objectContaining({ deadline: '2027-01-25', kind: 'report' }),
      ]);
      expect(parts[5].assignee_title).toBe('Trưởng');

      const draft = await clerk.get(`/van-ban/${directiveId}`);
      expect(draft.status).toBe(200);
      expect(draft.body.match(/class="part part-/g)).toHaveLength(6);
      expect(draft.body).toContain('Phần I.2: <span class="part-assignee">');
      expect(draft.body).toContain('Các mốc thời hạn');
      expect(draft.body).toContain(
        '<span class="milestone-kind">Báo cáo</span>: Báo cáo kết quả về UBND huyện — <time datetime="2027-01-25">25/01/2027</time>',
      );
      expect(draft.body).toContain(
        'Văn bản gửi Trưởng Công an huyện; việc giao cho cơ quan, đơn vị',
      );
      // "Trước Tết Nguyên đán" is read as a date, and the clerk is told so, in Vietnamese.
      expect(draft.body).toContain('ngày làm việc cuối cùng trước kỳ nghỉ Tết');
      expect(draft.body).not.toContain('lang="en"');
    },
    LONG,
  );

  it(
    "gives each task the part's milestones, through the API and on the task page",
    async () => {
      const token = await t.login('clerk');
      const published = await t.request('POST', `/api/directives/${directiveId}/publish`, {
        token,
        body: { defaultDeadline: { workingDays: 5 } },
      });
      expect(published.status).toBe(200);
      const [task] = await query<{ id: string }>(
        t.database,
        `SELECT t.id FROM tasks t JOIN units u ON u.id = t.unit_id
          WHERE t.directive_id = $1 AND u.code = 'trung-tam-y-te'`,
        [directiveId],
      );
      const officer = await t.login('trung-tam-y-te.officer');
      const detail = await t.request('GET', `/api/tasks/${task.id}`, { token: officer });
      expect(detail.status).toBe(200);
      expect(detail.body.deadline).toBe('2027-01-25');
      expect(detail.body.assignment.milestones.map((m: { kind: string }) => m.kind)).toEqual([
        'work',
        'report',
      ]);

      const page = await (await signInToPages(t, 'trung-tam-y-te.officer')).get(`/viec/${task.id}`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<time datetime="2027-01-20">20/01/2027</time>');
      expect(page.body).toContain('<span class="milestone-kind">Thực hiện</span>');
    },
    LONG,
  );
});
