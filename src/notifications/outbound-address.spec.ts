import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../core/config/app-config.js';
import { isPublicAddress } from './outbound-address.js';
import { OutboundSender, PermanentDeliveryError } from './outbound-sender.js';

describe(isPublicAddress.name, () => {
  it('should refuse loopback, private, link-local, metadata and reserved addresses', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:127.0.0.1',
      'not-an-ip',
    ]) {
      expect([address, isPublicAddress(address)]).toEqual([address, false]);
    }
  });

  it('should accept public addresses', () => {
    for (const address of ['8.8.8.8', '203.113.131.1', '2001:4860:4860::8888', '::ffff:8.8.8.8']) {
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
    }
  });
});

describe(OutboundSender.name, () => {
  let server: Server;
  let port: number;
  let calls = 0;
  const message = {
    deliveryId: 'd1',
    notificationId: 'n1',
    kind: 'test',
    title: 'Thử',
    body: 'Nội dung',
    taskId: null,
    escalationId: null,
    createdAt: new Date(0).toISOString(),
  };
  const sender = (allow: boolean) =>
    new OutboundSender({ outboundAllowPrivateTargets: allow } as AppConfig);
  const hook = (url: string) => ({ kind: 'webhook' as const, url, secret: 's', address: null });

  beforeAll(async () => {
    server = createServer((request, response) => {
      calls++;
      request.resume();
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('should not connect to a local webhook, by address or by a name that resolves there', async () => {
    for (const url of [
      `http://127.0.0.1:${port}/x`,
      `http://localhost:${port}/x`,
      `http://[::ffff:127.0.0.1]:${port}/x`,
    ]) {
      await expect(sender(false).send(hook(url), message)).rejects.toBeInstanceOf(
        PermanentDeliveryError,
      );
    }
    expect(calls).toBe(0);
  });

  it('should deliver to it when OUTBOUND_ALLOW_PRIVATE_TARGETS allows', async () => {
    await expect(
      sender(true).send(hook(`http://localhost:${port}/x`), message),
    ).resolves.toBeUndefined();
    expect(calls).toBe(1);
  });
});
