import { Injectable } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import type { RequestContext } from './request-context';
import type { Stage } from './stage';
import { CacheLookupStage } from '../cache/cache-lookup.stage';
import { EmbeddingsStage } from '../cache/embeddings/embeddings.stage';
import { AdmitStage } from './stages/admit.stage';
import { AuthenticateStage } from './stages/authenticate.stage';
import { AuthorizeScopeStage } from './stages/authorize-scope.stage';
import { CallProviderStage } from './stages/call-provider.stage';
import { FanOutStage } from './stages/fan-out.stage';
import { InputGuardrailsStage } from './stages/input-guardrails.stage';
import { ReadUploadStage } from './stages/read-upload.stage';
import { RouteStage } from './stages/route.stage';

/**
 * The data plane's stages in order. Each stage reads and writes the request context; the first
 * that throws stops the request, and one that answers it (sets `upstream`: a fan-out, a cached answer)
 * skips the rest. Settling is not a stage here: it runs when the response ends.
 */
@Injectable()
export class Pipeline {
  private readonly stages: readonly Stage[];

  constructor(
    authenticate: AuthenticateStage,
    authorizeScope: AuthorizeScopeStage,
    readUpload: ReadUploadStage,
    inputGuardrails: InputGuardrailsStage,
    fanOut: FanOutStage,
    route: RouteStage,
    cacheLookup: CacheLookupStage,
    admit: AdmitStage,
    embeddings: EmbeddingsStage,
    callProvider: CallProviderStage,
  ) {
    // Input guardrails run before routing (and before a fan-out splits the request), so personal data found in the
    // prompt can steer the route of every call; the cache looks up the guarded (redacted) prompt.
    this.stages = [
      authenticate,
      authorizeScope,
      readUpload,
      inputGuardrails,
      fanOut,
      route,
      cacheLookup,
      admit,
      embeddings,
      callProvider,
    ];
  }

  async run(context: RequestContext): Promise<void> {
    if (context.trace) return this.runTraced(context);
    for (const stage of this.stages) {
      // A stage that answered (a fan-out, a degraded request) ends the pipeline.
      if (context.upstream) return;
      await stage.run(context);
    }
  }

  /** The same, with a child span per stage (only when the request is traced: untraced requests allocate nothing). */
  private async runTraced(context: RequestContext): Promise<void> {
    const trace = context.trace;
    if (!trace) return;
    for (const stage of this.stages) {
      if (context.upstream) return;
      const span = trace.startStage(stage.name);
      try {
        await stage.run(context);
      } catch (error) {
        span.setStatus({
          code: SpanStatusCode.ERROR,
          message: error instanceof Error ? error.name : 'error',
        });
        throw error;
      } finally {
        trace.endStage(span);
      }
    }
  }
}
