import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { type ChainDto, ChainService } from './chain.service.js';

/** Triển khai: a directive and what the bodies under it carried down, to any depth. */
@ApiTags('directives')
@ApiBearerAuth()
@AnyRole()
@Controller('directives')
export class ChainController {
  constructor(private readonly chains: ChainService) {}

  /** The tree: each task (unit, status, deadline, flags) and, under a carried-down task, its child directive(s). */
  @Get(':id/chain')
  @ApiOkResponse({ description: 'ChainDto (see chain.service.ts, chain-tree.ts)' })
  async chain(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<ChainDto> {
    return this.chains.chain(id, user);
  }
}
