import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnyRole, type AuthUser, CurrentUser, Roles } from '../core/access/access.decorators.js';
import { UuidParam } from '../core/http/uuid-param.js';
import { AttentionItemDto, EscalationDto } from './escalation.dto.js';
import { EscalationsService } from './escalations.service.js';

@ApiTags('escalations')
@ApiBearerAuth()
@Controller()
export class EscalationsController {
  constructor(private readonly escalations: EscalationsService) {}

  /** Tasks pressed more than 3 times (by default) and still open: the chair's meeting list. */
  @Roles('chair', 'clerk', 'admin')
  @Get('escalations/attention')
  @ApiOkResponse({ type: [AttentionItemDto] })
  attention(@CurrentUser() user: AuthUser): Promise<AttentionItemDto[]> {
    return this.escalations.attention(user);
  }

  /** The đôn đốc rounds of one task. */
  @AnyRole()
  @Get('tasks/:id/escalations')
  @ApiOkResponse({ type: [EscalationDto] })
  forTask(@UuidParam() id: string, @CurrentUser() user: AuthUser): Promise<EscalationDto[]> {
    return this.escalations.forTask(id, user);
  }
}
