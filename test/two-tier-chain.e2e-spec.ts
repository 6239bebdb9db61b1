import { overseenSql } from '../src/core/access/body-scope.js';
import { Clock } from '../src/core/clock.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { query } from './support/test-database.js';
import { buildTwoTierProvince, type TwoTierProvince } from './support/two-tier-province.js';

/**
 * The chain in a province after 1 July 2025 (issue 16, part 5): no districts. The province
 * writes to its department and its communes and wards directly; xã Ân Thi carries its task
 * down by a letter of its own to its offices, which links itself by the number it cites; the
 * province oversees that letter, a sibling commune sees nothing of it.
 */
const PROVINCE_LETTER = `ỦY BAN NHÂN DÂN
TỈNH HƯNG YÊN
Số: 1520/UBND-KGVX
V/v tuyên truyền cài đặt, sử dụng ứng dụng VNeID

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Hưng Yên, ngày 20 tháng 11 năm 2026

Kính gửi:
- Sở Y tế;
- Ủy ban nhân dân các xã, phường.

Để đẩy mạnh chuyển đổi số, Chủ tịch UBND tỉnh yêu cầu:

1. Sở Y tế hướng dẫn các cơ sở khám bệnh, chữa bệnh sử dụng ứng dụng VNeID, báo cáo kết quả trước ngày 10/12/2026.

2. Ủy ban nhân dân các xã, phường tổ chức tuyên truyền "Đi từng ngõ, gõ từng nhà" để người dân cài đặt ứng dụng VNeID, báo cáo kết quả trước ngày 15/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT, KGVX.

KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Nguyễn Văn A
`;

const COMMUNE_LETTER = `ỦY BAN NHÂN DÂN
XÃ ÂN THI
Số: 37/UBND-VP
V/v triển khai tuyên truyền cài đặt ứng dụng VNeID

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Ân Thi, ngày 24 tháng 11 năm 2026

Kính gửi: Phòng Văn hóa - Xã hội xã Ân Thi; Công an xã Ân Thi.

Thực hiện Công văn số 1520/UBND-KGVX ngày 20/11/2026 của Ủy ban nhân dân tỉnh Hưng Yên về việc tuyên truyền cài đặt, sử dụng ứng dụng VNeID, Ủy ban nhân dân xã yêu cầu:

1. Phòng Văn hóa - Xã hội xã Ân Thi tổ chức tuyên truyền đến từng thôn, báo cáo kết quả trước ngày 11/12/2026.

2. Công an xã Ân Thi hỗ trợ người dân cài đặt ứng dụng VNeID tại nhà, báo cáo kết quả trước ngày 11/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Trần Văn B
`;

