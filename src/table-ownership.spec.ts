import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { TABLE_OWNERS } from './table-owners.js';

const SRC = dirname(fileURLToPath(import.meta.url));
const MIGRATIONS = join(SRC, '..', 'migrations');

/** A write found in a source file: where, to which table, by what means. */
interface Write {
  file: string;
  line: number;
  table: string;
  how: string;
}

// The TypeORM calls that write through a repository or the entity manager.
const DIRECT_WRITES = new Set([
  'save',
  'insert',
  'update',
  'upsert',
  'delete',
  'remove',
  'softDelete',
  'softRemove',
  'restore',
  'recover',
  'increment',
  'decrement',
  'clear',
]);
// Of those, the ones that take an entity instance rather than the entity class.
const INSTANCE_WRITES = new Set(['save', 'remove', 'softRemove', 'recover']);
// What makes a query builder chain a write.
const BUILDER_WRITES = new Set(['insert', 'update', 'delete', 'softDelete', 'restore']);

// A table name in SQL: quoted, bare, schema-qualified, or a `${…}` the scan cannot read.
const TABLE = String.raw`(?:"?public"?\.)?(?:"(\w+)"|(\w+)|(\$\{\s*\}))`;
const SQL_WRITES: Array<[string, RegExp]> = [
  ['INSERT', new RegExp(String.raw`\binsert\s+into\s+${TABLE}`, 'gi')],
  [
    'UPDATE',
    new RegExp(
      String.raw`\bupdate\s+(?:only\s+)?${TABLE}(?:\s+(?:as\s+)?(?!set\b)\w+)?\s+set\b`,
      'gi',
    ),
  ],
  ['DELETE', new RegExp(String.raw`\bdelete\s+from\s+(?:only\s+)?${TABLE}`, 'gi')],
  ['MERGE', new RegExp(String.raw`\bmerge\s+into\s+${TABLE}`, 'gi')],
  ['TRUNCATE', new RegExp(String.raw`\btruncate\s+(?:table\s+)?(?:only\s+)?${TABLE}`, 'gi')],
];

