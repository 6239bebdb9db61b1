import type { UnitKind } from '../units/unit-kind.js';

/**
 * The seed letter's own chain (issue 16): Hưng Yên province as it stood in 2020 — its committee,
 * a handful of its departments (Sở) and provincial bodies that Công văn 2136/UBND-KGVX addresses,
 * and its ten district-level units — with the district of the seed letter (Công văn
 * 451/UBND-VHTT, An Thi) in full: its committee, offices, services, organisations and 21
 * communes, whose populations add up to the letter's 134,494 residents. Plain data, used by
 * `seed:demo` and by tests.
 */
export interface DemoUnit {
  code: string;
  name: string;
  shortName?: string;
  kind: UnitKind;
  /** Code of the parent unit. */
  parent?: string;
  population?: number;
  aliases?: string[];
}

export interface DemoGroup {
  code: string;
  name: string;
  aliases: string[];
  description: string;
  /**
   * Member unit codes, or the kinds whose units all belong: An Thi's units of those kinds, or
   * the whole province's with `province` (a district's groups never reach provincial bodies).
   */
  members: { kinds?: UnitKind[]; codes?: string[]; province?: boolean };
}

/** An Thi keeps the code it had when the demo was one district, so saved links and tests hold. */
export const DISTRICT_CODE = 'ubnd-huyen';
export const PROVINCE_CODE = 'tinh';

const provincial = (
  code: string,
  name: string,
  shortName: string,
  kind: UnitKind,
  aliases: string[] = [],
): DemoUnit => ({ code, name, shortName, kind, parent: PROVINCE_CODE, aliases });

const district = (code: string, level: 'huyện' | 'thị xã' | 'thành phố', place: string) => ({
  code,
  name: `Ủy ban nhân dân ${level} ${place}`,
  shortName: `UBND ${level} ${place}`,
  kind: 'district_committee' as const,
  parent: PROVINCE_CODE,
  aliases: [`UBND ${level} ${place}`],
});

/** The province, its departments and bodies, and its nine other district-level units of 2020. */
const PROVINCE_UNITS: DemoUnit[] = [
  {
    code: PROVINCE_CODE,
    name: 'Ủy ban nhân dân tỉnh Hưng Yên',
    shortName: 'UBND tỉnh',
    kind: 'province_committee',
    aliases: ['UBND tỉnh Hưng Yên', 'Ủy ban nhân dân tỉnh', 'UBND tỉnh'],
  },
  provincial('so-tttt', 'Sở Thông tin và Truyền thông', 'Sở TT&TT', 'department', [
    'Sở Thông tin và Truyền thông tỉnh Hưng Yên',
    'Sở TTTT',
  ]),
  provincial('so-y-te', 'Sở Y tế', 'Sở Y tế', 'department', ['Sở Y tế tỉnh Hưng Yên']),
  provincial('so-gddt', 'Sở Giáo dục và Đào tạo', 'Sở GD&ĐT', 'department', ['Sở GDĐT']),
  provincial('so-vhttdl', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở VHTT&DL', 'department', [
    'Sở VHTTDL',
  ]),
  provincial('so-noi-vu', 'Sở Nội vụ', 'Sở Nội vụ', 'department'),
  provincial('so-tai-chinh', 'Sở Tài chính', 'Sở Tài chính', 'department'),
  provincial('so-ke-hoach-dau-tu', 'Sở Kế hoạch và Đầu tư', 'Sở KH&ĐT', 'department', ['Sở KHĐT']),
  provincial('so-nnptnt', 'Sở Nông nghiệp và Phát triển nông thôn', 'Sở NN&PTNT', 'department', [
    'Sở NNPTNT',
  ]),
  provincial('cong-an-tinh', 'Công an tỉnh Hưng Yên', 'Công an tỉnh', 'police_military', [
    'Công an tỉnh',
  ]),
  provincial(
    'dai-pt-th-tinh',
    'Đài Phát thanh và Truyền hình tỉnh',
    'Đài PT&TH tỉnh',
    'public_service',
    ['Đài Phát thanh và Truyền hình Hưng Yên'],
  ),
  provincial('bao-hung-yen', 'Báo Hưng Yên', 'Báo Hưng Yên', 'public_service'),
  provincial(
    'mttq-tinh',
    'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh',
    'Ủy ban MTTQ tỉnh',
    'mass_organisation',
    ['Ủy ban MTTQVN tỉnh', 'Ủy ban MTTQ tỉnh'],
  ),
  provincial('hoi-lhpn-tinh', 'Hội Liên hiệp Phụ nữ tỉnh', 'Hội LHPN tỉnh', 'mass_organisation'),
  provincial('tinh-doan', 'Tỉnh đoàn Hưng Yên', 'Tỉnh đoàn', 'mass_organisation', ['Tỉnh đoàn']),
  district('tp-hung-yen', 'thành phố', 'Hưng Yên'),
  district('tx-my-hao', 'thị xã', 'Mỹ Hào'),
  district('huyen-van-lam', 'huyện', 'Văn Lâm'),
  district('huyen-van-giang', 'huyện', 'Văn Giang'),
  district('huyen-yen-my', 'huyện', 'Yên Mỹ'),
  district('huyen-khoai-chau', 'huyện', 'Khoái Châu'),
  district('huyen-kim-dong', 'huyện', 'Kim Động'),
  district('huyen-tien-lu', 'huyện', 'Tiên Lữ'),
  district('huyen-phu-cu', 'huyện', 'Phù Cừ'),
];

