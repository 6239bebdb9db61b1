import { foldVietnamese } from '../../units/vietnamese-text.js';

/**
 * How directives name the bodies they address: where a name starts and ends in a sentence,
 * how to split a list of them, and how to write an upper-case heading in normal case.
 */

// How a body's name starts, folded: "Sở …", "Ủy ban …", "các xã …", "Thanh tra …".
const BODY_STARTS = [
  'so',
  'phong',
  'uy ban',
  'ubnd',
  'ub',
  'dai',
  'bao',
  'trung tam',
  'ttyt',
  'cong an',
  'ban',
  'hoi',
  'huyen doan',
  'tinh doan',
  'thanh doan',
  'doan',
  'thanh tra',
  'van phong',
  'lien doan',
  'ldld',
  // "các" + what it lists: "các xã, phường", "các sở, ban, ngành", "các đơn vị trực thuộc";
  // "các mô hình …", "các giải pháp …" list things, not bodies.
  ...[
    'so',
    'xa',
    'phuong',
    'dac khu',
    'thi tran',
    'huyen',
    'quan',
    'thanh pho',
    'thi xa',
    'tinh',
    'ban',
    'nganh',
    'co quan',
    'don vi',
    'phong',
    'truong',
    'trung tam',
    'to chuc',
    'hoi',
    'doan',
    'chi cuc',
    'cuc',
    'bo',
    'benh vien',
    'tram',
    'thon',
    'ban',
    'to',
    'doi',
    'dia phuong',
    'doanh nghiep',
    'hop tac xa',
    'cong ty',
    'tong cong ty',
    'chi nhanh',
    'lang',
    'khu pho',
    'ap',
    'khom',
    'buon',
    'ban',
    'uy ban',
    'ubnd',
    'dang uy',
    'chi bo',
    'khoi',
    'thanh vien',
    'co so',
    'ho',
    'hieu truong',
    'thu truong',
    'chu tich',
    'giam doc',
    'van phong',
    'vien',
    'ngan hang',
    'cong an',
    'luc luong',
    'nha',
    'hat',
    'kho bac',
    'doan the',
    'chu dau tu',
    'nha dau tu',
    'nha truong',
    'cap',
  ].map((body) => `cac ${body}`),
  'bo',
  'cuc',
  'chi cuc',
  'chi nhanh',
  'benh vien',
  'truong',
  'kho bac',
  'vien',
  'mat tran',
  'mttq',
  'bao hiem',
  'bhxh',
  'ngan hang',
  'dien luc',
  'hat',
  'tram',
  'canh sat',
  'toa an',
  'hop tac xa',
  'tong cong ty',
  'cong ty',
  'dang uy',
  'thuong truc',
  'chu tich',
  'giam doc',
  'thu truong',
  'tap doan',
  'nganh',
  'co quan',
  'don vi',
  'to chuc',
  'hdnd',
  'hoi dong',
  'khoi',
  'lanh dao',
  'bch',
  'bo chi huy',
  'vien kiem sat',
  'nha',
  'ky tuc',
  'doi',
  'xi nghiep',
  'hieu truong',
  'chi huy truong',
  'tong bien tap',
  'chanh van phong',
  'buu dien',
  'hiep hoi',
  'vien thong',
].map((start) => `${start} `);

// Phrases that start like a body once folded ("Hội thi" like "Hội", "Bản đồ" like "Ban", "các
// giải pháp" like "các xã") but name an event, a thing or an activity. Compared lower-case, with
// tone marks, on whole words.
const NOT_BODIES = [
  'hội nghị',
  'hội thi',
  'hội thảo',
  'hội diễn',
  'hội chợ',
  'hội viên',
  'phòng, chống',
  'phòng chống',
  'phòng ngừa',
  'phòng tránh',
  'phòng cháy',
  'trường hợp',
  'bản',
  'bàn',
  'bán',
  'nhà ở',
  'nhà nước',
  'ban đầu',
  'các biện pháp',
  'các giải pháp',
  'các nhiệm vụ',
  'các nội dung',
  'các trường hợp',
  'các hoạt động',
  'các chỉ tiêu',
  'các văn bản',
  'bảo vệ',
  'đối với',
];

