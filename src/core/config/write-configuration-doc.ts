import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIGURATION_DOC_PATH, renderConfigurationDoc } from './configuration-doc.js';

// `npm run docs:config`: rewrites docs/configuration.md from the validated environment class.
const target = resolve(process.cwd(), CONFIGURATION_DOC_PATH);
writeFileSync(target, renderConfigurationDoc());
process.stdout.write(`wrote ${CONFIGURATION_DOC_PATH}\n`);