/** An Thi and everything under it, as the demo was before the province. */

const office = (
  code: string,
  name: string,
  shortName: string,
  aliases: string[] = [],
): DemoUnit => ({
  code,
  name,
  shortName,
  kind: 'office',
  parent: DISTRICT_CODE,
  aliases,
});

const commune = (code: string, name: string, population: number): DemoUnit => {
  const bare = name.replace(/^(Xã|Thị trấn) /, '');
  const level = name.startsWith('Thị trấn') ? 'thị trấn' : 'xã';
  return {
    code,
    name: `Ủy ban nhân dân ${level} ${bare}`,
    shortName: name,
    kind: 'commune',
    parent: DISTRICT_CODE,
    population,
    aliases: [`UBND ${level} ${bare}`, bare],
  };
};

export const DISTRICT_UNITS: DemoUnit[] = [
  {
    code: DISTRICT_CODE,
    name: 'Ủy ban nhân dân huyện An Thi',
    shortName: 'UBND huyện',
    kind: 'district_committee',
    parent: PROVINCE_CODE,
    aliases: ['UBND huyện An Thi', 'Ủy ban nhân dân huyện'],
  },
  office('van-phong-hdnd-ubnd', 'Văn phòng HĐND và UBND', 'VP HĐND-UBND', [
    'Văn phòng Hội đồng nhân dân và Ủy ban nhân dân',
    'Văn phòng HĐND - UBND',
  ]),
  office('phong-vhtt', 'Phòng Văn hóa và Thông tin', 'Phòng VH&TT', ['Phòng VHTT', 'VHTT']),
  office('phong-gddt', 'Phòng Giáo dục và Đào tạo', 'Phòng GD&ĐT', ['Phòng GDĐT']),
  office('phong-yte', 'Phòng Y tế', 'Phòng Y tế'),
  office('phong-nnptnt', 'Phòng Nông nghiệp và Phát triển nông thôn', 'Phòng NN&PTNT'),
  office('phong-tckh', 'Phòng Tài chính - Kế hoạch', 'Phòng TC-KH'),
  office('phong-tnmt', 'Phòng Tài nguyên và Môi trường', 'Phòng TN&MT'),
  office('phong-noi-vu', 'Phòng Nội vụ', 'Phòng Nội vụ'),
  office('phong-tu-phap', 'Phòng Tư pháp', 'Phòng Tư pháp'),
  office('phong-ldtbxh', 'Phòng Lao động - Thương binh và Xã hội', 'Phòng LĐ-TB&XH'),
  office('phong-kt-ht', 'Phòng Kinh tế và Hạ tầng', 'Phòng KT&HT'),
  office('thanh-tra-huyen', 'Thanh tra huyện', 'Thanh tra huyện'),
  {
    code: 'dai-truyen-thanh',
    name: 'Đài Truyền thanh huyện',
    shortName: 'Đài Truyền thanh',
    kind: 'public_service',
    parent: DISTRICT_CODE,
    aliases: ['Đài phát thanh huyện', 'Đài TT huyện'],
  },
  {
    code: 'trung-tam-y-te',
    name: 'Trung tâm Y tế huyện',
    shortName: 'TTYT huyện',
    kind: 'public_service',
    parent: DISTRICT_CODE,
    aliases: ['TTYT huyện'],
  },
  {
    code: 'cong-an-huyen',
    name: 'Công an huyện',
    shortName: 'Công an huyện',
    kind: 'police_military',
  },
  {
    code: 'bch-quan-su',
    name: 'Ban Chỉ huy Quân sự huyện',
    shortName: 'BCH Quân sự huyện',
    kind: 'police_military',
    aliases: ['Ban CHQS huyện'],
  },
  {
    code: 'mttq-huyen',
    name: 'Ủy ban Mặt trận Tổ quốc Việt Nam huyện',
    shortName: 'Ủy ban MTTQ huyện',
    kind: 'mass_organisation',
    aliases: ['Ủy ban MTTQVN huyện', 'Mặt trận Tổ quốc huyện', 'MTTQ huyện'],
  },
  {
    code: 'hoi-lhpn',
    name: 'Hội Liên hiệp Phụ nữ huyện',
    shortName: 'Hội LHPN huyện',
    kind: 'mass_organisation',
    aliases: ['Hội Phụ nữ huyện'],
  },
  {
    code: 'hoi-nong-dan',
    name: 'Hội Nông dân huyện',
    shortName: 'Hội ND huyện',
    kind: 'mass_organisation',
  },
  {
    code: 'hoi-ccb',
    name: 'Hội Cựu chiến binh huyện',
    shortName: 'Hội CCB huyện',
    kind: 'mass_organisation',
  },
  {
    code: 'huyen-doan',
    name: 'Huyện đoàn',
    shortName: 'Huyện đoàn',
    kind: 'mass_organisation',
    aliases: ['Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện', 'Huyện Đoàn thanh niên'],
  },
  {
    code: 'ldld-huyen',
    name: 'Liên đoàn Lao động huyện',
    shortName: 'LĐLĐ huyện',
    kind: 'mass_organisation',
  },
  commune('tt-an-thi', 'Thị trấn An Thi', 11_284),
  commune('xa-phu-ung', 'Xã Phù Ủng', 7_912),
  commune('xa-bac-son', 'Xã Bắc Sơn', 6_104),
  commune('xa-bai-say', 'Xã Bãi Sậy', 6_950),
  commune('xa-dao-duong', 'Xã Đào Dương', 7_401),
  commune('xa-tan-phuc', 'Xã Tân Phúc', 5_233),
  commune('xa-van-du', 'Xã Vân Du', 5_688),
  commune('xa-quang-vinh', 'Xã Quang Vinh', 5_017),
  commune('xa-xuan-truc', 'Xã Xuân Trúc', 8_120),
  commune('xa-hoang-hoa-tham', 'Xã Hoàng Hoa Thám', 6_380),
  commune('xa-quang-lang', 'Xã Quảng Lãng', 6_872),
  commune('xa-van-nhue', 'Xã Văn Nhuệ', 5_946),
  commune('xa-dang-le', 'Xã Đặng Lễ', 6_215),
  commune('xa-cam-ninh', 'Xã Cẩm Ninh', 4_871),
  commune('xa-nguyen-trai', 'Xã Nguyễn Trãi', 5_402),
  commune('xa-hong-van', 'Xã Hồng Vân', 5_790),
  commune('xa-ho-tung-mau', 'Xã Hồ Tùng Mậu', 6_033),
  commune('xa-tien-phong', 'Xã Tiền Phong', 5_512),
  commune('xa-ha-le', 'Xã Hạ Lễ', 6_668),
  commune('xa-hong-quang', 'Xã Hồng Quang', 5_349),
  commune('xa-da-loc', 'Xã Đa Lộc', 5_747),
];