/**
 * Whether a phrase starts like a body's name ("Sở …", "Ủy ban …", "các xã …") and not like an
 * instruction ("Bố trí …", "Tổ chức …") or a thing ("Hội thi …").
 */
export function looksLikeBody(phrase: string): boolean {
  // Only how it starts counts (the longest start is 16 letters): fold no more than that.
  const folded = `${foldVietnamese(phrase.trimStart().slice(0, 40))} `;
  if (folded.length <= 2 || !BODY_STARTS.some((start) => folded.startsWith(start))) return false;
  return !NOT_A_BODY.test(phrase.trimStart().slice(0, 40).toLowerCase());
}

// Verbs that begin an instruction after the body's name. Matched lower-case only, so the same
// words inside a name ("Ban Chỉ đạo") do not end it.
const ACTION_VERBS = [
  'chủ trì',
  'phối hợp',
  'chỉ đạo',
  'tăng cường',
  'tăng thời lượng',
  'vận động',
  'tổ chức',
  'hướng dẫn',
  'triển khai',
  'thực hiện',
  'tham mưu',
  'rà soát',
  'kiểm tra',
  'báo cáo',
  'tuyên truyền',
  'giám sát',
  'xây dựng',
  'theo dõi',
  'đôn đốc',
  'có trách nhiệm',
  'khẩn trương',
  'tập trung',
  'bố trí',
  'cung cấp',
  'đảm bảo',
  'bảo đảm',
  'quán triệt',
  'xử lý',
  'ban hành',
  'tiếp tục',
  'nghiên cứu',
  'đẩy mạnh',
  'cập nhật',
  'chịu trách nhiệm',
  'căn cứ',
  'nắm',
  'quản lý',
  'thông báo',
  'phổ biến',
  'lập',
  'rà',
  'chủ động',
  'duy trì',
  'phát động',
  'huy động',
  'yêu cầu',
  // "công trình giao thông", "giao dịch": nouns, not the verb.
  'giao(?!\\s+(?:thông|dịch|lưu|tiếp|thừa|nhận))',
  // Adverbs that open an instruction: "… trọng điểm trực tiếp chỉ đạo …".
  'trực tiếp',
  'tích cực',
  'quyết liệt',
  'điều tra',
  'tổng hợp',
  'sử dụng',
  'cài đặt',
  'bổ sung',
  'trình',
  'nghiêm túc',
  'khắc phục',
  'hoàn thành',
  'chuẩn bị',
  'phân công',
  'củng cố',
  'kiểm soát',
  'thẩm định',
  'hỗ trợ',
  'hoàn thiện',
  'thu gom',
  'giải quyết',
  'tiếp nhận',
  'thành lập',
  'kiện toàn',
  'vận hành',
  'đối chiếu',
  'cân đối',
  'bàn giao',
  'tham gia',
  'đề xuất',
  'kêu gọi',
  'thanh toán',
  'điều chỉnh',
  'phê duyệt',
  'gửi',
  'sơ tán',
  'cấp phép',
  'thẩm tra',
  'đánh giá',
  'khảo sát',
  'thống kê',
  'ra quân',
  'tuần tra',
  'công khai',
  'mở',
  'niêm yết',
  'phun',
  'công bố',
  'thu hồi',
  'cấp phát',
  'phân bổ',
  'tập huấn',
  'di dời',
  'cưỡng chế',
  'sửa chữa',
  'nâng cấp',
  'ngăn chặn',
  'xác minh',
  'kiến nghị',
  'lựa chọn',
  'ưu tiên',
  'tạm dừng',
  'điều động',
  'chi trả',
  'đăng tải',
  'đưa tin',
  'phát sóng',
  'tiêu độc',
  'khử trùng',
  'số hóa',
  'truy quét',
  // A predicate ends the name: "Công an tỉnh là cơ quan thường trực, …".
  'là',
];
const NOT_A_BODY = new RegExp(
  `^(?:${[...NOT_BODIES, ...ACTION_VERBS].join('|')})(?=[\\s,.;:]|$)`,
  'u',
);
const VERB = new RegExp(
  `(?:^|[\\s,])(${ACTION_VERBS.map((verb) => verb.replace(/ /g, '\\s+')).join('|')})(?=[\\s,.;:]|$)`,
  'u',
);
// Compiled once: a sentence is searched from the start on every call (lastIndex reset).
const VERBS = new RegExp(VERB.source, 'gu');

