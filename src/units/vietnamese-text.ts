/**
 * Text helpers for Vietnamese names as directives write them: the same body appears with or
 * without tone marks, with either tone placement ("hoá"/"hóa", "Uỷ"/"Ủy"), abbreviated
 * ("UBND", "VH&TT") and with varying spacing and punctuation.
 */

/** Lower-case ASCII letters, digits and single spaces: "Phòng Văn hoá & Thông tin" → "phong van hoa va thong tin". */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/&/g, ' va ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** An ASCII slug for unit codes: "Xã Hồng Quang" → "xa-hong-quang". */
export function slugify(text: string): string {
  return foldVietnamese(text).replace(/ /g, '-');
}

// Abbreviations of administrative Vietnamese, applied to folded text on word boundaries.
// Longest first, so "mttqvn" wins over "mttq".
const ABBREVIATIONS: Array<[string, string]> = [
  ['ld tb va xh', 'lao dong thuong binh va xa hoi'],
  ['ldtbxh', 'lao dong thuong binh va xa hoi'],
  ['tb va xh', 'thuong binh va xa hoi'],
  ['nn va ptnt', 'nong nghiep va phat trien nong thon'],
  ['nnptnt', 'nong nghiep va phat trien nong thon'],
  ['vh va tt', 'van hoa va thong tin'],
  ['vhtt', 'van hoa va thong tin'],
  ['gd va dt', 'giao duc va dao tao'],
  ['gddt', 'giao duc va dao tao'],
  ['tn va mt', 'tai nguyen va moi truong'],
  ['tnmt', 'tai nguyen va moi truong'],
  ['tc kh', 'tai chinh ke hoach'],
  ['kt va ht', 'kinh te va ha tang'],
  ['kt ht', 'kinh te va ha tang'],
  ['mttqvn', 'mat tran to quoc viet nam'],
  ['mttq', 'mat tran to quoc'],
  ['ubnd', 'uy ban nhan dan'],
  ['hdnd', 'hoi dong nhan dan'],
  ['ptnt', 'phat trien nong thon'],
  ['bch', 'ban chi huy'],
  ['qs', 'quan su'],
  ['lhpn', 'lien hiep phu nu'],
  ['ccb', 'cuu chien binh'],
  ['ldld', 'lien doan lao dong'],
  ['tncs', 'thanh nien cong san'],
];

export function expandAbbreviations(folded: string): string {
  let text = ` ${folded} `;
  for (const [short, long] of ABBREVIATIONS) {
    text = text.split(` ${short} `).join(` ${long} `);
  }
  return text.trim();
}

// Words that introduce a body in a directive but are not part of its name.
const LEADING_VERBS = ['de nghi', 'giao', 'yeu cau', 'kinh gui'];
// Words that only place a body in the issuing district: "Phòng Y tế huyện", "… trên địa bàn huyện".
const TRAILING_PLACES = ['tren dia ban huyen', 'thuoc huyen', 'cap huyen', 'huyen'];

/**
 * The key two spellings of one body share: folded, abbreviations expanded, introductory verbs,
 * a leading "Ủy ban nhân dân" and a trailing "huyện [district]" removed, and "và" dropped so
 * "Tài chính - Kế hoạch" and "Tài chính và Kế hoạch" meet. `places` are the district's own
 * names (folded), removed after a trailing "huyện".
 */
export function nameKey(text: string, places: readonly string[] = []): string {
  let key = expandAbbreviations(foldVietnamese(text));
  for (const verb of LEADING_VERBS) {
    if (key.startsWith(`${verb} `)) key = key.slice(verb.length + 1);
  }
  key = stripPrefix(key, 'uy ban nhan dan');
  for (const place of TRAILING_PLACES) {
    const withPlace = places.map((name) => `${place} ${name}`);
    for (const suffix of [...withPlace, place]) {
      if (key.endsWith(` ${suffix}`)) {
        key = key.slice(0, -suffix.length - 1);
        break;
      }
    }
  }
  return key
    .split(' ')
    .filter((word) => word !== 'va')
    .join(' ');
}

function stripPrefix(key: string, prefix: string): string {
  return key.startsWith(`${prefix} `) ? key.slice(prefix.length + 1) : key;
}

/** Sørensen–Dice similarity of two strings' character trigrams, 0 (nothing shared) to 1. */
export function trigramSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const grams = (text: string): Map<string, number> => {
    const padded = `  ${text} `;
    const counts = new Map<string, number>();
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    return counts;
  };
  const left = grams(a);
  const right = grams(b);
  let shared = 0;
  let total = 0;
  for (const [gram, count] of left) {
    shared += Math.min(count, right.get(gram) ?? 0);
    total += count;
  }
  for (const count of right.values()) total += count;
  return total === 0 ? 0 : (2 * shared) / total;
}
