import { DEMO_UNITS } from '../src/demo/demo-directory.js';
import { query } from './support/test-database.js';
import { expectError } from './support/expect-error.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('unit directory', () => {
  let t: TestApp;
  let admin: string;
  let officer: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    officer = await t.login('xa-hong-quang.officer');
  });
  afterAll(async () => {
    await t?.close();
  });

  it("should list the district's 21 communes totalling the letter's 134,494 residents", async () => {
    const reply = await t.request('GET', '/api/units?kind=commune&limit=200', { token: officer });
    expect(reply.status).toBe(200);
    expect(reply.body.total).toBe(21);
    expect(reply.body.items).toHaveLength(21);
    expect(reply.body.population).toBe(134_494);
    const sum = reply.body.items.reduce(
      (total: number, unit: { population: number }) => total + unit.population,
      0,
    );
    expect(sum).toBe(134_494);
    expect(reply.body.items.map((unit: { code: string }) => unit.code)).toEqual(
      expect.arrayContaining(['tt-an-thi', 'xa-hong-quang']),
    );
  });

  it('should list every demo body, each with an ASCII slug code', async () => {
    const reply = await t.request('GET', '/api/units?limit=200', { token: officer });
    expect(reply.body.total).toBe(DEMO_UNITS.length);
    // Hưng Yên: the committee, 8 departments, 6 other provincial bodies, 9 other districts; An
    // Thi's 44 as in the one-district demo.
    expect(DEMO_UNITS).toHaveLength(68);
    for (const unit of reply.body.items as Array<{ code: string }>) {
      expect(unit.code).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
    const codes = reply.body.items.map((unit: { code: string }) => unit.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'ubnd-huyen',
        'phong-vhtt',
        'dai-truyen-thanh',
        'mttq-huyen',
        'huyen-doan',
        'tinh',
        'so-y-te',
        'huyen-kim-dong',
        'tp-hung-yen',
      ]),
    );
  });

  it('should page lists with a total and refuse a page larger than 200', async () => {
    const page = await t.request('GET', '/api/units?limit=10&offset=60', { token: officer });
    expect(page.body).toMatchObject({ total: 68, limit: 10, offset: 60 });
    expect(page.body.items).toHaveLength(8);
    expectError(
      await t.request('GET', '/api/units?limit=500', { token: officer }),
      400,
      'validation_failed',
    );
    expectError(await t.request('GET', '/api/units?offset=-1', { token: officer }), 400);
  });

  it('should search names without regard to accents or case', async () => {
    const reply = await t.request('GET', `/api/units?q=${encodeURIComponent('VĂN HOÁ')}`, {
      token: officer,
    });
    // An Thi's office and the province's department.
    expect(reply.body.items.map((unit: { code: string }) => unit.code).sort()).toEqual([
      'phong-vhtt',
      'so-vhttdl',
    ]);
    const none = await t.request('GET', '/api/units?q=100%25', { token: officer });
    expect(none.body.total).toBe(0);
  });

  it('should let an admin create, rename and delete a unit, and nobody else', async () => {
    const body = {
      code: 'trung-tam-vh-tt',
      name: 'Trung tâm Văn hóa - Thể thao huyện',
      kind: 'public_service',
    };
    expectError(await t.request('POST', '/api/units', { token: officer, body }), 403);

    const created = await t.request('POST', '/api/units', { token: admin, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, aliases: [], active: true, population: null });

    const renamed = await t.request('PATCH', `/api/units/${created.body.id}`, {
      token: admin,
      body: { shortName: 'TTVH-TT', aliases: ['Trung tâm VHTT huyện'] },
    });
    expect(renamed.body).toMatchObject({ shortName: 'TTVH-TT', aliases: ['Trung tâm VHTT huyện'] });

    expectError(
      await t.request('DELETE', `/api/units/${created.body.id}`, { token: officer }),
      403,
    );
    expect(
      (await t.request('DELETE', `/api/units/${created.body.id}`, { token: admin })).status,
    ).toBe(204);
    expectError(
      await t.request('GET', `/api/units/${created.body.id}`, { token: admin }),
      404,
      'unit_not_found',
    );
  });

  it('should refuse a duplicate code with 409 and change nothing', async () => {
    const reply = await t.request('POST', '/api/units', {
      token: admin,
      body: { code: 'phong-vhtt', name: 'Another', kind: 'office' },
    });
    expectError(reply, 409, 'unit_code_taken');
    const rows = await query(t.database, `SELECT name FROM units WHERE code = 'phong-vhtt'`);
    expect(rows).toEqual([{ name: 'Phòng Văn hóa và Thông tin' }]);
  });

  it('should validate a unit: kind, code shape, population and unknown fields', async () => {
    const bad = await t.request('POST', '/api/units', {
      token: admin,
      body: { code: 'Xã Mới', name: '', kind: 'village', population: -5, colour: 'red' },
    });
    expectError(bad, 400, 'validation_failed');
    for (const field of ['code', 'name', 'kind', 'population', 'colour']) {
      expect(bad.body.message).toContain(field);
    }
  });

  it('should refuse an unknown parent, and a parent that would make a cycle', async () => {
    const unknownParent = await t.request('POST', '/api/units', {
      token: admin,
      body: {
        code: 'to-x',
        name: 'Tổ X',
        kind: 'other',
        parentId: '00000000-0000-4000-8000-000000000001',
      },
    });
    expectError(unknownParent, 400, 'unknown_units');

    const units = await t.request('GET', '/api/units?limit=200', { token: admin });
    const byCode = new Map<string, string>(
      units.body.items.map((unit: { code: string; id: string }) => [unit.code, unit.id]),
    );
    const cycle = await t.request('PATCH', `/api/units/${byCode.get('ubnd-huyen')}`, {
      token: admin,
      body: { parentId: byCode.get('phong-vhtt') },
    });
    expectError(cycle, 400, 'unit_parent_cycle');
  });

  it('should refuse to delete a unit that still has users, with 409', async () => {
    const units = await t.request('GET', '/api/units?q=hong quang', { token: admin });
    const reply = await t.request('DELETE', `/api/units/${units.body.items[0].id}`, {
      token: admin,
    });
    expectError(reply, 409, 'unit_in_use');
  });

  describe('groups', () => {
    it('should list the demo groups with their members', async () => {
      const reply = await t.request('GET', '/api/unit-groups', { token: officer });
      expect(reply.status).toBe(200);
      const communes = reply.body.items.find(
        (group: { code: string }) => group.code === 'cac-xa-thi-tran',
      );
      expect(communes.memberIds).toHaveLength(21);

      const one = await t.request('GET', `/api/unit-groups/${communes.id}`, { token: officer });
      expect(one.body.members).toHaveLength(21);
      expect(one.body.members.every((unit: { kind: string }) => unit.kind === 'commune')).toBe(
        true,
      );
    });

    it('should let an admin create a group, change its members and delete it', async () => {
      const units = await t.request('GET', '/api/units?kind=police_military', { token: admin });
      const ids = units.body.items.map((unit: { id: string }) => unit.id);
      const body = { code: 'luc-luong-vu-trang', name: 'Lực lượng vũ trang huyện', memberIds: ids };
      expectError(await t.request('POST', '/api/unit-groups', { token: officer, body }), 403);

      const created = await t.request('POST', '/api/unit-groups', { token: admin, body });
      expect(created.status).toBe(201);
      expect(created.body.memberIds.sort()).toEqual([...ids].sort());

      const shrunk = await t.request('PATCH', `/api/unit-groups/${created.body.id}`, {
        token: admin,
        body: { memberIds: [ids[0]] },
      });
      expect(shrunk.body.memberIds).toEqual([ids[0]]);

      const badMember = await t.request('PATCH', `/api/unit-groups/${created.body.id}`, {
        token: admin,
        body: { memberIds: ['00000000-0000-4000-8000-000000000002'] },
      });
      expectError(badMember, 400, 'unknown_units');
      const still = await t.request('GET', `/api/unit-groups/${created.body.id}`, { token: admin });
      expect(still.body.memberIds).toEqual([ids[0]]);

      expect(
        (await t.request('DELETE', `/api/unit-groups/${created.body.id}`, { token: admin })).status,
      ).toBe(204);
      expectError(
        await t.request('GET', `/api/unit-groups/${created.body.id}`, { token: admin }),
        404,
      );
    });
  });

  describe('resolver', () => {
    const resolve = (name: string, token: string) =>
      t.request('GET', `/api/units/resolve?name=${encodeURIComponent(name)}`, { token });

    it('should map each of the six bodies of the seed letter to units', async () => {
      const clerk = await t.login('clerk');
      const expected: Array<[string, number, string[]]> = [
        ['Ủy ban nhân dân các xã, thị trấn', 21, ['xa-hong-quang', 'tt-an-thi']],
        ['Phòng Văn hoá và Thông tin huyện', 1, ['phong-vhtt']],
        ['Phòng Giáo dục và Đào tạo huyện', 1, ['phong-gddt']],
        ['Đài Truyền thanh huyện', 1, ['dai-truyen-thanh']],
        ['Các phòng, ngành, cơ quan, đơn vị huyện', 16, ['phong-yte', 'cong-an-huyen']],
        [
          'Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam, các hội đoàn thể huyện',
          6,
          ['mttq-huyen', 'huyen-doan'],
        ],
      ];
      for (const [name, count, some] of expected) {
        const reply = await resolve(name, clerk);
        expect(reply.status).toBe(200);
        expect(reply.body.status).toBe('matched');
        expect(reply.body.units).toHaveLength(count);
        expect(reply.body.units.map((unit: { code: string }) => unit.code)).toEqual(
          expect.arrayContaining(some),
        );
      }
    });

    it('should report a body it does not know as unmatched', async () => {
      const reply = await resolve('Ngân hàng Nhà nước chi nhánh tỉnh Thái Bình', admin);
      expect(reply.body).toMatchObject({ status: 'unmatched', units: [], confidence: 0 });
    });

    it('should follow the directory: a new alias resolves at once', async () => {
      const before = await resolve('Nhà văn hóa huyện', admin);
      expect(before.body.status).toBe('unmatched');
      const units = await t.request('GET', '/api/units?q=phong-vhtt', { token: admin });
      await t.request('PATCH', `/api/units/${units.body.items[0].id}`, {
        token: admin,
        body: { aliases: ['Phòng VH&TT', 'Nhà văn hóa huyện'] },
      });
      const after = await resolve('Nhà văn hóa huyện', admin);
      expect(after.body.units.map((unit: { code: string }) => unit.code)).toEqual(['phong-vhtt']);
    });

    it('should not let a unit officer use the resolver', async () => {
      expectError(await resolve('Đài Truyền thanh huyện', officer), 403);
    });
  });
});
