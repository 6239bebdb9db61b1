import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import {
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
  pgErrorCode,
} from '../core/database/pg-error.js';
import { TransactionRunner } from '../core/database/transaction-runner.js';
import { NotFoundError } from '../core/errors/domain-error.js';
import type { Page } from '../core/http/pagination.js';
import { PasswordHasher } from './password-hasher.js';
import type { Role } from '../core/access/role.js';
import type { CreateUserDto, UpdateUserDto, UserListQuery } from './user.dto.js';
import { User } from './user.entity.js';
import { UnknownUnitError, UsernameTakenError } from './users.errors.js';

export interface NewUser {
  username: string;
  fullName: string;
  role: Role;
  unitId: string;
  passwordHash: string;
}

/**
 * Ends a user's sessions inside the transaction that changed the password; returns how many.
 * The auth module owns sessions and registers it, so users need not import auth.
 */
export type EndSessionsHandler = (
  manager: EntityManager,
  userId: string,
  reason: 'disabled' | 'password_changed',
) => Promise<number>;

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);
  private endSessions: EndSessionsHandler | null = null;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly transactions: TransactionRunner,
  ) {}

  /** The user behind a token, if it still exists and may sign in. */
  findActive(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id, active: true } });
  }

  /** For sign-in only: the one read that includes the password hash. */
  findForSignIn(username: string): Promise<User | null> {
    return this.users
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.username = :username', { username: username.trim().toLowerCase() })
      .getOne();
  }

  async get(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  async getWithUnit(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id }, relations: { unit: true } });
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  async list(query: UserListQuery): Promise<Page<User>> {
    const [items, total] = await this.users.findAndCount({
      // TypeORM refuses an undefined value in a where: leave out the filters not given.
      where: {
        ...(query.unitId ? { unitId: query.unitId } : {}),
        ...(query.role ? { role: query.role } : {}),
      },
      order: { username: 'ASC' },
      take: query.limit,
      skip: query.offset,
    });
    return { items, total, limit: query.limit, offset: query.offset };
  }

  async create(input: CreateUserDto): Promise<User> {
    const passwordHash = await this.hasher.hash(input.password);
    const user = await this.insert(this.users.manager, { ...input, passwordHash });
    this.logger.log(`created user ${user.id} (${user.username}, ${user.role})`);
    return user;
  }

  async update(id: string, input: UpdateUserDto): Promise<User> {
    const user = await this.get(id);
    const { password, ...fields } = input;
    const changes: Partial<User> = { ...fields };
    const endSessions = this.endSessions;
    if ((password !== undefined || input.active === false) && !endSessions) {
      throw new Error(
        'no handler ends sessions on a password change or deactivation (is AuthModule loaded?)',
      );
    }
    if (password !== undefined) changes.passwordHash = await this.hasher.hash(password);
    const ended = await this.transactions.run(async (manager) => {
      try {
        await manager.getRepository(User).update({ id: user.id }, changes);
      } catch (error) {
        throw translateUnitError(error, input.unitId);
      }
      // A new password is usually set because the old one leaked: whoever signed in with it,
      // on any device, signs in again (the access tokens die with their session at once), in the
      // same transaction as the change. A deactivated account's sessions end too, so
      // reactivating it brings none of them back.
      if (!endSessions) return 0;
      if (input.active === false) return endSessions(manager, user.id, 'disabled');
      if (password !== undefined) return endSessions(manager, user.id, 'password_changed');
      return 0;
    });
    this.logger.log(
      `updated user ${id}: ${Object.keys(changes).join(', ')}` +
        (ended > 0 ? `; ${ended} session(s) ended` : ''),
    );
    return this.get(id);
  }

  /**
   * Registers what ends a user's sessions when the password changes or the account is disabled
   * (AuthService, at start: the sessions are auth's table, and users must not import auth).
   */
  onSessionsMustEnd(handler: EndSessionsHandler): void {
    this.endSessions = handler;
  }

  /** Inserts a user whose password is already hashed, inside the caller's transaction. */
  async insert(manager: EntityManager, input: NewUser): Promise<User> {
    try {
      const saved = await manager.getRepository(User).save(manager.create(User, input));
      return { ...saved, passwordHash: '' };
    } catch (error) {
      if (pgErrorCode(error) === PG_UNIQUE_VIOLATION) {
        throw new UsernameTakenError(input.username);
      }
      throw translateUnitError(error, input.unitId);
    }
  }

  /** Active users of a unit (or of any unit) holding one of the roles: who a reminder goes to. */
  async activeIds(filter: { unitId?: string; roles: Role[] }): Promise<string[]> {
    const builder = this.users
      .createQueryBuilder('user')
      .select('user.id', 'id')
      .where('user.active')
      .andWhere('user.role IN (:...roles)', { roles: filter.roles });
    if (filter.unitId) builder.andWhere('user.unitId = :unitId', { unitId: filter.unitId });
    return (await builder.getRawMany<{ id: string }>()).map((row) => row.id);
  }

  /** Usernames among the given ones that already exist (the demo seed skips those). */
  async existingUsernames(manager: EntityManager, usernames: string[]): Promise<Set<string>> {
    const rows = await manager
      .getRepository(User)
      .createQueryBuilder('user')
      .select('user.username', 'username')
      .where('user.username = ANY(:usernames)', { usernames })
      .getRawMany<{ username: string }>();
    return new Set(rows.map((row) => row.username));
  }
}

function translateUnitError(error: unknown, unitId: string | undefined): unknown {
  if (pgErrorCode(error) === PG_FOREIGN_KEY_VIOLATION && unitId) {
    return new UnknownUnitError(unitId);
  }
  return error;
}

/** Ends every live session of a user, inside the caller's transaction; how many it ended. */
