import type { UnitKind } from '../units/unit-kind.js';

/**
 * The district of the seed letter (Công văn 451/UBND-VHTT, An Thi district): its committee,
 * offices, services, organisations and 21 communes, whose populations add up to the letter's
 * 134,494 residents. Plain data, used by `seed:demo` and by tests.
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
  /** Member unit codes, or the kinds whose units all belong. */
  members: { kinds?: UnitKind[]; codes?: string[] };
}

export const DISTRICT_CODE = 'ubnd-huyen';

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

export const DEMO_UNITS: DemoUnit[] = [
  {
    code: DISTRICT_CODE,
    name: 'Ủy ban nhân dân huyện An Thi',
    shortName: 'UBND huyện',
    kind: 'district_committee',
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

const DISTRICT_BODIES: UnitKind[] = ['office', 'public_service', 'police_military'];

export const DEMO_GROUPS: DemoGroup[] = [
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
  return DEMO_UNITS.filter(
    (unit) => group.members.kinds?.includes(unit.kind) || group.members.codes?.includes(unit.code),
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
