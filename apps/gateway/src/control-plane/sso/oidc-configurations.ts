import { Inject, Injectable } from '@nestjs/common';
import type { SsoConnection } from '@llmguard/db';
import type { GatewayEnv } from '@llmguard/shared';
import type { Configuration, ServerMetadata } from 'openid-client' with { 'resolution-mode': 'import' };
import { GATEWAY_ENV } from '../../config';
import { loadOpenIdClient } from './openid-client.loader';
import { SsoSecretSealer } from './sso-secret-sealer';

// Providers rarely change their endpoints or keys' location; an hour bounds how long a change goes unseen.
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
// One entry per connection in use; past this many the oldest is dropped (Map keeps insertion order).
const CONFIGURATIONS_MAX = 1000;

type Discovered = { metadata: Promise<ServerMetadata>; expiresAtMs: number };
type CachedConfiguration = { version: string; metadata: ServerMetadata; config: Configuration };

/**
 * openid-client Configurations for SSO connections. Discovery (`/.well-known/openid-configuration`) is cached per
 * issuer, so tenants sharing an identity provider share one lookup; a failed lookup is not cached. Each connection
 * keeps its Configuration (and with it the provider's cached signing keys) until its settings change. Plain-http
 * issuers are allowed outside production only (local identity providers in development and tests).
 */
@Injectable()
export class OidcConfigurations {
  private readonly discovered = new Map<string, Discovered>();
  private readonly configurations = new Map<string, CachedConfiguration>();
  private readonly allowInsecure: boolean;

  constructor(
    private readonly sealer: SsoSecretSealer,
    @Inject(GATEWAY_ENV) env: GatewayEnv,
  ) {
    this.allowInsecure = env.NODE_ENV !== 'production';
  }

  async forConnection(connection: SsoConnection): Promise<Configuration> {
    const { client } = await loadOpenIdClient();
    const metadata = await this.discover(connection.issuer);
    const version = `${connection.updatedAt.getTime()}`;
    const cached = this.configurations.get(connection.id);
    if (cached && cached.version === version && cached.metadata === metadata) return cached.config;
    const config = new client.Configuration(
      metadata,
      connection.clientId,
      undefined,
      // client_secret_basic is the default token endpoint authentication of OpenID Connect.
      client.ClientSecretBasic(this.sealer.unseal(connection.clientSecretSealed)),
    );
    if (this.allowInsecure) client.allowInsecureRequests(config);
    this.configurations.delete(connection.id);
    this.configurations.set(connection.id, { version, metadata, config });
    this.evictOldest();
    return config;
  }

  private discover(issuer: string): Promise<ServerMetadata> {
    const cached = this.discovered.get(issuer);
    if (cached && cached.expiresAtMs > Date.now()) return cached.metadata;
    const metadata = loadOpenIdClient()
      .then(({ client }) =>
        client.discovery(new URL(issuer), 'discovery', undefined, undefined, {
          execute: this.allowInsecure ? [client.allowInsecureRequests] : [],
          timeout: 10,
        }),
      )
      // Spread drops the helper methods openid-client attaches, leaving the plain metadata a Configuration copies.
      .then((config): ServerMetadata => ({ ...config.serverMetadata() }));
    metadata.catch(() => {
      if (this.discovered.get(issuer)?.metadata === metadata) this.discovered.delete(issuer);
    });
    this.discovered.set(issuer, { metadata, expiresAtMs: Date.now() + DISCOVERY_TTL_MS });
    return metadata;
  }

  private evictOldest(): void {
    while (this.configurations.size > CONFIGURATIONS_MAX) {
      const oldest = this.configurations.keys().next();
      if (oldest.done) return;
      this.configurations.delete(oldest.value);
    }
  }
}
