import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from './configuration-doc.js';
import { Environment } from './environment.js';

describe(renderConfigurationDoc.name, () => {
  it('should match the committed docs/configuration.md (run `npm run docs:config` after changing the environment)', () => {
    const committed = readFileSync(
      resolve(import.meta.dirname, '../../..', CONFIGURATION_DOC_PATH),
      'utf8',
    );
    expect(renderConfigurationDoc()).toBe(committed);
  });

  it('should list every variable of the environment class once, with its default', () => {
    const page = renderConfigurationDoc();
    for (const [name, value] of Object.entries(new Environment())) {
      const rows = page.split('\n').filter((line) => line.startsWith(`| \`${name}\` |`));
      expect(rows).toHaveLength(1);
      if (value !== undefined) expect(rows[0]).toContain(`| \`${String(value)}\` |`);
    }
  });

  it('should take accepted values from the validators', () => {
    const page = renderConfigurationDoc();
    expect(page).toContain('| `PORT` | `3000` | a whole number from 0 to 65535 |');
    expect(page).toContain(
      '| `NODE_ENV` | `development` | `development`, `test` or `production` |',
    );
    expect(page).toContain('| `OUTBOX_POLL_MS` | `500` | a whole number ≥ 50 |');
  });
});
