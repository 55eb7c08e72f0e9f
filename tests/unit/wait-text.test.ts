import { describe, expect, it } from 'vitest';
import { aboutMinutes, ordinal, widgetView } from '../../shared/wait-text';

describe('ordinal', () => {
  it('says 1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th 112th', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112].map(ordinal))
      .toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '23rd', '101st', '111th', '112th']);
  });
});

describe('what the widget says', () => {
  const open = { state: 'open' as const, position: 2, ewtSeconds: 130 };
  it('the place and the wait in whole minutes, "You are next" at the head', () => {
    expect(widgetView(open)).toEqual({ kind: 'line', text: 'You are 2nd in line · about 2 min' });
    expect(widgetView({ ...open, position: 1 })).toEqual({ kind: 'line', text: 'You are next' });
    expect(widgetView({ ...open, position: 22, ewtSeconds: 20 })).toEqual({ kind: 'line', text: 'You are 22nd in line · less than a minute' });
    expect(widgetView({ ...open, ewtSeconds: null })).toEqual({ kind: 'line', text: 'You are 2nd in line' });
  });
  it('the email form when closed or unstaffed, nothing once the contact is not waiting', () => {
    expect(widgetView({ ...open, state: 'closed' }).kind).toBe('email');
    expect(widgetView({ ...open, state: 'unstaffed' }).kind).toBe('email');
    expect(widgetView({ ...open, position: null })).toEqual({ kind: 'none' });
  });
  it('rounds minutes, never "about 0 min"', () => {
    expect([44, 45, 89, 90, 600].map(aboutMinutes)).toEqual(['less than a minute', 'about 1 min', 'about 1 min', 'about 2 min', 'about 10 min']);
  });
});
