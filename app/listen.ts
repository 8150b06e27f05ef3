// Listening for the App's servers (app/server.ts, app/setup.ts): the base URL once listening, or
// an error that says what an administrator can change when the address cannot be had.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

function problem(error: NodeJS.ErrnoException, where: string): string {
  if (error.code === "EADDRINUSE") return `${where} is already in use by another process: stop it, or set PORT (and HOST) to a free address`;
  return `cannot listen on ${where} (${error.message}): check HOST and PORT`;
}

/** Listens on `host:port` (port 0 picks a free one); resolves to the base URL, e.g. `http://127.0.0.1:3000`. */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(new Error(problem(error, `${host}:${port}`), { cause: error })));
    server.listen(port, host, () => resolve());
  });
  const { address, port: bound } = server.address() as AddressInfo;
  return `http://${address.includes(":") ? `[${address}]` : address}:${bound}`;
}