// After these a verb's words are a noun: "các tổ chức chính trị - xã hội", "của công tác",
// "Ban chỉ đạo", "việc kiểm tra".
const NOUN_MARKERS = new Set([
  'các',
  'những',
  'của',
  'cho',
  'mọi',
  'việc',
  'sự',
  'ban',
  'đội',
  'tổ',
  // "Các cơ quan, đơn vị được giao nhiệm vụ tại Mục II": a name that goes on.
  'được',
  // "… ven biển, nhất là đặc khu Cô Tô": "là" after "nhất", "biệt" is no predicate.
  'nhất',
  'biệt',
]);
// Nouns whose second word is also a verb: "Ban Quản lý dự án đầu tư xây dựng công trình dân
// dụng", "Chương trình mục tiêu quốc gia", "Bộ phận Một cửa", "quy trình".
const NOUN_COMPOUNDS = new Set([
  'công trình',
  'chương trình',
  'quy trình',
  'lộ trình',
  'tiến trình',
  'tờ trình',
  'giáo trình',
  'hành trình',
]);
// …and after these two words, inside a body's name: "Đội Quản lý trật tự xây dựng đô thị",
// "Ban Quản lý dự án đầu tư xây dựng".
const NOUN_PHRASES = new Set(['trật tự', 'đầu tư', 'công tác', 'hoạt động', 'dự án', 'quy hoạch']);

/** Where the instruction starts in "Sở Y tế chỉ đạo …": the index of the first action verb. */
export function instructionStart(sentence: string): number {
  VERBS.lastIndex = 0;
  for (let match = VERBS.exec(sentence); match; match = VERBS.exec(sentence)) {
    const at = match.index + match[0].indexOf(match[1]);
    // Only the two words before the verb are looked at: a bounded window. The phrases count as
    // written in lower case only: "Sở Kế hoạch và Đầu tư tham mưu" ends a name at "tham mưu".
    const words = sentence
      .slice(Math.max(0, at - 30), at)
      .trimEnd()
      .split(/\s+/u);
    const before = (words.at(-1) ?? '').toLowerCase();
    const compound = `${before} ${match[1].split(/\s+/u)[0]}`;
    // "Trung tâm Dịch vụ tổng hợp xã": after "dịch vụ" (any case) a verb-like word names it.
    const service = words.slice(-2).join(' ').toLowerCase() === 'dịch vụ';
    if (
      !NOUN_MARKERS.has(before) &&
      !NOUN_PHRASES.has(words.slice(-2).join(' ')) &&
      !NOUN_COMPOUNDS.has(compound) &&
      !service
    )
      return at;
  }
  return -1;
}

/**
 * Splits "Sở Y tế, Công an tỉnh và Báo Hưng Yên" into names. A comma or "và" separates two
 * bodies only when what follows starts a new name, so "Phòng Văn hóa và Thông tin" and
 * "UBND các xã, thị trấn" stay whole; "Phòng Tài chính - Kế hoạch" is never split.
 */
