/**
 * A port nothing listens on now, chosen by the operating system. A random number from a fixed range could
 * be in use (the ephemeral range holds other tests' connections), and then the server under test refused
 * to start.
 */
import net, { type AddressInfo } from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
