import mammoth from 'mammoth';
import { Clock } from '../src/core/clock.js';
import { publishLetter } from './support/directives.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

describe('Documents (report and urging letter)', () => {
  let t: TestApp;
  let directiveId: string;
  let chair: string;

  const download = async (name: string, token = chair) => {
    const reply = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'GET',
        url: `/api/directives/${directiveId}/${name}`,
        headers: { authorization: `Bearer ${token}` },
      });
    return reply;
  };

  beforeAll(async () => {
    t = await startTestApp();
    directiveId = await publishLetter(t);
    chair = await t.login('chair');
    // Four days after the deadline (Friday 4/12/2026), nothing done.
    t.app.get(Clock).set(new Date('2026-12-08T03:00:00Z'));
  });

  afterAll(async () => {
    await t?.close();
  });

  it('should render the report as a Word document with an ASCII file name', async () => {
    const reply = await download('report.docx');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-type']).toContain(DOCX);
    expect(reply.headers['content-disposition']).toBe(
      'attachment; filename="bao-cao-451-UBND-VHTT.docx"',
    );
    const text = (await mammoth.extractRawText({ buffer: reply.rawPayload })).value;
    expect(text).toContain('ỦY BAN NHÂN DÂN HUYỆN AN THI');
    expect(text).toContain('Số:      /BC-UBND');
    expect(text).toContain('An Thi, ngày 08 tháng 12 năm 2026');
    expect(text).toContain('Kết quả thực hiện Công văn số 451/UBND-VHTT');
    expect(text).toContain('Ủy ban nhân dân xã Hồng Quang');
    expect(text).toMatch(/Hoàn thành đúng hạn: 0;/);
  });

  it('should address the urging letter to the late units', async () => {
    const reply = await download('urging-letter.docx');
    expect(reply.statusCode).toBe(200);
    expect(reply.headers['content-disposition']).toBe(
      'attachment; filename="don-doc-451-UBND-VHTT.docx"',
    );
    const text = (await mammoth.extractRawText({ buffer: reply.rawPayload })).value;
    expect(text).toContain('V/v đôn đốc thực hiện Công văn số 451/UBND-VHTT');
    expect(text).toContain('Kính gửi:');
    expect(text).toContain('Ủy ban nhân dân xã Hồng Quang');
    expect(text).toContain('đã quá hạn 4 ngày');
    // Three working days after Tuesday 8/12/2026.
    expect(text).toContain('trước ngày 11/12/2026');
  });

  it('should refuse the unit roles and unknown directives', async () => {
    const officer = await t.login('xa-hong-quang.officer');
    const reply = await t.request('GET', `/api/directives/${directiveId}/report.docx`, {
      token: officer,
    });
    expectError(reply, 403);
    expectError(
      await t.request('GET', '/api/directives/00000000-0000-4000-8000-000000000000/report.docx', {
        token: chair,
      }),
      404,
    );
  });
});