describe('the chain in a two-tier province (after 1 July 2025)', () => {
  let t: TestApp;
  let province: TwoTierProvince;
  let provinceLetter: string;
  let communeLetter: string;

  const unitsOf = async (directiveId: string) =>
    (
      await query<{ code: string }>(
        t.database,
        `SELECT DISTINCT u.code FROM tasks k JOIN units u ON u.id = k.unit_id
          WHERE k.directive_id = $1 ORDER BY u.code`,
        [directiveId],
      )
    ).map((row) => row.code);

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
    t.app.get(Clock).set(new Date('2026-11-20T03:00:00Z'));
    province = await buildTwoTierProvince(t);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('should publish the province’s letter to its department and every commune and ward', async () => {
    const clerk = await t.login('tinh.clerk');
    const draft = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text: PROVINCE_LETTER },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.issuingUnit.code).toBe('tinh');
    expect(draft.body.implementsTaskId).toBeNull();
    const published = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
      token: clerk,
      body: {},
    });
    expect(published.status).toBe(200);
    provinceLetter = draft.body.id;
    expect(await unitsOf(provinceLetter)).toEqual(['so-y-te', ...province.communes].sort());
  });

  it('should let a commune carry its task down to its own offices, linked by the cited number', async () => {
    t.app.get(Clock).set(new Date('2026-11-24T03:00:00Z'));
    const clerk = await t.login('xa-an-thi.clerk');
    const draft = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text: COMMUNE_LETTER },
    });
    expect(draft.status).toBe(201);
    expect(draft.body.issuingUnit.code).toBe('xa-an-thi');
    const [task] = await query<{ id: string }>(
      t.database,
      'SELECT id FROM tasks WHERE directive_id = $1 AND unit_id = $2',
      [provinceLetter, province.ids.get('xa-an-thi')],
    );
    expect(draft.body.implementsTaskId).toBe(task.id);
    expect(draft.body.warnings.join('\n')).toMatch(/1520\/UBND-KGVX.*linked automatically/);
    const published = await t.request('POST', `/api/directives/${draft.body.id}/publish`, {
      token: clerk,
      body: {},
    });
    expect(published.status).toBe(200);
    communeLetter = draft.body.id;
    expect(await unitsOf(communeLetter)).toEqual(['xa-an-thi-cong-an', 'xa-an-thi-vhxh']);
  });

  it('should let the province oversee the commune’s letter but not act on it', async () => {
    const chair = await t.login('tinh.chair');
    const seen = await t.request('GET', `/api/directives/${communeLetter}`, { token: chair });
    expect(seen.status).toBe(200);
    const tasks = await t.request('GET', `/api/directives/${communeLetter}/tasks`, {
      token: chair,
    });
    expect(tasks.body.total).toBe(2);
    expectError(
      await t.request('PATCH', `/api/directives/${communeLetter}`, {
        token: await t.login('tinh.clerk'),
        body: { subject: 'Sửa hộ xã' },
      }),
      403,
      'not_issuing_body',
    );
  });

  it('should show a sibling commune nothing of it, and only its own task from the province', async () => {
    const sibling = await t.login('xa-xuan-truc.chair');
    expectError(
      await t.request('GET', `/api/directives/${communeLetter}`, { token: sibling }),
      404,
      'directive_not_found',
    );
    const list = await t.request('GET', '/api/directives?limit=100', { token: sibling });
    expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([provinceLetter]);
    const own = await t.request('GET', '/api/me/tasks?limit=100', { token: sibling });
    expect(own.body.items).toHaveLength(1);
    expect(own.body.items[0].directiveId).toBe(provinceLetter);
    const provinceTasks = await t.request('GET', `/api/directives/${provinceLetter}/tasks`, {
      token: sibling,
    });
    // A receiving body sees its own task of the province's letter, never its siblings'.
    expect(provinceTasks.status).toBe(200);
    expect(
      provinceTasks.body.items.map((item: { unit: { code: string } }) => item.unit.code),
    ).toEqual(['xa-xuan-truc']);
    // Nor do the commune's offices see a sibling commune's letters.
    expectError(
      await t.request('GET', `/api/directives/${communeLetter}`, {
        token: await t.login('xa-xuan-truc-vhxh.officer'),
      }),
      404,
      'directive_not_found',
    );
  });

  it('should answer the same with either walk of the one rule, for every body and directive', async () => {
    // overseenSql walks down once for a list and up from the row for one directive
    // (body-scope.ts, ChainWalk): the two must never disagree.
    const pairs = await query<{ body: string; directive: string; list: boolean; row: boolean }>(
      t.database,
      `SELECT b.code AS body, d.id AS directive,
              ${overseenSql('d', 'b.id', 'list')} AS list, ${overseenSql('d', 'b.id', 'row')} AS row
         FROM units b CROSS JOIN directives d
        WHERE b.kind IN ('province_committee', 'department', 'commune', 'ward')`,
    );
    expect(pairs.length).toBeGreaterThan(10);
    expect(pairs.filter((pair) => pair.list !== pair.row)).toEqual([]);
    const overseers = pairs
      .filter((pair) => pair.directive === communeLetter && pair.row)
      .map((pair) => pair.body)
      .sort();
    expect(overseers).toEqual(['tinh', 'xa-an-thi']);
  });

  it('should read a commune letter’s "Công an xã" and "các phòng, ban" as that commune’s own', async () => {
    const clerk = await t.login('xa-xuan-truc.clerk');
    const draft = await t.request('POST', '/api/directives/import', {
      token: clerk,
      body: { text: SIBLING_LETTER },
    });
    expect(draft.status).toBe(201);
    const byPart = Object.fromEntries(
      draft.body.assignments.map((a: { assignee: string; unitIds: string[] }) => [
        a.assignee,
        a.unitIds.map((id) => [...province.ids].find(([, v]) => v === id)?.[0]).sort(),
      ]),
    );
    expect(byPart).toEqual({
      'Công an xã': ['xa-xuan-truc-cong-an'],
      'Các phòng, ban chuyên môn': ['xa-xuan-truc-vhxh'],
    });
  });
});

const SIBLING_LETTER = `ỦY BAN NHÂN DÂN
XÃ XUÂN TRÚC
Số: 12/UBND-VP
V/v bảo đảm an ninh trật tự dịp cuối năm

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Xuân Trúc, ngày 25 tháng 11 năm 2026

Kính gửi: Công an xã; các phòng, ban chuyên môn.

Để bảo đảm an ninh trật tự dịp cuối năm, Chủ tịch UBND xã yêu cầu:

1. Công an xã tăng cường tuần tra, kiểm soát trên địa bàn, báo cáo kết quả trước ngày 31/12/2026.

2. Các phòng, ban chuyên môn rà soát, tuyên truyền đến từng thôn, báo cáo kết quả trước ngày 20/12/2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

CHỦ TỊCH
Trần Văn B
`;
