import { Injectable } from '@nestjs/common';
import type { RequestContext } from './request-context';
import type { Stage } from './stage';
import { AdmitStage } from './stages/admit.stage';
import { AuthenticateStage } from './stages/authenticate.stage';
import { AuthorizeScopeStage } from './stages/authorize-scope.stage';
import { CallProviderStage } from './stages/call-provider.stage';
import { InputGuardrailsStage } from './stages/input-guardrails.stage';
import { ReadUploadStage } from './stages/read-upload.stage';
import { RouteStage } from './stages/route.stage';

/**
 * The data plane's stages in order. Each stage reads and writes the request context; the first
 * that throws stops the request. Settling is not a stage here: it runs when the response ends.
 */
@Injectable()
export class Pipeline {
  private readonly stages: readonly Stage[];

  constructor(
    authenticate: AuthenticateStage,
    authorizeScope: AuthorizeScopeStage,
    readUpload: ReadUploadStage,
    inputGuardrails: InputGuardrailsStage,
    route: RouteStage,
    admit: AdmitStage,
    callProvider: CallProviderStage,
  ) {
    // Input guardrails run before routing, so personal data found in the prompt can steer the route.
    this.stages = [authenticate, authorizeScope, readUpload, inputGuardrails, route, admit, callProvider];
  }

  async run(context: RequestContext): Promise<void> {
    for (const stage of this.stages) await stage.run(context);
  }
}