/** Parents come before children. */
export const DEMO_UNITS: DemoUnit[] = [...PROVINCE_UNITS, ...DISTRICT_UNITS];

/**
 * The committees that issue directives in the demo: the province, its ten districts and An
 * Thi's 21 communes (each carries the district's task down to its villages).
 */
export const DEMO_COMMITTEES: DemoUnit[] = DEMO_UNITS.filter(
  (unit) =>
    unit.kind === 'province_committee' ||
    unit.kind === 'district_committee' ||
    unit.kind === 'commune',
);

/**
 * The prefix of a committee's chair and clerk usernames: its code, except An Thi, whose code
 * stayed `ubnd-huyen` from the one-district demo while its accounts follow the other districts'.
 */
export const committeeLogin = (unit: DemoUnit) =>
  unit.code === DISTRICT_CODE ? 'huyen-an-thi' : unit.code;

const DISTRICT_BODIES: UnitKind[] = ['office', 'public_service', 'police_military'];

export const DEMO_GROUPS: DemoGroup[] = [
  {
    code: 'cac-huyen-thi-xa-thanh-pho',
    name: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
    aliases: [
      'UBND các huyện, thị xã, thành phố',
      'Các huyện, thị xã, thành phố',
      'UBND cấp huyện',
      'Ủy ban nhân dân cấp huyện',
    ],
    description: 'Every district-level committee of the province',
    members: { kinds: ['district_committee'], province: true },
  },
  {
    code: 'cac-so-ban-nganh-tinh',
    name: 'Các sở, ban, ngành, đoàn thể tỉnh',
    aliases: ['Các sở, ban, ngành tỉnh', 'Các sở, ban, ngành', 'Các sở, ngành tỉnh'],
    description: 'The provincial departments and bodies under the province',
    members: {
      codes: PROVINCE_UNITS.filter(
        (unit) => unit.parent === PROVINCE_CODE && unit.kind !== 'district_committee',
      ).map((unit) => unit.code),
    },
  },
  {
    code: 'cac-to-chuc-ct-xh-tinh',
    name: 'Các tổ chức chính trị - xã hội tỉnh',
    aliases: ['Các đoàn thể tỉnh', 'Các hội, đoàn thể tỉnh'],
    description: 'The provincial mass organisations under the Fatherland Front',
    members: { codes: ['hoi-lhpn-tinh', 'tinh-doan'] },
  },
  {
    code: 'cac-xa-thi-tran',
    name: 'Ủy ban nhân dân các xã, thị trấn',
    aliases: [
      'UBND các xã, thị trấn',
      'Các xã, thị trấn',
      'UBND các xã, thị trấn trên địa bàn huyện',
    ],
    description: 'Every commune-level unit of the district',
    members: { kinds: ['commune'] },
  },
  {
    code: 'cac-phong-nganh-huyen',
    name: 'Các phòng, ngành, cơ quan, đơn vị huyện',
    aliases: [
      'Các phòng, ngành huyện',
      'Các phòng, ban, ngành huyện',
      'Các cơ quan, đơn vị huyện',
      'Các cơ quan, đơn vị trên địa bàn huyện',
      'Các phòng, ngành, cơ quan, đơn vị trên địa bàn huyện',
    ],
    description: 'The district offices, public service units, police and military command',
    members: { kinds: DISTRICT_BODIES },
  },
  {
    code: 'cac-hoi-doan-the-huyen',
    name: 'Các hội đoàn thể huyện',
    aliases: [
      'Các đoàn thể huyện',
      'Các hội, đoàn thể huyện',
      'Các tổ chức chính trị - xã hội huyện',
    ],
    description: 'The mass organisations under the Fatherland Front',
    members: { codes: ['hoi-lhpn', 'hoi-nong-dan', 'hoi-ccb', 'huyen-doan', 'ldld-huyen'] },
  },
  {
    code: 'mttq-va-doan-the-huyen',
    name: 'Ủy ban MTTQ và các đoàn thể huyện',
    aliases: ['Mặt trận Tổ quốc và các đoàn thể huyện', 'MTTQ và các hội đoàn thể huyện'],
    description: 'The Fatherland Front and the mass organisations',
    members: { kinds: ['mass_organisation'] },
  },
  {
    code: 'cac-phong-nganh-doan-the-huyen',
    name: 'Các phòng, ngành, đoàn thể huyện',
    aliases: ['Các phòng, ban, ngành, đoàn thể huyện'],
    description: 'Every district body: offices, services, police, military and organisations',
    members: { kinds: [...DISTRICT_BODIES, 'mass_organisation'] },
  },
];

