import { describe, expect, it } from 'vitest';
import { looksRandom, secretDetector } from './secret.detector';
import { valuesFound } from './pii-test-helpers';

describe('secretDetector', () => {
  it('finds vendor keys by their prefixes', () => {
    const keys = [
      'AKIAZ3MXQ4VXN7PLRT5Q',
      'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R',
      'xoxb-2048613-9182736450-aZ8yX7wV6uT5sR4qP3oN2mL1',
      'sk-proj-4fT9qLm2Xv8RbN3cK7wZ1yH6dJ0sP5aE',
      'sk_live_51HqL2mKx9Vb7Rt3Nw8Yz',
      'AIzaSyD4f8Kq2Lm9Xv3Rb7Nc1Tw6Yz0Hj5Pa8Qe',
    ];
    expect(valuesFound(secretDetector, keys.join(' and '))).toEqual(keys);
  });

  it('finds JWTs, the token of a bearer header, labelled AWS secrets and PEM private keys', () => {
    const jwt =
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
    const pem =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----';
    expect(
      valuesFound(
        secretDetector,
        `curl -H "Authorization: Bearer Zk3mQ9xL2vB7nR4tW8yC1dF6" x; aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLF2Q" ${jwt}\n${pem}`,
      ),
    ).toEqual(['Zk3mQ9xL2vB7nR4tW8yC1dF6', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLF2Q', jwt, pem]);
  });

  it('finds GitLab tokens and the password of a URL, not the address around it', () => {
    expect(
      valuesFound(
        secretDetector,
        'git clone https://oauth2:glpat-xY7Qm2Lk9Vd3RtWz8Nb4@gitlab.com/a.git; DATABASE_URL=postgres://app:S3cr3tPw9@db/app',
      ),
    ).toEqual(['glpat-xY7Qm2Lk9Vd3RtWz8Nb4', 'S3cr3tPw9']);
  });

  it('finds credentials assigned in config files, not code that reads them', () => {
    expect(
      valuesFound(
        secretDetector,
        'AZURE_OPENAI_KEY=8f3c2a9d7e6b4f1a0c5d2e8b9a7f6c3d\n"client_secret": "Qm9nd3JkX2Zha2U1Mg"\nconst token = getToken(); key = os.environ["API_KEY"]; monkey: banana123z',
      ),
    ).toEqual(['8f3c2a9d7e6b4f1a0c5d2e8b9a7f6c3d', 'Qm9nd3JkX2Zha2U1Mg']);
  });

  it('leaves out placeholders, documentation examples and prose about tokens', () => {
    expect(
      valuesFound(
        secretDetector,
        'AKIAIOSFODNN7EXAMPLE, sk-xxxxxxxxxxxxxxxxxxxxxxxx, Bearer YOUR_TOKEN_HERE_PLEASE_1234, Bearer <token>, a bearer token expires, sk-your-api-key-goes-here-123',
      ),
    ).toEqual([]);
  });

  it('tells generated tokens from written ones', () => {
    expect(looksRandom('Zk3mQ9xL2vB7nR4tW8yC1dF6')).toBe(true);
    expect(looksRandom('aaaaaaaaaaaaaaaaaaaaaaaa')).toBe(false);
    expect(looksRandom('this-is-not-a-real-token')).toBe(false);
  });
});
