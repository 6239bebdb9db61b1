import { CreateUnitsAndUsers1795864294483 } from './1795864294483-create-units-and-users.js';

/**
 * Every migration, oldest first. Listed rather than globbed so the app, the tests (Jest's module
 * loader) and the CLI load the very same classes: `npm run migration:generate -- <name>` writes
 * the file, and you add its class here.
 */
export const MIGRATIONS = [CreateUnitsAndUsers1795864294483];
