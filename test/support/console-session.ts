/** A console opened as the operator's browser opens it: its printed address once, then its cookie on every request. */
export interface ConsoleSession {
  /** `http://127.0.0.1:<port>/`, without the key. */
  base: string;
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

/** Visits `address` (the one infrabot printed, with `?key=`) and keeps the cookie it gives. */
export async function openConsole(address: string): Promise<ConsoleSession> {
  const firstVisit = await fetch(address, { redirect: 'manual' });
  if (firstVisit.status !== 303) throw new Error(`the console's address answered ${firstVisit.status}, not 303`);
  const cookie = (firstVisit.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const base = new URL('/', address).href;
  return {
    base,
    fetch: (path, init = {}) =>
      fetch(new URL(path, base), { ...init, headers: { ...(init.headers as Record<string, string>), cookie } }),
  };
}
