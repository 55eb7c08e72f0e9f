/**
 * The pages of the web client, declared once: the server answers their paths with the client, the client
 * routes them to their view, and a page with a live feed joins the Socket.IO room of its name.
 */
export const PAGES = {
  /** The TV display; also the page at `/`. */
  wall: { path: '/wall', role: 'viewer', live: true, summary: 'The wall display (open once with `?token=<viewer token>`; the token is then kept)' },
  /** A viewer token reads it; a lead token also acts on alerts. */
  leads: { path: '/leads', role: 'lead', live: true, summary: "The team leads' page (`?token=<lead token>`)" },
  /** A viewer token reads it; a lead token also adds annotations. */
  readiness: { path: '/readiness', role: 'viewer', live: true, summary: 'Peak readiness' },
  /** Month by month against the targets and beside last year's peak, from the daily history. No live feed. */
  review: { path: '/review', role: 'viewer', live: false, summary: "The peak review: months against targets, this peak beside last year's (printable)" },
  /** Any token reads it; saving needs the admin token. No live feed. */
  settings: { path: '/settings', role: 'admin', live: false, summary: 'Settings: targets, rules, receivers' },
} as const satisfies Record<string, { path: `/${string}`; role: 'viewer' | 'lead' | 'admin'; live: boolean; summary: string }>;

export type PageName = keyof typeof PAGES;
export const PAGE_NAMES = Object.keys(PAGES) as PageName[];

/** The page at `/`. */
export const HOME_PAGE: PageName = 'wall';

/** Every path the server answers with the client: `/` and each page's. */
export const PAGE_PATHS: readonly string[] = ['/', ...PAGE_NAMES.map((p) => PAGES[p].path)];

/** The page at a path (a trailing slash ignored), or undefined. */
export function pageAt(pathname: string): PageName | undefined {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return HOME_PAGE;
  return PAGE_NAMES.find((p) => PAGES[p].path === path);
}

/** Pages with a live feed: the views a socket may name in its handshake, each a room. */
export type LiveView = { [P in PageName]: (typeof PAGES)[P]['live'] extends true ? P : never }[PageName];
export const LIVE_VIEWS = PAGE_NAMES.filter((p): p is LiveView => PAGES[p].live) as [LiveView, ...LiveView[]];
