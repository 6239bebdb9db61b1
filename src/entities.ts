import { UnitGroup } from './units/unit-group.entity.js';
import { Unit } from './units/unit.entity.js';
import { User } from './users/user.entity.js';

/** Every entity, for the shared data source (app, tests and migration CLI alike). */
export const ENTITIES = [Unit, UnitGroup, User];