export function splitBodies(list: string): string[] {
  const pieces = list.split(/(\s*,\s*|\s+và\s+|\s+cùng\s+)/u);
  const names: string[] = [];
  let current = pieces[0] ?? '';
  for (let i = 1; i < pieces.length; i += 2) {
    const separator = pieces[i];
    const next = pieces[i + 1] ?? '';
    // A new body's name has at least two words: "Văn phòng HĐND và UBND" stays one.
    if (looksLikeBody(next) && next.trim().includes(' ')) {
      names.push(current);
      current = next;
    } else {
      current += separator.trim() === ',' ? `, ${next}` : ` ${separator.trim()} ${next}`;
    }
  }
  names.push(current);
  return names.map((name) => cleanName(name)).filter((name) => name.length > 0);
}

/**
 * Bodies too vague to be given a task: "các cơ quan, đơn vị liên quan"; a bare "Cơ quan" (as in a
 * Kế hoạch's "Cơ quan chủ trì: Phòng Tư pháp").
 */
export function isVague(name: string): boolean {
  const folded = foldVietnamese(name);
  return (
    /\blien quan\b/.test(folded) ||
    /^(?:co quan|don vi|to chuc|ca nhan)$/.test(folded) ||
    /^cac (co quan|don vi|nganh|dia phuong|ca nhan|to chuc)( (co quan|don vi|nganh|dia phuong))*( tren dia ban)?$/.test(
      folded,
    )
  );
}

