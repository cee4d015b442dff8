import { describe, expect, it } from 'vitest';
import { webhookUrlProblem } from './budget-webhook-url';

describe('webhookUrlProblem', () => {
  it('accepts https anywhere', () => {
    expect(webhookUrlProblem('https://hooks.example.com/x', 'production')).toBeNull();
    expect(webhookUrlProblem('https://localhost:8443/x', 'development')).toBeNull();
  });

  it('accepts plain http to this machine outside production only', () => {
    for (const url of [
      'http://localhost:9000/hook',
      'http://127.0.0.1:9000/hook',
      'http://[::1]:9000/hook',
    ]) {
      expect(webhookUrlProblem(url, 'development')).toBeNull();
      expect(webhookUrlProblem(url, 'test')).toBeNull();
      expect(webhookUrlProblem(url, 'production')).toBe('must use https');
    }
  });

  it('refuses plain http to any other host', () => {
    expect(webhookUrlProblem('http://hooks.example.com/x', 'development')).toMatch(/localhost only/);
    expect(webhookUrlProblem('http://127.0.0.2/x', 'test')).toMatch(/localhost only/);
  });
});
