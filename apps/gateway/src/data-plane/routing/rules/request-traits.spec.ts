import { describe, expect, it } from 'vitest';
import { createRequestContext, type Endpoint, type WireFormat } from '../../pipeline/request-context';
import type { RequestContext } from '../../pipeline/request-context';
import { promptContainsPii } from './prompt-pii';
import { readMetadata, requestTraits } from './request-traits';

function traitsOf(
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
  wire: WireFormat = 'openai',
) {
  const endpoint: Endpoint = wire === 'openai' ? 'chat/completions' : 'messages';
  return requestTraits(createRequestContext({ requestId: 'req_1', wire, endpoint, headers, body }));
}

const imageUrl = 'data:image/png;base64,iVBORw0KGgo=';

describe('requestTraits', () => {
  it('sees images as each wire format writes them', () => {
    const openai = {
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: imageUrl } }] }],
    };
    const anthropic = {
      messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', data: 'AA==' } }] }],
    };
    const responses = { input: [{ role: 'user', content: [{ type: 'input_image', image_url: imageUrl }] }] };
    expect(traitsOf(openai).hasImages()).toBe(true);
    expect(traitsOf(anthropic, {}, 'anthropic').hasImages()).toBe(true);
    expect(traitsOf(responses).hasImages()).toBe(true);
    expect(
      traitsOf({ messages: [{ role: 'user', content: [{ type: 'text', text: 'image' }] }] }).hasImages(),
    ).toBe(false);
    expect(traitsOf({ messages: [{ role: 'user', content: 'an image_url' }], input: 'x' }).hasImages()).toBe(
      false,
    );
  });

  it('sees tools in `tools` (both formats) and in the legacy `functions`', () => {
    expect(traitsOf({ tools: [{ type: 'function', function: { name: 'f' } }] }).hasTools()).toBe(true);
    expect(traitsOf({ functions: [{ name: 'f' }] }).hasTools()).toBe(true);
    expect(traitsOf({ tools: [] }).hasTools()).toBe(false);
    expect(traitsOf({}).hasTools()).toBe(false);
  });

  it('counts the prompt once and keeps the count on the request for admission', () => {
    const body = { messages: [{ role: 'user', content: 'Hello there, how are you?' }] };
    const context = createRequestContext({
      requestId: 'r',
      wire: 'openai',
      endpoint: 'chat/completions',
      headers: {},
      body,
    });
    const traits = requestTraits(context);
    expect(traits.promptTokens()).toBeGreaterThan(5);
    expect(context.promptTokens).toBe(traits.promptTokens());
  });

  it('takes the PII verdict of the guardrails when they found some', () => {
    const context = createRequestContext({
      requestId: 'r',
      wire: 'openai',
      endpoint: 'chat/completions',
      headers: {},
      body: { messages: [{ role: 'user', content: 'nothing personal' }] },
    });
    expect(requestTraits(context).containsPii()).toBe(false);
    context.containsPii = true;
    expect(requestTraits(context).containsPii()).toBe(true);
  });
});

describe('readMetadata', () => {
  it("reads OpenAI's metadata and the x-llmguard-tags header, the header winning", () => {
    const metadata = readMetadata({ team: 'search', tier: 'online', count: 3 }, ' tier = batch,urgent, =x,');
    expect(Object.fromEntries(metadata)).toEqual({ team: 'search', tier: 'batch', urgent: 'true' });
  });

  it('ignores metadata that is not an object', () => {
    expect(readMetadata(['a'], undefined).size).toBe(0);
    expect(readMetadata('team=x', undefined).size).toBe(0);
  });
});

describe('promptContainsPii (routing scans with every detector when the guardrails found nothing)', () => {
  const scan = (body: Record<string, unknown>) =>
    promptContainsPii({ endpoint: 'chat/completions', body } as unknown as RequestContext);
  const prompt = (content: string) => ({ messages: [{ role: 'user', content }] });

  it('finds e-mail addresses, Luhn-valid card numbers, US social security numbers and IBANs', () => {
    expect(scan(prompt('Write to jane.doe@example.com today'))).toBe(true);
    expect(scan(prompt('My card is 4111 1111 1111 1111'))).toBe(true);
    expect(scan(prompt('SSN 123-45-6789 on file'))).toBe(true);
    expect(scan(prompt('Pay to DE89 3704 0044 0532 0130 00 please'))).toBe(true);
    expect(scan({ messages: [{ role: 'system', content: 'contact ops@example.org' }] })).toBe(true);
  });

  it('leaves ordinary text alone: numbers failing the card check, invalid SSNs, no address', () => {
    expect(scan(prompt('Order 4111 1111 1111 1112 shipped'))).toBe(false);
    expect(scan(prompt('Ticket 000-12-3456 and 123-00-4567'))).toBe(false);
    expect(scan(prompt('Tell me a story about a brave little toaster @home'))).toBe(false);
  });
});
