import type { Reply, TestApp } from './test-app.js';

let signIns = 0;

/** A browser-like session on the web pages: a cookie jar, and forms posted as browsers do. */
export interface WebSession {
  get(url: string): Promise<Reply<string>>;
  /** Posts a urlencoded form, with the anti-forgery token read from `csrfFrom` (a page). */
  post(url: string, fields: Record<string, string>, csrfFrom?: string): Promise<Reply<string>>;
  csrf(pageUrl: string): Promise<string>;
  cookie(): string;
  /** Drops a cookie, as a browser does when it expires. */
  forget(name: string): void;
}

export async function signInToPages(
  t: TestApp,
  username: string,
  password = 'demo1234',
): Promise<WebSession> {
  const jar = new Map<string, string>();
  const keep = (reply: Reply<string>) => {
    const lines = reply.headers['set-cookie'];
    for (const line of typeof lines === 'string'
      ? [lines]
      : ((lines as string[] | undefined) ?? [])) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair.split('=');
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value.join('=') === '') jar.delete(name.trim());
      else jar.set(name.trim(), value.join('='));
    }
    return reply;
  };
  const cookie = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  signIns++;
  const reply = keep(
    await t.request<string>('POST', '/dang-nhap', {
      raw: new URLSearchParams({ username, password }).toString(),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-forwarded-for': `203.0.${Math.floor(signIns / 250)}.${(signIns % 250) + 1}`,
      },
    }),
  );
  if (reply.status !== 303 || !jar.has('dondoc_token')) {
    throw new Error(`page sign-in of ${username} failed: ${reply.status}`);
  }
  const session: WebSession = {
    cookie,
    forget: (name) => jar.delete(name),
    get: async (url) =>
      keep(await t.request<string>('GET', url, { headers: { cookie: cookie() } })),
    async csrf(pageUrl) {
      const page = await session.get(pageUrl);
      const match = /name="_csrf" value="([^"]+)"/.exec(page.body);
      if (!match) throw new Error(`no form token on ${pageUrl} (${page.status})`);
      return match[1];
    },
    async post(url, fields, csrfFrom) {
      const token = csrfFrom ? await session.csrf(csrfFrom) : undefined;
      return keep(
        await t.request<string>('POST', url, {
          raw: new URLSearchParams({ ...(token ? { _csrf: token } : {}), ...fields }).toString(),
          headers: {
            cookie: cookie(),
            'content-type': 'application/x-www-form-urlencoded',
            referer: `http://localhost${csrfFrom ?? url}`,
          },
        }),
      );
    },
  };
  return session;
}
