import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { HealthModule } from '@llmguard/server';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { KeyInvalidator } from './api-keys/key-invalidator';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogRepository } from './audit-log/audit-log.repository';
import { AuditLogService } from './audit-log/audit-log.service';
import { AuditLogWriter } from './audit-log/audit-log.writer';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { AuthenticationGuard } from './auth/authentication.guard';
import { EmailTokenStore } from './auth/email-tokens';
import { EmailVerificationController } from './auth/email-verification.controller';
import { EmailVerificationService } from './auth/email-verification.service';
import { LocalAuthGuard } from './auth/local-auth.guard';
import { LocalStrategy } from './auth/local.strategy';
import { LoginThrottle } from './auth/login-throttle';
import { ManagementKeyStrategy } from './auth/management-key.strategy';
import { passportProvider } from './auth/passport.provider';
import { PasswordHasher } from './auth/password-hasher';
import { PasswordResetController } from './auth/password-reset.controller';
import { PasswordResetService } from './auth/password-reset.service';
import { SessionCookies } from './auth/session-cookies';
import { SessionStore } from './auth/session.store';
import { TenantAccessGuard } from './auth/tenant-access.guard';
import { UsersRepository } from './auth/users.repository';
import { Mailer } from './mail/mailer';
import { MembersController } from './members/members.controller';
import { MembersRepository } from './members/members.repository';
import { MembersService } from './members/members.service';
import { TenantsController } from './tenants/tenants.controller';
import { TenantsRepository } from './tenants/tenants.repository';
import { TenantsService } from './tenants/tenants.service';

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
  ],
  providers: [
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    passportProvider,
    LocalStrategy,
    ManagementKeyStrategy,
    LocalAuthGuard,
    TenantAccessGuard,
    PasswordHasher,
    SessionStore,
    SessionCookies,
    LoginThrottle,
    UsersRepository,
    AuthService,
    Mailer,
    EmailTokenStore,
    EmailVerificationService,
    PasswordResetService,
    AuditLogWriter,
    AuditLogRepository,
    AuditLogService,
    TenantsRepository,
    TenantsService,
    MembersRepository,
    MembersService,
    ApiKeysRepository,
    ApiKeysService,
    KeyInvalidator,
  ],
})
export class ControlPlaneModule {}
