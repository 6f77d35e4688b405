import net from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 in front of a real server, so a test can simulate an outage:
 * `cut()` drops every open connection and refuses new ones until `restore()`.
 * `freeze()` simulates a connection that dies silently (a NAT or firewall forgets it): the
 * connections open at that moment stop carrying bytes either way, but no FIN or RST is sent;
 * new connections work. `thaw()` delivers what was held back, as TCP retransmission would.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  restore(): void;
  freeze(): void;
  thaw(): void;
  /** Connections accepted so far (reconnects show up here). */
  readonly accepted: number;
  stop(): Promise<void>;
}

interface Pair {
  frozen: boolean;
  /** Bytes (or an end, as null) that arrived while frozen, in order, with where they go. */
  held: Array<{ to: net.Socket; chunk: Buffer | null }>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const pairs = new Set<Pair>();
  let down = false;
  let accepted = 0;

  const forward = (from: net.Socket, to: net.Socket, pair: Pair) => {
    from.on('data', (chunk: Buffer) => {
      if (pair.frozen) pair.held.push({ to, chunk });
      else if (!to.write(chunk)) {
        from.pause();
        to.once('drain', () => from.resume());
      }
    });
    from.on('end', () => {
      if (pair.frozen) pair.held.push({ to, chunk: null });
      else to.end();
    });
  };

  const server = net.createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = net.connect(targetPort, targetHost);
    const pair: Pair = { frozen: false, held: [] };
    pairs.add(pair);
    sockets.add(client);
    sockets.add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    forward(client, upstream, pair);
    forward(upstream, client, pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = () => {
    down = true;
    for (const s of sockets) s.destroy();
    sockets.clear();
    pairs.clear();
  };
  return {
    port,
    cut,
    restore() {
      down = false;
    },
    freeze() {
      for (const p of pairs) p.frozen = true;
    },
    thaw() {
      for (const p of pairs) {
        p.frozen = false;
        for (const { to, chunk } of p.held.splice(0)) {
          if (to.destroyed) continue;
          if (chunk === null) to.end();
          else to.write(chunk);
        }
      }
    },
    get accepted() {
      return accepted;
    },
    async stop() {
      cut();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
