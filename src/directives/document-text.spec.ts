import { crc32, deflateSync } from 'node:zlib';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { PDFDocument, PDFName, StandardFonts, rgb } from 'pdf-lib';
import {
  DocumentTooLargeError,
  EmptyDocumentError,
  UnreadableDocumentError,
} from './document-text.errors.js';
import { MAX_DOCUMENT_BYTES, extractDocumentText } from './document-text.js';
import { windows1258 } from '../../test/support/windows-1258.js';

// Fixtures are built here, from Công văn 318/UBND-YT (../shared/directives), not committed.
const utf8 = (text: string) => new TextEncoder().encode(text);

async function directiveDocx(): Promise<Uint8Array> {
  const item = (text: string) => new Paragraph({ text, numbering: { reference: 'vn', level: 0 } });
  const point = (text: string) => new Paragraph({ text, numbering: { reference: 'vn', level: 1 } });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'vn',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
            {
              level: 1,
              format: LevelFormat.LOWER_LETTER,
              text: '%2)',
              alignment: AlignmentType.START,
            },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Table({
            rows: [
              new TableRow({
                children: [
                  new TableCell({
                    children: [
                      new Paragraph('ỦY BAN NHÂN DÂN HUYỆN AN THI'),
                      new Paragraph('Số: 318/UBND-YT'),
                    ],
                  }),
                  new TableCell({
                    children: [new Paragraph('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')],
                  }),
                ],
              }),
            ],
          }),
          new Paragraph({
            text: 'V/v tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết',
            heading: HeadingLevel.HEADING_1,
          }),
          new Paragraph('Kính gửi:'),
          new Paragraph({ text: 'Trung tâm Y tế huyện;', bullet: { level: 0 } }),
          new Paragraph({ text: 'Phòng Y tế huyện;', bullet: { level: 0 } }),
          new Paragraph('Để chủ động kiểm soát dịch bệnh, UBND huyện yêu cầu:'),
          item('Phòng Y tế huyện'),
          new Paragraph(
            'Chủ trì, phối hợp với Trung tâm Y tế huyện tham mưu UBND huyện kiểm tra công tác ' +
              'phòng, chống dịch tại các xã, thị trấn; hoàn thành trước ngày 20/9/2021.',
          ),
          item('Trung tâm Y tế huyện'),
          point('Giám sát chặt chẽ các ổ dịch, xử lý triệt để ổ dịch mới phát sinh;'),
          point('Tổ chức tập huấn cho cán bộ y tế xã trước ngày 15/9/2021;'),
          point('Báo cáo tình hình dịch định kỳ hằng tuần về UBND huyện.'),
          item('Ủy ban nhân dân các xã, thị trấn'),
          item('Đài Truyền thanh huyện'),
          new Paragraph({
            children: [
              new TextRun('TM. ỦY BAN NHÂN DÂN'),
              new TextRun({ text: 'CHỦ TỊCH', break: 1 }),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A ~50-page directive: 750 paragraphs of about three lines, every fifth one numbered. */
async function longDocx(): Promise<Uint8Array> {
  const body =
    'Chủ trì, phối hợp với Trung tâm Y tế huyện tham mưu UBND huyện kiểm tra công tác phòng, ' +
    'chống dịch tại các xã, thị trấn; tổ chức chiến dịch diệt bọ gậy, vệ sinh môi trường tại ' +
    '100% thôn, khu phố và báo cáo kết quả về UBND huyện qua Phòng Y tế. Giám sát chặt chẽ ' +
    'các ổ dịch, xử lý triệt để ổ dịch mới phát sinh trong vòng 48 giờ.';
  const doc = new Document({
    numbering: {
      config: [
        { reference: 'vn', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.' }] },
      ],
    },
    sections: [
      {
        children: Array.from({ length: 750 }, (_, i) =>
          i % 5 === 0
            ? new Paragraph({
                text: `Đơn vị thứ ${i / 5 + 1}`,
                numbering: { reference: 'vn', level: 0 },
              })
            : new Paragraph(body),
        ),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/**
 * pdf-lib's standard fonts cannot encode Vietnamese and @pdf-lib/fontkit is not installed, so the
 * text layer is made as PDFs from Word make it: one-byte codes mapped to Unicode by a ToUnicode
 * CMap. The glyphs drawn are wrong; the text extracted is what the CMap says.
 */
async function vietnamesePdf(pages: string[][]): Promise<Uint8Array> {
  const chars = [...new Set(pages.flat().join(''))];
  const code = new Map(chars.map((char, i) => [char, i + 0x21]));
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0').toUpperCase();
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${chars.length} beginbfchar`,
    ...chars.map((char) => `<${hex(code.get(char)!, 2)}> <${hex(char.charCodeAt(0), 4)}>`),
    'endbfchar endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');

  const pdf = await PDFDocument.create();
  const context = pdf.context;
  const font = context.register(
    context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: 'Helvetica',
      FirstChar: 0x21,
      LastChar: 0x20 + chars.length,
      Widths: chars.map(() => 500),
      ToUnicode: context.register(context.flateStream(cmap)),
    }),
  );
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    page.node.setFontDictionary(PDFName.of('F1'), font);
    const shown = lines.map(
      (line) => `<${[...line].map((char) => hex(code.get(char)!, 2)).join('')}> Tj T*`,
    );
    const operators = ['BT /F1 12 Tf 14 TL 50 780 Td', ...shown, 'ET'].join('\n');
    page.node.set(PDFName.of('Contents'), context.register(context.flateStream(operators)));
  }
  return pdf.save();
}

/** A ZIP archive with one stored file, as any zip tool writes it. */
function storedZip(name: string, content: string): Uint8Array {
  const file = Buffer.from(name);
  const data = Buffer.from(content);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(file.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(file.length, 28);
  const centralOffset = local.length + file.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + file.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, file, data, central, file, end]);
}

/** A real 1×1 grey PNG. */
function onePixelPng(): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const framed = Buffer.alloc(body.length + 8);
    framed.writeUInt32BE(data.length, 0);
    body.copy(framed, 4);
    framed.writeUInt32BE(crc32(body), body.length + 4);
    return framed;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bit depth; colour type 0 (grey)
  return Buffer.concat([
    Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Uint8Array.of(0, 0x80))),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Deterministic noise, so a failure can be replayed. */
function noise(length: number): Uint8Array {
  let seed = 318;
  return Uint8Array.from({ length }, () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed >> 23;
  });
}

const unreadable = (reason: string, message: RegExp) =>
  expect.objectContaining({
    kind: 'invalid',
    code: 'unreadable_document',
    reason,
    message: expect.stringMatching(message),
  });

describe(extractDocumentText.name, () => {
  describe('text', () => {
    it('should read UTF-8 text, dropping the BOM and turning CRLF and CR into LF', async () => {
      const data = utf8('\uFEFFSố: 318/UBND-YT\r\nKính gửi:\r\n- Phòng Y tế huyện;\r- Đài\r\n');
      await expect(extractDocumentText({ data, filename: 'cv.txt' })).resolves.toEqual({
        text: 'Số: 318/UBND-YT\nKính gửi:\n- Phòng Y tế huyện;\n- Đài',
        format: 'text',
      });
    });

    it('should compose decomposed (NFD) Vietnamese into NFC', async () => {
      const composed = 'Ủy ban nhân dân huyện Ân Thi';
      const data = utf8(composed.normalize('NFD'));
      const { text } = await extractDocumentText({ data });
      expect(text).toBe(composed);
      expect(text.normalize('NFC')).toBe(text);
    });

    it('should read bytes that are not UTF-8 as Windows-1258', async () => {
      const original = 'Ủy ban nhân dân huyện An Thi yêu cầu Phòng Y tế báo cáo trước ngày 20/9.';
      const data = windows1258(original);
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(data)).toThrow();
      await expect(extractDocumentText({ data, filename: 'cu.txt' })).resolves.toEqual({
        text: original,
        format: 'text',
      });
    });

    it('should keep a UTF-8 file with one damaged byte as UTF-8', async () => {
      const data = Buffer.concat([
        utf8('Ủy ban nhân dân huyện'),
        Uint8Array.of(0xff),
        utf8(' Ân Thi'),
      ]);
      const { text } = await extractDocumentText({ data });
      expect(text).toBe('Ủy ban nhân dân huyện\uFFFD Ân Thi');
    });

    it('should read UTF-16 when a BOM says so', async () => {
      const line = 'Công văn số 318/UBND-YT';
      const le = Buffer.concat([Uint8Array.of(0xff, 0xfe), Buffer.from(line, 'utf16le')]);
      const be = Buffer.from(le).swap16();
      await expect(extractDocumentText({ data: le })).resolves.toMatchObject({ text: line });
      await expect(extractDocumentText({ data: be })).resolves.toMatchObject({ text: line });
    });

    it('should give markdown for .md and text/markdown', async () => {
      const data = utf8('**1. Phòng Y tế huyện**\n\nChủ trì, phối hợp.');
      await expect(extractDocumentText({ data, filename: '318.md' })).resolves.toEqual({
        text: '**1. Phòng Y tế huyện**\n\nChủ trì, phối hợp.',
        format: 'markdown',
      });
      await expect(
        extractDocumentText({ data, mediaType: 'text/markdown; charset=utf-8' }),
      ).resolves.toMatchObject({ format: 'markdown' });
    });

    it('should read text that merely starts like a binary signature', async () => {
      // "BM" sniffs as a BMP image; Vietnamese forms are numbered BM-01 (biểu mẫu).
      const data = utf8('BM-01 Biểu mẫu báo cáo kết quả cài đặt Bluezone');
      await expect(extractDocumentText({ data, filename: 'bm01.txt' })).resolves.toEqual({
        text: 'BM-01 Biểu mẫu báo cáo kết quả cài đặt Bluezone',
        format: 'text',
      });
    });

    it('should refuse NUL-laden text such as UTF-16 without a BOM', async () => {
      const data = Buffer.from('Công văn số 318/UBND-YT', 'utf16le');
      await expect(extractDocumentText({ data, filename: 'cv.txt' })).rejects.toEqual(
        unreadable('unsupported_format', /"cv\.txt" cannot be read: it is binary data/),
      );
    });
  });

  describe('docx', () => {
    it('should read a Word document with headings, tables, numbered lists and line breaks', async () => {
      const data = await directiveDocx();
      const { text, format } = await extractDocumentText({ data, filename: '318-UBND-YT.docx' });
      expect(format).toBe('docx');
      expect(text).toBe(
        [
          'ỦY BAN NHÂN DÂN HUYỆN AN THI',
          'Số: 318/UBND-YT',
          'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
          'V/v tăng cường công tác phòng, chống dịch bệnh sốt xuất huyết',
          'Kính gửi:',
          '- Trung tâm Y tế huyện;',
          '- Phòng Y tế huyện;',
          'Để chủ động kiểm soát dịch bệnh, UBND huyện yêu cầu:',
          '1. Phòng Y tế huyện',
          'Chủ trì, phối hợp với Trung tâm Y tế huyện tham mưu UBND huyện kiểm tra công tác ' +
            'phòng, chống dịch tại các xã, thị trấn; hoàn thành trước ngày 20/9/2021.',
          '2. Trung tâm Y tế huyện',
          'a) Giám sát chặt chẽ các ổ dịch, xử lý triệt để ổ dịch mới phát sinh;',
          'b) Tổ chức tập huấn cho cán bộ y tế xã trước ngày 15/9/2021;',
          'c) Báo cáo tình hình dịch định kỳ hằng tuần về UBND huyện.',
          '3. Ủy ban nhân dân các xã, thị trấn',
          '4. Đài Truyền thanh huyện',
          'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
        ].join('\n\n'),
      );
    });

    it('should read a .docx by its bytes whatever its name says', async () => {
      const data = await directiveDocx();
      await expect(extractDocumentText({ data, filename: 'cv.pdf' })).resolves.toMatchObject({
        format: 'docx',
      });
    });

    it('should refuse a damaged .docx', async () => {
      const data = (await directiveDocx()).slice(0, 3000);
      await expect(extractDocumentText({ data, filename: 'cv.docx' })).rejects.toEqual(
        unreadable('damaged', /"cv\.docx" could not be opened as a Word \.docx document/),
      );
    });

    it('should refuse a Word document with no text as empty', async () => {
      const data = await Packer.toBuffer(
        new Document({ sections: [{ children: [new Paragraph('   ')] }] }),
      );
      await expect(extractDocumentText({ data, filename: 'blank.docx' })).rejects.toBeInstanceOf(
        EmptyDocumentError,
      );
    });
  });

  describe('pdf', () => {
    it('should read the Vietnamese text layer of a PDF, line by line and page after page', async () => {
      const data = await vietnamesePdf([
        ['ỦY BAN NHÂN DÂN HUYỆN AN THI', 'Số: 318/UBND-YT', '1. Phòng Y tế huyện'],
        ['2. Trung tâm Y tế huyện', 'Hoàn thành trước ngày 20/9/2021.'],
      ]);
      await expect(extractDocumentText({ data, filename: '318.pdf' })).resolves.toEqual({
        text: [
          'ỦY BAN NHÂN DÂN HUYỆN AN THI',
          'Số: 318/UBND-YT',
          '1. Phòng Y tế huyện',
          '2. Trung tâm Y tế huyện',
          'Hoàn thành trước ngày 20/9/2021.',
        ].join('\n'),
        format: 'pdf',
      });
      expect(data.byteLength).toBeGreaterThan(0); // the caller's buffer is not detached by pdf.js
    });

    it('should read a PDF drawn with a standard font, even when named .txt', async () => {
      const pdf = await PDFDocument.create();
      const font = await pdf.embedFont(StandardFonts.Helvetica);
      const page = pdf.addPage();
      page.drawText('UY BAN NHAN DAN HUYEN AN THI', { x: 50, y: 700, size: 12, font });
      page.drawText('Phong Y te huyen: hoan thanh truoc ngay 20/9/2021', {
        x: 50,
        y: 680,
        size: 12,
        font,
      });
      const data = await pdf.save();
      await expect(extractDocumentText({ data, filename: 'cv.txt' })).resolves.toEqual({
        text: 'UY BAN NHAN DAN HUYEN AN THI\nPhong Y te huyen: hoan thanh truoc ngay 20/9/2021',
        format: 'pdf',
      });
    });

    it('should find a PDF header after leading junk when the name says .pdf', async () => {
      const pdf = await vietnamesePdf([['Công văn số 318/UBND-YT của Ủy ban nhân dân huyện']]);
      const data = Buffer.concat([utf8('garbage from a mail gateway\n'), pdf]);
      await expect(extractDocumentText({ data, filename: 'cv.pdf' })).resolves.toEqual({
        text: 'Công văn số 318/UBND-YT của Ủy ban nhân dân huyện',
        format: 'pdf',
      });
      expect(data.byteLength).toBe(pdf.byteLength + 28); // the caller's Buffer is left intact
    });

    it('should refuse a PDF with no text layer', async () => {
      const pdf = await PDFDocument.create();
      pdf
        .addPage()
        .drawRectangle({ x: 50, y: 50, width: 400, height: 600, color: rgb(0.5, 0.5, 0.5) });
      const data = await pdf.save();
      await expect(extractDocumentText({ data, filename: 'scan.pdf' })).rejects.toEqual(
        unreadable('no_text_layer', /"scan\.pdf" has no text layer.*\(OCR\) is not supported/),
      );
    });

    it('should refuse a damaged PDF', async () => {
      const data = utf8('%PDF-1.7\n1 0 obj << /Type /Catalog >> nonsense');
      await expect(extractDocumentText({ data, filename: 'cv.pdf' })).rejects.toEqual(
        unreadable('damaged', /could not be opened as a PDF/),
      );
    });

    it('should give up on a library that takes longer than the timeout', async () => {
      const data = await vietnamesePdf([['Ủy ban nhân dân huyện An Thi, công văn số 318']]);
      await expect(extractDocumentText({ data }, { timeoutMs: 1 })).rejects.toEqual(
        unreadable('timeout', /the file took longer than 0\.001 s to read/),
      );
    });
  });

  describe('refusals', () => {
    it('should refuse an empty file and one of only whitespace', async () => {
      await expect(
        extractDocumentText({ data: new Uint8Array(0), filename: 'cv.txt' }),
      ).rejects.toEqual(expect.objectContaining({ code: 'empty_document', kind: 'invalid' }));
      await expect(extractDocumentText({ data: utf8(' \r\n\t\u00A0\n ') })).rejects.toBeInstanceOf(
        EmptyDocumentError,
      );
    });

    it('should refuse a file larger than the limit before reading it', async () => {
      const data = new Uint8Array(MAX_DOCUMENT_BYTES + 1).fill(0x61);
      await expect(extractDocumentText({ data })).rejects.toBeInstanceOf(DocumentTooLargeError);
      await expect(extractDocumentText({ data })).rejects.toMatchObject({
        code: 'document_too_large',
        kind: 'invalid',
        message: 'the file is 10.0 MB; the limit is 10.0 MB',
      });
    });

    it('should refuse a PNG image, saying what was received and what is accepted', async () => {
      const data = onePixelPng();
      await expect(extractDocumentText({ data, filename: 'photo.png' })).rejects.toEqual(
        unreadable(
          'unsupported_format',
          /^"photo\.png" cannot be read: it is PNG data \(image\/png\)\. Upload a \.txt, \.md, \.docx or \.pdf file$/,
        ),
      );
    });

    it('should refuse random bytes, also when named .docx', async () => {
      await expect(extractDocumentText({ data: noise(4096) })).rejects.toBeInstanceOf(
        UnreadableDocumentError,
      );
      await expect(extractDocumentText({ data: noise(4096), filename: 'cv.docx' })).rejects.toEqual(
        unreadable('unsupported_format', /binary data, not text, although its name says \.docx/),
      );
    });

    it('should refuse a ZIP archive that is not a Word document', async () => {
      const data = storedZip('danh-sach.txt', 'Phòng Y tế huyện');
      await expect(extractDocumentText({ data, filename: 'files.zip' })).rejects.toEqual(
        unreadable('unsupported_format', /it is ZIP data \(application\/zip\)/),
      );
      await expect(extractDocumentText({ data, filename: 'cv.docx' })).rejects.toEqual(
        unreadable('damaged', /could not be opened as a Word \.docx document/),
      );
    });

    it('should ask for .docx or PDF instead of an old .doc', async () => {
      const data = Buffer.concat([
        Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1),
        new Uint8Array(504),
      ]);
      await expect(extractDocumentText({ data, filename: 'cv.doc' })).rejects.toEqual(
        unreadable('legacy_office', /old Word 97-2003 \.doc.*save it as \.docx or PDF/),
      );
    });

    it('should refuse RTF, which is text but not the text of the document', async () => {
      const data = utf8('{\\rtf1\\ansi {\\fonttbl\\f0 Times;} C\\u244?ng v\\u259?n}');
      await expect(extractDocumentText({ data, filename: 'cv.txt' })).rejects.toEqual(
        unreadable('rich_text', /is RTF \(application\/rtf\), not plain text/),
      );
    });
  });

  describe('size', () => {
    it('should read a 1 MB text and a 50-page Word document', async () => {
      const line = 'Tổ chức chiến dịch diệt bọ gậy, vệ sinh môi trường tại 100% thôn, khu phố.\r\n';
      const big = utf8(line.repeat(Math.ceil((1024 * 1024) / utf8(line).byteLength)));
      const text = await extractDocumentText({ data: big, filename: 'big.txt' });
      expect(text.text.split('\n')).toHaveLength(Math.ceil((1024 * 1024) / utf8(line).byteLength));

      const docx = await extractDocumentText({ data: await longDocx(), filename: 'long.docx' });
      expect(docx.text).toContain('\n\n150. Đơn vị thứ 150\n\n');
      expect(docx.text.split('\n\n')).toHaveLength(750);
    }, 30_000);
  });
});
