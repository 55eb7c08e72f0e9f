import { describe, expect, it } from 'vitest';
import { ruleSchema } from '../../shared/alerts';
import { checkRuleDrafts, draftId, newRuleDraft, ruleDescription, ruleDrafts, ruleSummary } from '../../client/src/model/rulesForm';

const chatSl = { id: 'chat-sl', metric: 'serviceLevel', channel: 'chat', window: '15m', op: '<', threshold: 0.8, severity: 'critical' };

describe('the rules editor', () => {
  it('reads a rule back in one line', () => {
    expect(ruleSummary(JSON.stringify(chatSl))).toBe('chat-sl · serviceLevel < 0.8 · chat, 15m · critical');
    expect(ruleSummary('{"id":"w","metric":"waiting","channel":"*","op":">","threshold":20}')).toBe('w · waiting > 20 · * · warning');
    expect(ruleSummary('{ nope')).toBe('not valid JSON');
    expect(ruleSummary('[1]')).toBe('not a JSON object');
    expect(ruleDescription(JSON.stringify({ ...chatSl, description: ' Chat SL below 80 % ' }))).toBe('Chat SL below 80 %');
    expect(ruleDescription(JSON.stringify(chatSl))).toBeNull();
  });
  it('sends the rules as written when each one parses and fits the schema', () => {
    const drafts = ruleDrafts([chatSl, { ...chatSl, id: 'voice-sl', channel: 'voice' }]);
    expect(checkRuleDrafts(drafts)).toEqual({ ok: true, rules: [chatSl, { ...chatSl, id: 'voice-sl', channel: 'voice' }] });
  });
  it('names the problem of each rule by its index: bad JSON, the schema, a repeated id', () => {
    const drafts = ruleDrafts([chatSl, { ...chatSl, op: '>=' }, chatSl]);
    drafts.splice(1, 0, { key: 'x', text: '{ "id": ' });
    const check = checkRuleDrafts(drafts);
    expect(check.ok).toBe(false);
    if (check.ok) return;
    expect([...check.errors.keys()]).toEqual([1, 2, 3]);
    expect(check.errors.get(1)).toMatch(/^Not valid JSON: /);
    expect(check.errors.get(2)).toBe('op: must be "<" or ">"');
    expect(check.errors.get(3)).toBe('id: "chat-sl" is also the id of rule 1');
  });
  it('checks the rule shape as the API does: a window a metric needs, none for a live one, reason spikes across channels', () => {
    const { window: _w, ...noWindow } = chatSl;
    const drafts = ruleDrafts([noWindow, { id: 'w', metric: 'waiting', channel: 'chat', window: '15m', op: '>', threshold: 20 }, { id: 'r', metric: 'reasonSpike', channel: 'chat', op: '>', threshold: 2 }]);
    const check = checkRuleDrafts(drafts);
    expect(check.ok ? null : Object.fromEntries(check.errors)).toEqual({
      0: 'window: is required for serviceLevel',
      1: 'window: waiting is live: it takes no window',
      2: 'channel: reasonSpike is across channels: use "total"',
    });
  });
  it('starts a new rule that is valid as it stands, with an id not yet used', () => {
    const d = newRuleDraft(['new-rule-1']);
    expect(draftId(d.text)).toBe('new-rule-2');
    expect(ruleSchema.safeParse(JSON.parse(d.text)).success).toBe(true);
    expect(new Set([d.key, newRuleDraft([]).key]).size).toBe(2);
  });
});
