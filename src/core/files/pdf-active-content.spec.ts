import { deflateSync } from 'node:zlib';
import { pdfActiveContent } from './pdf-active-content.js';

const pdf = (body: string) => Buffer.from(`%PDF-1.7\n${body}\n%%EOF\n`, 'latin1');

describe(pdfActiveContent.name, () => {
  it('should find scripts, launch actions and event actions', () => {
    expect(
      pdfActiveContent(
        pdf(
          '1 0 obj << /Type /Catalog /OpenAction 2 0 R >> endobj\n2 0 obj << /S /JavaScript /JS (app.alert(1)) >> endobj',
        ),
      ),
    ).toBe('/JavaScript');
    expect(pdfActiveContent(pdf('1 0 obj << /S /Launch /F (cmd.exe) >> endobj'))).toBe('/Launch');
    expect(pdfActiveContent(pdf('1 0 obj << /Type /Page /AA << /O 2 0 R >> >> endobj'))).toBe(
      '/AA',
    );
  });

  it('should see through #xx escapes in names', () => {
    expect(pdfActiveContent(pdf('1 0 obj << /S /J#61vaScript /J#53 (x) >> endobj'))).toBe(
      '/JavaScript',
    );
  });

  it('should look inside compressed object streams', () => {
    const hidden = deflateSync(Buffer.from('5 0 << /S /JavaScript /JS (app.alert(1)) >>'));
    const data = Buffer.concat([
      pdf('').subarray(0, 9),
      Buffer.from(
        `4 0 obj << /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length ${hidden.length} >>\nstream\n`,
        'latin1',
      ),
      hidden,
      Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
    ]);
    expect(pdfActiveContent(data)).toBe('/JavaScript');
  });

  it('should pass an ordinary PDF, an OpenAction that only opens a page included', () => {
    expect(
      pdfActiveContent(
        pdf('1 0 obj << /Type /Catalog /Pages 2 0 R /OpenAction [3 0 R /Fit] >> endobj'),
      ),
    ).toBeNull();
    expect(pdfActiveContent(pdf('1 0 obj << /JSX 1 /JavaScripts 2 /AAA 3 >> endobj'))).toBeNull();
  });
});