export function cleanName(name: string): string {
  return name
    .replace(/^[\s\-–•*:]+/, '')
    .replace(/[\s;:,.]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const ADMIN_LEVELS = ['tỉnh', 'huyện', 'xã', 'thị trấn', 'thành phố', 'thị xã', 'quận', 'phường'];
// After these the next word is the field's name and takes a capital: "Sở Y tế", "Phòng Nội vụ".
const AGENCY_WORDS = new Set([
  'sở',
  'phòng',
  'cục',
  'bộ',
  'ban',
  'đài',
  'báo',
  'hội',
  'chi cục',
  'trung tâm',
  'văn phòng',
  'viện',
  'trường',
]);
const PHRASES: Array<[RegExp, string]> = [
  [/^ủy ban nhân dân/u, 'Ủy ban nhân dân'],
  [/^uỷ ban nhân dân/u, 'Ủy ban nhân dân'],
  [/phó chủ tịch/gu, 'Phó Chủ tịch'],
  [/(^|\. )chủ tịch/gu, '$1Chủ tịch'],
  [/mặt trận tổ quốc việt nam/gu, 'Mặt trận Tổ quốc Việt Nam'],
  [/phó giám đốc/gu, 'Phó Giám đốc'],
  [/phó chánh văn phòng/gu, 'Phó Chánh Văn phòng'],
  [/chánh văn phòng/gu, 'Chánh Văn phòng'],
  [/việt nam/gu, 'Việt Nam'],
];

/**
 * "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân tỉnh Hưng Yên"; "PHÓ CHỦ TỊCH" → "Phó Chủ
 * tịch". Only applied to text that is entirely upper case; anything else is returned as written.
 */
export function normalCase(text: string): string {
  const trimmed = text.trim();
  if (trimmed !== trimmed.toUpperCase() || trimmed === trimmed.toLowerCase()) return trimmed;
  const original = trimmed.split(' ');
  let result = trimmed.toLowerCase();
  for (const [pattern, replacement] of PHRASES) result = result.replace(pattern, replacement);
  const words = result.split(' ');
  let capitalizeRest = false;
  let inAgency = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const previous = (words[i - 1] ?? '').toLowerCase();
    const previousTwo = `${words[i - 2] ?? ''} ${previous}`.toLowerCase().trim();
    // "Ủy ban nhân dân": "ban" there is not an agency word.
    const afterAgency =
      (AGENCY_WORDS.has(previous) && previousTwo !== 'ủy ban') || AGENCY_WORDS.has(previousTwo);
    if (afterAgency) inAgency = true;
    if (ADMIN_LEVELS.includes(word.replace(/,$/, '')) && !capitalizeRest) inAgency = false;
    // "Phòng Văn hóa và Thông tin", "Phòng Tài chính - Kế hoạch": a field's name keeps its
    // capitals across "và" and "-".
    const fieldAfterAnd = inAgency && (previous === 'và' || previous === '-');
    if (i === 0 || capitalizeRest || afterAgency || fieldAfterAnd) words[i] = capitalize(word);
    if (ADMIN_LEVELS.includes(previous) || ADMIN_LEVELS.includes(previousTwo)) {
      // A place name follows the level word: every word of it is capitalised.
      capitalizeRest = true;
      words[i] = capitalize(word);
    }
  }
  // Abbreviations stay as written: "UBND", "VH&TT", "LĐ-TB&XH".
  return words.map((word, i) => (isAbbreviation(original[i] ?? '') ? original[i] : word)).join(' ');
}

const ABBREVIATIONS = new Set([
  'UBND',
  'HĐND',
  'MTTQ',
  'MTTQVN',
  'PTNT',
  'TW',
  'BCH',
  'TTYT',
  'BHXH',
  'CA',
]);

function isAbbreviation(word: string): boolean {
  const bare = word.replace(/[,.;:]$/, '');
  return ABBREVIATIONS.has(bare) || (/[&]/.test(bare) && /^[A-ZĐ&-]+$/u.test(bare));
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "Đề nghị Ủy ban MTTQ …" → verb "Đề nghị"; "GIAO PHÒNG Y TẾ …" → verb "Giao". */
export function stripVerb(text: string): {
  verb: 'Đề nghị' | 'Giao' | 'Yêu cầu' | null;
  rest: string;
} {
  const match = /^(Đề nghị|Giao|Yêu cầu)\s+(.*)$/isu.exec(text);
  if (!match) return { verb: null, rest: text };
  const verb = match[1].toLowerCase();
  return {
    verb: verb === 'giao' ? 'Giao' : verb === 'đề nghị' ? 'Đề nghị' : 'Yêu cầu',
    rest: match[2],
  };
}

/** "đẩy mạnh tuyên truyền" → "Đẩy mạnh tuyên truyền". */
export function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// A head's title before the body he heads: "Giám đốc Sở Y tế", "Chủ tịch UBND các xã".
const TITLE =
  /^(Phó Chủ tịch|Chủ tịch|Phó Giám đốc|Giám đốc|Thủ trưởng|Hiệu trưởng|Chỉ huy trưởng|Tổng Biên tập|Chánh Văn phòng|Trưởng)\s+(\S.*)$/iu;

/**
 * "Giám đốc Sở Y tế" → the body "Sở Y tế" and the title "Giám đốc"; "Hiệu trưởng các trường …,
 * Thủ trưởng các đơn vị …" → "Các trường …, các đơn vị …" and "Hiệu trưởng, Thủ trưởng". A
 * Chánh Văn phòng heads the Văn phòng named after the title. Null when the name has no title.
 */
export function splitTitle(name: string): { body: string; title: string } | null {
  const titles: string[] = [];
  const bodies: string[] = [];
  for (const piece of name.split(/,\s+/u)) {
    const match = TITLE.exec(piece);
    if (match && looksLikeBody(match[2])) {
      titles.push(sentenceCase(match[1]));
      const title = match[1].toLowerCase();
      bodies.push(title === 'chánh văn phòng' ? `Văn phòng ${match[2]}` : match[2]);
    } else if (bodies.length > 0) {
      bodies[bodies.length - 1] += `, ${piece}`;
    } else {
      return null;
    }
  }
  if (titles.length === 0) return null;
  const body = bodies.map((b, i) => (i === 0 ? sentenceCase(b) : b)).join(', ');
  return { body, title: titles.join(', ') };
}