/** Entity class name → table, from `@Entity({ name: '…' })` (and the `@JoinTable` it owns). */
function entityTables(files: Array<{ path: string; text: string }>): Map<string, string> {
  const tables = new Map<string, string>();
  for (const { text } of files) {
    for (const match of text.matchAll(
      /@Entity\(\s*\{\s*name:\s*'(\w+)'[^]*?\bexport\s+class\s+(\w+)/g,
    )) {
      tables.set(match[2], match[1]);
    }
  }
  return tables;
}

/** Tables the migrations create (in `up`), less those they drop. */
function migrationTables(): Set<string> {
  const tables = new Set<string>();
  for (const name of readdirSync(MIGRATIONS)
    .filter((file) => /^\d+-.*\.ts$/.test(file))
    .sort()) {
    const text = readFileSync(join(MIGRATIONS, name), 'utf8');
    const up = text.slice(text.indexOf('async up('), text.indexOf('async down('));
    for (const [, table] of up.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?(\w+)"?/g)) {
      tables.add(table);
    }
    for (const [, table] of up.matchAll(/DROP TABLE (?:IF EXISTS )?"?(\w+)"?/g)) {
      tables.delete(table);
    }
  }
  return tables;
}

/** `a.b(x).c(y)` as its root (`a`) and the calls made on it, in order. */
function chainOf(expression: ts.Expression): {
  root: ts.Expression;
  calls: Array<{ name: string; args: readonly ts.Expression[] }>;
} {
  const calls: Array<{ name: string; args: readonly ts.Expression[] }> = [];
  let node = expression;
  for (;;) {
    if (ts.isAwaitExpression(node) || ts.isParenthesizedExpression(node)) {
      node = node.expression;
    } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      calls.unshift({ name: node.expression.name.text, args: node.arguments });
      node = node.expression.expression;
    } else {
      return { root: node, calls };
    }
  }
}

/**
 * The writes in one source file: INSERT/UPDATE/DELETE/MERGE/TRUNCATE in its string and template
 * literals (comments are not literals, so prose is not read), and TypeORM writes whose entity can
 * be told from the text: a repository from `getRepository(E)`, `Repository<E>` or
 * `@InjectRepository(E)`; `manager.insert(E, …)`; `manager.save(manager.create(E, …))`; a query
 * builder chain with `.insert().into(E)`, `.update(E)`, `.delete().from(E)`; `manager.save(x)`
 * where `x` is declared as an `E` or from an expression naming `E`. A write whose entity cannot
 * be told is reported with the table `?`, so the scan cannot be dodged by indirection.
 */
function writesIn(file: string, text: string, entities: Map<string, string>): Write[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const writes: Write[] = [];
  const lineAt = (position: number) => source.getLineAndCharacterOfPosition(position).line + 1;
  const tableOf = (node: ts.Expression | undefined): string | undefined => {
    if (!node) return undefined;
    if (ts.isIdentifier(node)) return entities.get(node.text);
    // A string names a table only when it is one (or an entity's name): `hash.update('…')` is
    // no write.
    if (ts.isStringLiteral(node)) {
      if (node.text in TABLE_OWNERS) return node.text;
      return entities.get(node.text);
    }
    return undefined;
  };
  // Names bound to a repository or an entity: `x: Repository<E>`, `x = …getRepository(E)…`,
  // `x: E`, `x = … E …` (the first entity class named in the initializer).
  const repositories = new Map<string, string>();
  const instances = new Map<string, string>();
  const bind = (name: string, type: ts.TypeNode | undefined, init: ts.Node | undefined) => {
    const typeText = type?.getText(source) ?? '';
    const repository =
      /\bRepository<\s*(\w+)\s*>/.exec(typeText)?.[1] ??
      (init && /getRepository\(\s*(\w+)\s*\)\s*$/.exec(init.getText(source))?.[1]);
    if (repository && entities.has(repository)) {
      repositories.set(name, entities.get(repository)!);
      return;
    }
    const named = [typeText, init?.getText(source) ?? '']
      .flatMap((part) => part.match(/\b[A-Z]\w*\b/g) ?? [])
      .find((word) => entities.has(word));
    if (named) instances.set(name, entities.get(named)!);
  };
  const visitBindings = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name)) {
      bind(node.name.text, node.type, node.initializer);
    } else if (ts.isParameter(node) && ts.isIdentifier(node.name)) {
      const injected = ts
        .getDecorators(node)
        ?.map((d) => /^@InjectRepository\(\s*(\w+)\s*\)$/.exec(d.getText(source))?.[1])
        .find(Boolean);
      if (injected && entities.has(injected)) {
        repositories.set(node.name.text, entities.get(injected)!);
      } else bind(node.name.text, node.type, undefined);
    } else if (ts.isPropertyDeclaration(node) && ts.isIdentifier(node.name)) {
      bind(node.name.text, node.type, node.initializer);
    }
    ts.forEachChild(node, visitBindings);
  };
  visitBindings(source);
  const repositoryOf = (root: ts.Expression): string | undefined => {
    if (ts.isIdentifier(root)) return repositories.get(root.text);
    if (ts.isPropertyAccessExpression(root) && root.expression.kind === ts.SyntaxKind.ThisKeyword) {
      return repositories.get(root.name.text);
    }
    return undefined;
  };

  const sql = (node: ts.Node) => {
    // The literal's own text, with `${…}` expressions blanked (same length, so positions hold).
    let literal = text.slice(node.getStart(source), node.end);
    if (ts.isTemplateExpression(node)) {
      for (const span of node.templateSpans) {
        const from = span.expression.getFullStart() - node.getStart(source);
        const to = span.expression.end - node.getStart(source);
        literal =
          literal.slice(0, from) +
          literal.slice(from, to).replace(/[^\n]/g, ' ') +
          literal.slice(to);
      }
    }
    for (const [how, pattern] of SQL_WRITES) {
      for (const match of literal.matchAll(pattern)) {
        const table = match[1] ?? match[2] ?? '${…}';
        if (match[3] === undefined && !(table in TABLE_OWNERS) && !known.has(table)) continue;
        writes.push({ file, line: lineAt(node.getStart(source) + match.index), table, how });
      }
    }
  };

  const visit = (node: ts.Node): void => {
    if (
      ts.isStringLiteral(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isTemplateExpression(node)
    ) {
      sql(node);
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { root, calls } = chainOf(node);
      const method = calls[calls.length - 1].name;
      const builder = calls.findIndex((call) => call.name === 'createQueryBuilder');
      const line = lineAt(node.getStart(source));
      const viaRepository =
        tableOf(calls.find((call) => call.name === 'getRepository')?.args[0]) ?? repositoryOf(root);
      if (builder >= 0 && method === 'execute') {
        const writing = calls.slice(builder + 1).find((call) => BUILDER_WRITES.has(call.name));
        if (writing) {
          const named = calls
            .slice(builder)
            .filter((call) => ['createQueryBuilder', 'into', 'update', 'from'].includes(call.name))
            .map((call) => tableOf(call.args[0]))
            .find(Boolean);
          const table = named ?? viaRepository ?? '?';
          writes.push({ file, line, table, how: `query builder ${writing.name}()` });
        }
      } else if (builder < 0 && DIRECT_WRITES.has(method)) {
        const first = node.arguments[0];
        const created =
          first && ts.isCallExpression(first) && ts.isPropertyAccessExpression(first.expression)
            ? first.expression.name.text === 'create'
              ? tableOf(first.arguments[0])
              : undefined
            : undefined;
        const looksLikeManager = /manager$/i.test(
          (calls.length > 1 ? '' : root.getText(source)).trim(),
        );
        let table = viaRepository ?? tableOf(first) ?? created;
        if (!table && INSTANCE_WRITES.has(method) && looksLikeManager && first) {
          table = (ts.isIdentifier(first) && instances.get(first.text)) || '?';
        }
        if (!table && looksLikeManager && !INSTANCE_WRITES.has(method)) table = '?';
        if (table) writes.push({ file, line, table, how: `TypeORM ${method}()` });
      }
    }
    ts.forEachChild(node, visit);
  };
  const known = new Set(entities.values());
  visit(source);
  return writes;
}

