import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { HealthModule } from '@llmguard/server';
import { KeyLastUsedFlusher } from '../key-usage/last-used.flusher';
import { AdminTenantsController } from './admin/admin-tenants.controller';
import { AdminTenantsRepository } from './admin/admin-tenants.repository';
import { AdminTenantsService } from './admin/admin-tenants.service';
import { AdminTiersRepository } from './admin/admin-tiers.repository';
import { AdminUsageController } from './admin/admin-usage.controller';
import { AdminUsageRepository } from './admin/admin-usage.repository';
import { AdminUsageService } from './admin/admin-usage.service';
import { SuspendedTenantInterceptor } from './admin/suspended-tenant.interceptor';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogRepository } from './audit-log/audit-log.repository';
import { AuditLogService } from './audit-log/audit-log.service';
import { AuditLogWriter } from './audit-log/audit-log.writer';
import { BillingSessionsService } from './billing/billing-sessions.service';
import { BillingController } from './billing/billing.controller';
import { BillingRepository } from './billing/billing.repository';
import { BillingService } from './billing/billing.service';
import { BudgetAlertsController } from './billing/budget-alerts.controller';
import { BudgetAlertsRepository } from './billing/budget-alerts.repository';
import { BudgetAlertsService } from './billing/budget-alerts.service';
import { ServiceCreditsController } from './billing/service-credits.controller';
import { ServiceCreditsRepository } from './billing/service-credits.repository';
import { InvoiceMirror } from './billing/invoice-mirror';
import { stripeProvider } from './billing/stripe.provider';
import { StripeWebhookController } from './billing/stripe-webhook.controller';
import { StripeWebhookService } from './billing/stripe-webhook.service';
import { SubscriptionMirror } from './billing/subscription-mirror';
import { WebhookRawBody } from './billing/webhook-raw-body';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AuthenticationGuard } from './auth/authentication.guard';
import { GatewayInvalidations } from './common/gateway-invalidations';
import { GuardrailActivityController } from './guardrail-activity/guardrail-activity.controller';
import { GuardrailActivityRepository } from './guardrail-activity/guardrail-activity.repository';
import { GuardrailActivityService } from './guardrail-activity/guardrail-activity.service';
import { EmailTokenStore } from './auth/email-tokens';
import { EmailVerificationController } from './auth/email-verification.controller';
import { EmailVerificationService } from './auth/email-verification.service';
import { LocalAuthGuard } from './auth/local-auth.guard';
import { LocalStrategy } from './auth/local.strategy';
import { LoginThrottle } from './auth/login-throttle';
import { SignupThrottle } from './auth/signup-throttle';
import { ManagementKeyUse } from './auth/management-key-use';
import { ManagementKeyStrategy } from './auth/management-key.strategy';
import { passportProvider } from './auth/passport.provider';
import { PasswordHasher } from './auth/password-hasher';
import { PasswordResetController } from './auth/password-reset.controller';
import { PasswordResetService } from './auth/password-reset.service';
import { SessionCookies } from './auth/session-cookies';
import { SessionStore } from './auth/session.store';
import { TenantAccessGuard } from './auth/tenant-access.guard';
import { UsersRepository } from './auth/users.repository';
import { InvitationAcceptanceController } from './invitations/invitation-acceptance.controller';
import { InvitationAcceptanceService } from './invitations/invitation-acceptance.service';
import { InvitationsController } from './invitations/invitations.controller';
import { InvitationsRepository } from './invitations/invitations.repository';
import { InvitationsService } from './invitations/invitations.service';
import { Mailer } from './mail/mailer';
import { MembersController } from './members/members.controller';
import { MembersRepository } from './members/members.repository';
import { MembersService } from './members/members.service';
import { OpenApiController } from './openapi/openapi.controller';
import { PoliciesController } from './policies/policies.controller';
import { PoliciesRepository } from './policies/policies.repository';
import { PoliciesService } from './policies/policies.service';
import { TierPoliciesController } from './policies/tier-policies.controller';
import { TierPoliciesService } from './policies/tier-policies.service';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsRepository } from './tenants/tenants.repository';
import { TenantsService } from './tenants/tenants.service';
import { SlaController } from './sla/sla.controller';
import { SlaRepository } from './sla/sla.repository';
import { SlaService } from './sla/sla.service';
import { OidcConfigurations } from './sso/oidc-configurations';
import { OidcStrategy } from './sso/oidc.strategy';
import { SsoConnectionsController } from './sso/sso-connections.controller';
import { SsoConnectionsRepository } from './sso/sso-connections.repository';
import { SsoConnectionsService } from './sso/sso-connections.service';
import { SsoFlowStore } from './sso/sso-flow.store';
import { SsoIdentitiesRepository } from './sso/sso-identities.repository';
import { SsoLoginController } from './sso/sso-login.controller';
import { SsoLoginService } from './sso/sso-login.service';
import { SsoSecretSealer } from './sso/sso-secret-sealer';
import { BUDGET_SOURCE, EffectivePolicyBudgetSource } from './usage/budget-source';
import { SpendService } from './usage/spend.service';
import { UsageController } from './usage/usage.controller';
import { credentialSealerProvider } from './routes/credential-sealer.provider';
import { PlatformRoutesController } from './routes/platform-routes.controller';
import { RouteHistory } from './routes/route-history';
import { RouteVariantsRepository } from './routes/route-variants.repository';
import { RouteVariantsService } from './routes/route-variants.service';
import { RouteVersionsService } from './routes/route-versions.service';
import { RoutesRepository } from './routes/routes.repository';
import { RoutesService } from './routes/routes.service';
import { TenantRoutesController } from './routes/tenant-routes.controller';
import { UsageRepository } from './usage/usage.repository';
import { UsageService } from './usage/usage.service';