/** Codes of a group's members within the demo directory. */
export function demoGroupMembers(group: DemoGroup): string[] {
  const byKind = group.members.province ? DEMO_UNITS : DISTRICT_UNITS;
  return DEMO_UNITS.filter(
    (unit) =>
      (group.members.kinds?.includes(unit.kind) && byKind.includes(unit)) ||
      group.members.codes?.includes(unit.code),
  ).map((unit) => unit.code);
}

export const DEMO_PASSWORD = 'demo1234';

export interface DemoUser {
  username: string;
  fullName: string;
  role: 'admin' | 'chair' | 'clerk' | 'unit_head' | 'unit_officer';
  unit: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', fullName: 'Quản trị hệ thống', role: 'admin', unit: 'van-phong-hdnd-ubnd' },
  { username: 'chair', fullName: 'Chủ tịch UBND huyện', role: 'chair', unit: DISTRICT_CODE },
  { username: 'vicechair', fullName: 'Phạm Văn Huế', role: 'chair', unit: DISTRICT_CODE },
  { username: 'clerk', fullName: 'Văn thư UBND huyện', role: 'clerk', unit: 'van-phong-hdnd-ubnd' },
  // A chair and a clerk of each committee, acting for it (their unit is the committee itself).
  ...DEMO_COMMITTEES.flatMap((unit): DemoUser[] => [
    {
      username: `${committeeLogin(unit)}.chair`,
      fullName: `Chủ tịch ${unit.shortName ?? unit.name}`,
      role: 'chair',
      unit: unit.code,
    },
    {
      username: `${committeeLogin(unit)}.clerk`,
      fullName: `Văn thư ${unit.shortName ?? unit.name}`,
      role: 'clerk',
      unit: unit.code,
    },
  ]),
  ...DEMO_UNITS.flatMap((unit): DemoUser[] => [
    {
      username: `${unit.code}.officer`,
      fullName: `Cán bộ ${unit.shortName ?? unit.name}`,
      role: 'unit_officer',
      unit: unit.code,
    },
    {
      username: `${unit.code}.head`,
      fullName: `Lãnh đạo ${unit.shortName ?? unit.name}`,
      role: 'unit_head',
      unit: unit.code,
    },
  ]),
];
