import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook } from './webhook-signature.js';

describe(signWebhook.name, () => {
  const secret = 'whsec_test-secret-0123456789';
  const body = JSON.stringify({ title: 'Đôn đốc: Công văn 451/UBND-VHTT', taskId: null });

  it('should sign "<timestamp>.<body>" with HMAC-SHA256 as sha256=<hex>', () => {
    const expected = createHmac('sha256', secret).update(`1764212400.${body}`).digest('hex');
    expect(signWebhook(secret, 1764212400, body)).toBe(`sha256=${expected}`);
  });

  it('should sign the UTF-8 bytes of Vietnamese text', () => {
    const expected = createHmac('sha256', secret)
      .update(Buffer.from(`1.${body}`, 'utf8'))
      .digest('hex');
    expect(signWebhook(secret, 1, body)).toBe(`sha256=${expected}`);
  });

  it('should change with the secret, the timestamp and the body', () => {
    const signature = signWebhook(secret, 100, body);
    expect(signWebhook(`${secret}x`, 100, body)).not.toBe(signature);
    expect(signWebhook(secret, 101, body)).not.toBe(signature);
    expect(signWebhook(secret, 100, `${body} `)).not.toBe(signature);
  });
});

describe(verifyWebhook.name, () => {
  const secret = 'whsec_another-secret-abcdef';

  it('should accept its own signature, with the timestamp as a header string', () => {
    const signature = signWebhook(secret, 1764212400, '{"a":1}');
    expect(verifyWebhook(secret, '1764212400', '{"a":1}', signature)).toBe(true);
  });

  it('should refuse a wrong secret, a replayed timestamp, a changed body or garbage', () => {
    const signature = signWebhook(secret, 1764212400, '{"a":1}');
    expect(verifyWebhook('whsec_wrong-secret-abcdefgh', 1764212400, '{"a":1}', signature)).toBe(
      false,
    );
    expect(verifyWebhook(secret, 1764212401, '{"a":1}', signature)).toBe(false);
    expect(verifyWebhook(secret, 1764212400, '{"a":2}', signature)).toBe(false);
    expect(verifyWebhook(secret, 1764212400, '{"a":1}', 'sha256=00')).toBe(false);
  });
});
