import { Module } from '@nestjs/common';
import { HealthModule } from '@llmguard/server';
import { KeyLastUsedRecorder } from '../key-usage/last-used.recorder';
import { KeyCatalog } from './catalog/key-catalog';
import { PolicyCatalog } from './catalog/policy-catalog';
import { RouteCatalog } from './catalog/route-catalog';
import { Pipeline } from './pipeline/pipeline';
import { Responder } from './pipeline/responder';
import { CapacityGate } from './capacity/capacity-gate';
import { AdmissionControl } from './limits/admission-control';
import { AdmitStage } from './pipeline/stages/admit.stage';
import { InputGuardrailsStage } from './pipeline/stages/input-guardrails.stage';
import { ContentModeration } from './guardrails/content/moderation';
import { GuardrailModelClient } from './guardrails/guardrail-model-client';
import { InjectionClassifier } from './guardrails/injection/injection-classifier';
import { ModelScreening } from './guardrails/model-screening';
import { OutputModeration } from './guardrails/output-moderation';
import { AuthenticateStage } from './pipeline/stages/authenticate.stage';
import { AuthorizeScopeStage } from './pipeline/stages/authorize-scope.stage';
import { CallProviderStage } from './pipeline/stages/call-provider.stage';
import { FanOutStage } from './pipeline/stages/fan-out.stage';
import { ReadUploadStage } from './pipeline/stages/read-upload.stage';
import { RouteStage } from './pipeline/stages/route.stage';
import { SettleStage } from './pipeline/stages/settle.stage';
import { ModelsRoute } from './routes/models.route';
import { InferenceRoutes } from './routes/inference.routes';
import { Degradation } from './routing/degradation/degradation';
import { DeploymentHealth } from './routing/deployment-health';
import { CandidateOrder } from './routing/strategies/candidate-order';
import { DeploymentLoad } from './routing/strategies/deployment-load';
import { UpstreamCaller } from './routing/upstream-caller';
import { RequestObserver } from '../observability/request-observer';
import { CACHE_PROVIDERS } from './cache/cache.providers';

/** The data plane: /v1/* on its own port. */
@Module({
  imports: [HealthModule],
  controllers: [ModelsRoute],
  providers: [
    KeyCatalog,
    KeyLastUsedRecorder,
    RouteCatalog,
    PolicyCatalog,
    AuthenticateStage,
    AuthorizeScopeStage,
    ReadUploadStage,
    FanOutStage,
    ...CACHE_PROVIDERS,
    Degradation,
    RouteStage,
    AdmissionControl,
    CapacityGate,
    AdmitStage,
    InputGuardrailsStage,
    GuardrailModelClient,
    InjectionClassifier,
    ContentModeration,
    ModelScreening,
    OutputModeration,
    DeploymentHealth,
    DeploymentLoad,
    CandidateOrder,
    UpstreamCaller,
    RequestObserver,
    CallProviderStage,
    SettleStage,
    Pipeline,
    Responder,
    InferenceRoutes,
  ],
})
export class DataPlaneModule {}
