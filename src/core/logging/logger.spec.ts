import { Writable } from 'node:stream';
import { chooseLogFormat, createRootLogger, NestPinoLogger } from './logger.js';

function collect(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe(chooseLogFormat.name, () => {
  it('should write readable lines to a terminal outside production, JSON otherwise', () => {
    expect(chooseLogFormat({ NODE_ENV: 'development' }, true)).toBe('pretty');
    expect(chooseLogFormat({ NODE_ENV: 'development' }, false)).toBe('json');
    expect(chooseLogFormat({ NODE_ENV: 'production' }, true)).toBe('json');
  });

  it('should let LOG_FORMAT decide when it is set', () => {
    expect(chooseLogFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false)).toBe('pretty');
    expect(chooseLogFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' }, true)).toBe('json');
  });
});

describe(NestPinoLogger.name, () => {
  it('should write Nest’s module and route lines at debug level, other lines at info', () => {
    const { stream, lines } = collect();
    const logger = new NestPinoLogger(createRootLogger('log', 'test', 'json', stream));
    logger.log('Mapped {/api/tasks, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('task 42 escalated', 'EscalationProcessor');
    expect(lines.map((line) => JSON.parse(line) as { msg: string; level: number })).toEqual([
      expect.objectContaining({ msg: 'task 42 escalated', level: 30 }),
    ]);

    const verbose = collect();
    new NestPinoLogger(createRootLogger('debug', 'test', 'json', verbose.stream)).log(
      'Mapped {/api/tasks, GET} route',
      'RouterExplorer',
    );
    expect(JSON.parse(verbose.lines[0])).toMatchObject({ level: 20, context: 'RouterExplorer' });
  });

  it('should write one readable line per entry in the pretty format', () => {
    const { stream, lines } = collect();
    const root = createRootLogger('log', 'test', 'pretty', stream);
    new NestPinoLogger(root).log('dondoc worker started', 'Bootstrap');
    root.info(
      { reqId: 'r1', method: 'GET', url: '/api/me', statusCode: 200, responseTime: 3.2 },
      'request completed',
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/INFO.*Bootstrap: dondoc worker started/);
    expect(lines[1]).toMatch(/GET \/api\/me 200 3\.2 ms.*"reqId":"r1"/);
    expect(lines.join('\n')).not.toContain('"pid"');
  });
});
