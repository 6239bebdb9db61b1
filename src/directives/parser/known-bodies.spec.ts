import { completeKnownNames } from './known-bodies.js';
import type { ParsedAssignment } from './parsed-directive.js';

const part = (assignee: string, text: string): ParsedAssignment => ({
  ordinal: 1,
  label: '1',
  assignee,
  role: 'lead',
  requested: false,
  coordinators: [],
  text,
  deadline: null,
  recurrence: null,
});

describe('completeKnownNames', () => {
  it("completes a name cut at a verb-like word from the directory's longer name", () => {
    const parts = [
      part(
        'Ban Quản lý dự án đầu tư xây dựng các công trình',
        'Giao thông tỉnh thi công đúng tiến độ.',
      ),
    ];
    completeKnownNames(parts, [
      'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh',
      'Ban Quản lý dự án',
    ]);
    expect(parts[0].assignee).toBe(
      'Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh',
    );
    expect(parts[0].text).toBe('Thi công đúng tiến độ.');
  });

  it("keeps a capital the directory's name has, and compares without tone marks", () => {
    const parts = [part('Trung tâm', 'Phục Vu Hanh Chinh Cong tỉnh tiếp nhận hồ sơ.')];
    completeKnownNames(parts, ['Trung tâm Phục vụ hành chính công']);
    expect(parts[0].assignee).toBe('Trung tâm Phục Vu Hanh Chinh Cong');
    expect(parts[0].text).toBe('Tỉnh tiếp nhận hồ sơ.');
  });

  it('leaves a part alone when its text does not go on with the known name', () => {
    const parts = [part('Sở Y tế', 'Chỉ đạo các cơ sở y tế tiêm chủng.')];
    completeKnownNames(parts, ['Sở Y tế tỉnh']);
    expect(parts[0]).toMatchObject({
      assignee: 'Sở Y tế',
      text: 'Chỉ đạo các cơ sở y tế tiêm chủng.',
    });
  });
});
