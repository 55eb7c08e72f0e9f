import { z } from 'zod';

/**
 * Characters no stored text may hold: C0 and C1 control characters (line breaks and tabs included) and the
 * bidirectional controls (LRM/RLM, ALM, the embeddings and overrides U+202A-202E, the isolates U+2066-2069),
 * which can make a name or note read as something else ("acked by Head of Support" reversed, a queue name
 * spoofed) on every screen that shows it.
 */
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters or bidirectional controls (e.g. U+202E)';

/** True when `s` has none of the characters stored text may not hold. */
export const isSafeText = (s: string): boolean => !UNSAFE_TEXT.test(s);

/** A string schema that refuses control and bidirectional characters; every schema of stored text goes through it. */
export const safeText = (params?: Parameters<typeof z.string>[0]) => z.string(params).refine(isSafeText, UNSAFE_TEXT_MESSAGE);

/**
 * `by` of acks, silences and annotations: the server records the name of the token that made the request
 * (PEAKWATCH_LEAD_TOKENS), so a body that names someone is refused rather than silently overruled.
 */
export const serverRecordedBy = z.undefined({ error: 'is recorded from your token (its name in PEAKWATCH_LEAD_TOKENS): leave it out' }).optional();
