import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DomainError } from './core/errors/domain-error.js';
import { extractDocumentText } from './directives/document-text.js';
import { directiveProblems, parseDirective } from './directives/parser/directive-parser.js';

/**
 * `npm run --silent cli -- parse FILE|-`: prints the parser's JSON for a letter (.txt, .md,
 * .docx, .pdf, or stdin). Anything that cannot be read as a directive exits with status 2 and
 * one line on stderr.
 */
async function main(argv: string[]): Promise<number> {
  const [command, file] = argv;
  if (command !== 'parse' || !file) {
    process.stderr.write(
      'usage: npm run --silent cli -- parse FILE   (FILE: .txt, .md, .docx, .pdf, or - for stdin)\n',
    );
    return 2;
  }
  const data = file === '-' ? await readStdin() : await readFile(file);
  const document = await extractDocumentText({
    data,
    filename: file === '-' ? undefined : basename(file),
  });
  const parsed = parseDirective(document.text);
  const problems = directiveProblems(parsed);
  if (problems.length > 0) {
    process.stderr.write(
      `dondoc: ${file === '-' ? 'stdin' : file} is not a directive: ${problems.join('; ')}\n`,
    );
    return 2;
  }
  process.stdout.write(`${JSON.stringify(parsed, null, 2)}\n`);
  return 0;
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const { code, message } = error as { code?: string; message?: string };
    const reason =
      error instanceof DomainError
        ? message
        : code === 'ENOENT'
          ? 'no such file'
          : code === 'EISDIR'
            ? 'is a directory'
            : (message ?? String(error));
    process.stderr.write(`dondoc: cannot read ${process.argv[3] ?? 'input'}: ${reason}\n`);
    process.exitCode = 2;
  },
);