/**
 * The control plane: /api/* on its own port (accounts, tenants, members, keys, audit log). Every route needs a
 * session or a management key unless marked @Public (AuthenticationGuard is global to this app only, not the data
 * plane).
 */
@Module({
  imports: [HealthModule],
  controllers: [
    AuthController,
    EmailVerificationController,
    PasswordResetController,
    TenantsController,
    MembersController,
    ApiKeysController,
    AuditLogController,
    InvitationsController,
    InvitationAcceptanceController,
    AdminTenantsController,
    AdminUsageController,
    PoliciesController,
    TierPoliciesController,
    UsageController,
    SlaController,
    GuardrailActivityController,
    SsoConnectionsController,
    SsoLoginController,
    TenantRoutesController,
    PlatformRoutesController,
    OpenApiController,
    BillingController,
    BudgetAlertsController,
    ServiceCreditsController,
    StripeWebhookController,
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_INTERCEPTOR, useClass: SuspendedTenantInterceptor },
    passportProvider,
    LocalStrategy,
    ManagementKeyStrategy,
    ManagementKeyUse,
    OidcStrategy,
    LocalAuthGuard,
    TenantAccessGuard,
    PasswordHasher,
    SessionStore,
    SessionCookies,
    LoginThrottle,
    SignupThrottle,
    UsersRepository,
    AuthService,
    Mailer,
    EmailTokenStore,
    EmailVerificationService,
    PasswordResetService,
    AuditLogWriter,
    GatewayInvalidations,
    AuditLogRepository,
    AuditLogService,
    TenantsRepository,
    TenantsService,
    MembersRepository,
    MembersService,
    ApiKeysRepository,
    ApiKeysService,
    InvitationsRepository,
    InvitationsService,
    InvitationAcceptanceService,
    AdminTenantsRepository,
    AdminTenantsService,
    AdminUsageRepository,
    AdminUsageService,
    AdminTiersRepository,
    KeyLastUsedFlusher,
    PoliciesRepository,
    PoliciesService,
    TierPoliciesService,
    UsageRepository,
    UsageService,
    SpendService,
    { provide: BUDGET_SOURCE, useClass: EffectivePolicyBudgetSource },
    SlaRepository,
    SlaService,
    GuardrailActivityRepository,
    GuardrailActivityService,
    SsoSecretSealer,
    SsoConnectionsRepository,
    SsoConnectionsService,
    OidcConfigurations,
    SsoFlowStore,
    SsoIdentitiesRepository,
    SsoLoginService,
    credentialSealerProvider,
    RoutesRepository,
    RouteHistory,
    RoutesService,
    RouteVersionsService,
    RouteVariantsRepository,
    RouteVariantsService,
    stripeProvider,
    BillingRepository,
    BillingService,
    BillingSessionsService,
    BudgetAlertsRepository,
    BudgetAlertsService,
    ServiceCreditsRepository,
    SubscriptionMirror,
    InvoiceMirror,
    StripeWebhookService,
    WebhookRawBody,
  ],
})
export class ControlPlaneModule {}
