import type { AddressInfo } from 'node:net';
import { type CustomRoute, HTTPReceiver } from '@slack/bolt';

/** Serves routes through Bolt's real HTTP receiver on an ephemeral port, as `infrabot serve` does. */
export async function serveRoutes(customRoutes: CustomRoute[]) {
  const receiver = new HTTPReceiver({ signingSecret: 'unused-in-these-tests', customRoutes });
  const server = await receiver.start(0);
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, stop: () => receiver.stop() };
}

/** Waits until `check` passes (work done after the reply), or fails after `ms`. */
export async function eventually(check: () => void | Promise<void>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}