/** The writes that name a table outside its owner (or a table the scan cannot name). */
function misplaced(writes: Write[]): string[] {
  return writes.flatMap(({ file, line, table, how }) => {
    const owner = (TABLE_OWNERS as Record<string, string>)[table];
    if (owner && file.startsWith(`${owner}/`)) return [];
    return [
      owner
        ? `src/${file}:${line}: ${how} writes ${table}, owned by ${owner}: call what src/${owner}/ exports`
        : `src/${file}:${line}: ${how} writes ${table}, which has no owner in src/table-owners.ts`,
    ];
  });
}

/** The .ts files of src/, without specs. */
function sourceFiles(): Array<{ path: string; text: string }> {
  const files: Array<{ path: string; text: string }> = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/(?<!\.spec|\.d)\.ts$/.test(entry.name)) {
        files.push({ path: relative(SRC, path), text: readFileSync(path, 'utf8') });
      }
    }
  };
  walk(SRC);
  return files;
}

describe('table ownership', () => {
  const files = sourceFiles();
  const entities = entityTables(files);

  it('should give every table the migrations create exactly one owner, and no others', () => {
    expect(Object.keys(TABLE_OWNERS).sort()).toEqual([...migrationTables()].sort());
  });

  it('should keep every entity in the folder of its table owner', () => {
    const astray = files.flatMap(({ path, text }) =>
      [...text.matchAll(/@Entity\(\s*\{\s*name:\s*'(\w+)'/g)].flatMap(([, table]) => {
        const owner = (TABLE_OWNERS as Record<string, string>)[table];
        return owner && path.startsWith(`${owner}/`) ? [] : [`${path}: ${table} (${owner})`];
      }),
    );
    expect(astray).toEqual([]);
  });

  it('should find no write to a table outside its owner in src/', () => {
    const found = files.flatMap(({ path, text }) => writesIn(path, text, entities));
    // The scan sees the writes it should (a guard against it silently finding nothing).
    expect(new Set(found.map((write) => write.table))).toEqual(
      new Set(Object.keys(TABLE_OWNERS).filter((table) => table !== 'unit_group_members')),
    );
    expect(misplaced(found)).toEqual([]);
  });

  describe('the scan', () => {
    const scan = (file: string, code: string) => misplaced(writesIn(file, code, entities));

    it('should name raw SQL writes outside the owner, with file, line, table and owner', () => {
      expect(
        scan(
          'targets/x.ts',
          'const a = 1;\nawait db.query(`UPDATE directives SET targets = $2 WHERE id = $1`);',
        ),
      ).toEqual([
        'src/targets/x.ts:2: UPDATE writes directives, owned by directives: call what src/directives/ exports',
      ]);
      expect(
        scan(
          'escalation/x.ts',
          `const q = \`WITH e AS (SELECT 1)
             INSERT INTO "task_events" (task_id) SELECT 1;
             update public.outbox_events o set processed_at = now();
             DELETE FROM ONLY notifications WHERE true\`;`,
        ),
      ).toEqual([
        'src/escalation/x.ts:2: INSERT writes task_events, owned by tasks: call what src/tasks/ exports',
        'src/escalation/x.ts:3: UPDATE writes outbox_events, owned by core/outbox: call what src/core/outbox/ exports',
        'src/escalation/x.ts:4: DELETE writes notifications, owned by notifications: call what src/notifications/ exports',
      ]);
    });

    it('should let the owner write, and ignore comments, locks and prose', () => {
      expect(scan('tasks/x.ts', "q('INSERT INTO task_events (kind) VALUES ($1)');")).toEqual([]);
      expect(scan('core/outbox/x.ts', "q('UPDATE outbox_events SET a = 1');")).toEqual([]);
      expect(
        scan(
          'web/x.ts',
          `// UPDATE tasks SET status = 'x'
           /* DELETE FROM tasks */
           q('SELECT id FROM tasks FOR UPDATE SKIP LOCKED');
           q('SELECT 1 FROM outbound_deliveries d FOR UPDATE OF d SKIP LOCKED');
           const message = 'could not update the tasks list';`,
        ),
      ).toEqual([]);
    });

    it('should name a table it cannot read', () => {
      expect(scan('web/x.ts', 'q(`INSERT INTO ${table} (a) VALUES (1)`);')).toEqual([
        'src/web/x.ts:1: INSERT writes ${…}, which has no owner in src/table-owners.ts',
      ]);
    });

    it('should name TypeORM writes through repositories, the manager and query builders', () => {
      expect(
        scan(
          'users/x.ts',
          `class UsersThing {
             constructor(@InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>) {}
             async a(manager: EntityManager, task: Task) {
               await this.sessions.update({ userId }, { revokedAt: new Date() });
               await manager.getRepository(RefreshToken)
                 .delete({ sessionId });
               const tokens = manager.getRepository(RefreshToken);
               await tokens.insert({ sessionId });
               await manager.insert(TaskEvent, { taskId });
               await manager.save(manager.create(Evidence, { taskId }));
               await manager.save(task);
               await manager.createQueryBuilder().insert().into(Task).values([]).execute();
               await manager.getRepository(AuthSession).createQueryBuilder().update().set({}).execute();
               await manager.createQueryBuilder().delete().from(Escalation).execute();
               await manager.getRepository(User).update({ id }, {});
             }
           }`,
        ),
      ).toEqual([
        'src/users/x.ts:4: TypeORM update() writes auth_sessions, owned by auth: call what src/auth/ exports',
        'src/users/x.ts:5: TypeORM delete() writes refresh_tokens, owned by auth: call what src/auth/ exports',
        'src/users/x.ts:8: TypeORM insert() writes refresh_tokens, owned by auth: call what src/auth/ exports',
        'src/users/x.ts:9: TypeORM insert() writes task_events, owned by tasks: call what src/tasks/ exports',
        'src/users/x.ts:10: TypeORM save() writes evidence, owned by tasks: call what src/tasks/ exports',
        'src/users/x.ts:11: TypeORM save() writes tasks, owned by tasks: call what src/tasks/ exports',
        'src/users/x.ts:12: query builder insert() writes tasks, owned by tasks: call what src/tasks/ exports',
        'src/users/x.ts:13: query builder update() writes auth_sessions, owned by auth: call what src/auth/ exports',
        'src/users/x.ts:14: query builder delete() writes escalations, owned by escalation: call what src/escalation/ exports',
      ]);
    });

    it('should refuse a manager write whose entity it cannot tell', () => {
      expect(
        scan('units/x.ts', 'async function f(manager, thing) { await manager.save(thing); }'),
      ).toEqual([
        'src/units/x.ts:1: TypeORM save() writes ?, which has no owner in src/table-owners.ts',
      ]);
    });

    it('should leave calls that are not TypeORM writes alone', () => {
      expect(
        scan(
          'web/x.ts',
          `this.users.update(id, body); hash.update(chunk); seen.delete(key);
           createHmac('sha256', key).update('dondoc signed cookies').digest();
           await job.remove(); await this.storage.save(file);`,
        ),
      ).toEqual([]);
    });
  });
});
