import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// The built CLI, as `npm run --silent cli -- parse …` runs it (npm test builds first).
const ROOT = resolve(import.meta.dirname, '..');
const SAMPLES = resolve(ROOT, '../shared/directives');

function cli(args: string[], input?: string | Buffer) {
  const result = spawnSync(process.execPath, [resolve(ROOT, 'dist/src/cli.js'), ...args], {
    input,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('cli parse', () => {
  it('should print the seed letter as JSON', () => {
    const result = cli(['parse', resolve(SAMPLES, '451-UBND-VHTT-bluezone.txt')]);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe('');
    const parsed = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({
      number: '451/UBND-VHTT',
      issuedOn: '2020-08-22',
      signer: { name: 'Phạm Văn Huế' },
    });
    expect(parsed.references).toHaveLength(3);
    expect(parsed.targets[0]).toMatchObject({
      baseline: { value: 15277, of: 134494, percent: 11.3 },
      target: { percent: 60, comparator: 'min' },
    });
    expect(parsed.assignments.map((a: { assignee: string }) => a.assignee)).toEqual([
      'Ủy ban nhân dân các xã, thị trấn',
      'Phòng Văn hoá và Thông tin huyện',
      'Phòng Giáo dục và Đào tạo huyện',
      'Đài Truyền thanh huyện',
      'Các phòng, ngành, cơ quan, đơn vị huyện',
      'Ủy ban Mặt trận Tổ quốc Việt Nam, các hội đoàn thể huyện',
    ]);
    expect(parsed.assignments[5].requested).toBe(true);
  });

  it('should read stdin with "-"', () => {
    const result = cli(
      ['parse', '-'],
      readFileSync(resolve(SAMPLES, '318-UBND-YT-sot-xuat-huyet.txt')),
    );
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).number).toBe('318/UBND-YT');
  });

  it.each([
    [
      'binary junk',
      ['parse', '-'],
      Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 131) % 256)),
    ],
    ['an empty input', ['parse', '-'], ''],
    ['prose that is not a directive', ['parse', '-'], 'Hôm nay trời đẹp.\nChúng tôi đi chơi.'],
    ['a missing file', ['parse', '/no/such/letter.txt'], undefined],
    ['no file argument', ['parse'], undefined],
  ])('should exit 2 with one line on stderr for %s', (_, args, input) => {
    const result = cli(args, input);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
