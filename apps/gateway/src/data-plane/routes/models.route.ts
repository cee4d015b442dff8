import { Controller, Get, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { RouteCatalog } from '../catalog/route-catalog';
import { AuthenticateStage } from '../pipeline/stages/authenticate.stage';

/** OpenAI `GET /v1/models`: only the model aliases this key may use. */
@Controller('v1')
export class ModelsRoute {
  constructor(
    private readonly authenticate: AuthenticateStage,
    private readonly routes: RouteCatalog,
  ) {}

  @Get('models')
  async list(@Req() request: FastifyRequest) {
    const key = await this.authenticate.authenticate(request.headers);
    const routes = await this.routes.list(key.tenantId);
    const visible = routes.filter(
      (route) =>
        route.deployments.length > 0 &&
        (key.allowedModels.length === 0 || key.allowedModels.includes(route.alias)),
    );
    return {
      object: 'list',
      data: visible.map((route) => ({ id: route.alias, object: 'model', created: 0, owned_by: 'llmguard' })),
    };
  }
}
