// An IMAP connection that dies silently — a NAT or firewall forgets it, so no FIN and no RST
// arrive and the socket just goes quiet — must be noticed within 30 s with the default settings
// (60 s poll, 60 s command timeout), not after a poll interval plus a FETCH timeout.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/log.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { describeWithMailServers } from '../helpers/mailServers.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcpProxy.js';
import { writeTestConfig } from '../helpers/testConfig.js';
import { waitFor } from '../helpers/waitFor.js';

const LOGIN = { user: 'keepalive', password: 'keepalive-pw' };
const DETECT_WITHIN_MS = 30_000;
const complaint = (i: number) =>
  [
    `From: klant${i}@keepalive.example`,
    'To: klachten@purasec.nl',
    `Subject: Klacht ${i}`,
    `Message-ID: <keepalive-${i}@keepalive.example>`,
    '',
    'Ik ben ontevreden over de pentest.',
    '',
  ].join('\r\n');

describeWithMailServers('a silently dropped IMAP connection', { users: [LOGIN] }, (env) => {
  let proxy: TcpProxy;
  beforeAll(async () => {
    proxy = await startTcpProxy(env.dc.port);
  });
  afterAll(async () => {
    await proxy?.stop();
  });

  it('is noticed within 30 s with the default settings, and mail sent meanwhile is acknowledged once', async () => {
    const { dc, smtp } = env;
    const cfg = writeTestConfig([
      {
        id: 'purasec',
        smtp: { host: smtp.host, port: smtp.port },
        // The IMAP settings at their defaults (no poll or timeout shortened for the test).
        overrides: { mailbox: { imap: { host: '127.0.0.1', port: proxy.port, secure: false, ...LOGIN }, firstStart: 'process' } },
      },
    ]);
    expect(cfg.tenants[0]!.mailbox).toMatchObject({ imap: { pollIntervalSeconds: 60, commandTimeoutSeconds: 60 } });
    const acksTo = (i: number) => smtp.messages.filter((m) => m.envelope.to.includes(`klant${i}@keepalive.example`));
    const daemon = new Daemon({ config: cfg, log: silentLogger });
    await daemon.start();
    try {
      // Connected and idling: a first mail is acknowledged through the proxy.
      await dc.append(LOGIN.user, complaint(1));
      await waitFor(() => acksTo(1).length === 1, { timeoutMs: 10_000, message: 'first acknowledgement' });
      const before = proxy.accepted;

      const frozenAt = Date.now();
      proxy.freeze();
      // Arrives while the daemon's connection is dead: its EXISTS never gets through.
      await dc.append(LOGIN.user, complaint(2));
      await waitFor(() => proxy.accepted > before, { timeoutMs: DETECT_WITHIN_MS + 5_000, intervalMs: 100, message: 'a new IMAP connection after the freeze' });
      const detectedMs = Date.now() - frozenAt;
      console.info(`imapKeepalive.test: frozen connection replaced after ${detectedMs} ms`);
      expect(detectedMs).toBeLessThan(DETECT_WITHIN_MS);

      await waitFor(() => acksTo(2).length === 1, { timeoutMs: 10_000, message: 'mail appended during the freeze acknowledged' });
      // The old connection coming back to life must not make anything happen twice.
      proxy.thaw();
      await dc.append(LOGIN.user, complaint(3));
      await waitFor(() => acksTo(3).length === 1, { timeoutMs: 10_000, message: 'acknowledgement after the thaw' });
    } finally {
      await daemon.stop();
    }
    expect([acksTo(1).length, acksTo(2).length, acksTo(3).length]).toEqual([1, 1, 1]);
  }, 60_000);
});
