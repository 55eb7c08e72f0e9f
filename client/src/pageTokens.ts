/**
 * Token keys of the managers' pages. Readiness keeps its own, and without one reads with the token the
 * leads' view or the wall already holds (a lead's first, as it may also add annotations). Settings keeps
 * the admin token apart, so a laptop that shows the wall never holds an admin token under the wall's key.
 */
import { PAGES, type PageName } from '@shared/pages';
import { LEAD_TOKEN_STORAGE_KEY, TOKEN_PARAM, TOKEN_STORAGE_KEY, browserTokenEnv, resolveToken } from './token';

export const READINESS_TOKEN_STORAGE_KEY = 'peakwatch.readinessToken';
export const ADMIN_TOKEN_STORAGE_KEY = 'peakwatch.adminToken';

/** The readiness page's token: from the link, its own key, else the leads' or the wall's. */
export const readinessToken = () => resolveToken(browserTokenEnv(), READINESS_TOKEN_STORAGE_KEY, [LEAD_TOKEN_STORAGE_KEY, TOKEN_STORAGE_KEY]);

/** The settings page's admin token: from the link or its own key only. */
export const adminToken = () => resolveToken(browserTokenEnv(), ADMIN_TOKEN_STORAGE_KEY);

/** The link that opens a page with a token (by default of the role the page asks for), as the pages print it. */
export const pageLink = (page: PageName, role: string = PAGES[page].role) => `${window.location.origin}${PAGES[page].path}?${TOKEN_PARAM}=<${role} token>`;
