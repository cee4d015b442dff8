import { describe, expect, it } from 'vitest';
import { GatewayError } from '@llmguard/shared';
import type { ProviderId, ResolvedDeployment } from '../catalog/route-catalog';
import { allowedByPolicy } from './allowed-by-policy';
import { deployment } from './strategies/__fixtures__/routing';

const at = (name: string, region: string | null, provider: ProviderId = 'openai'): ResolvedDeployment => ({
  ...deployment(name),
  provider,
  region,
});
const EVERYWHERE = { allowedProviders: null, allowedRegions: null };
const regions = (rules: string[], list: string[]) => ({
  allowedProviders: null,
  allowedRegions: { regions: new Set(list), rules },
});
const names = (kept: ResolvedDeployment[]) => kept.map((kept) => kept.name);

describe('allowedByPolicy', () => {
  const deployments = [at('us', 'us-east'), at('eu', 'eu-west'), at('nowhere', null)];

  it('keeps every deployment when the policy names no provider or region', () => {
    expect(names(allowedByPolicy(deployments, EVERYWHERE, 'chat'))).toEqual(['us', 'eu', 'nowhere']);
  });

  it('keeps only deployments in an allowed region; one without a region is never shown to be in one', () => {
    expect(
      names(allowedByPolicy(deployments, regions(['dataResidency.allowedRegions'], ['eu-west']), 'chat')),
    ).toEqual(['eu']);
  });

  it('refuses a route with no deployment left, naming the rules, the regions allowed and where it runs', () => {
    const refusal = (() => {
      try {
        allowedByPolicy(
          deployments,
          regions(['routing.allowedRegions', 'dataResidency.allowedRegions'], ['ap-south']),
          'chat',
        );
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(GatewayError);
    expect((refusal as GatewayError).code).toBe('policy_violation');
    expect((refusal as GatewayError).message).toBe(
      "Your tenant's policy rules routing.allowedRegions and dataResidency.allowedRegions (ap-south) allow no deployment of the model `chat`: its deployments run in us-east, eu-west, no region given.",
    );
  });

  it('applies the providers first, then the regions', () => {
    const mixed = [
      at('eu-openai', 'eu-west'),
      at('eu-anthropic', 'eu-west', 'anthropic'),
      at('us', 'us-east', 'anthropic'),
    ];
    const policy = {
      allowedProviders: new Set<ProviderId>(['anthropic']),
      allowedRegions: regions([], ['eu-west']).allowedRegions,
    };
    expect(names(allowedByPolicy(mixed, policy, 'chat'))).toEqual(['eu-anthropic']);
  });
});
