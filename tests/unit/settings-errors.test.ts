import { describe, expect, it } from 'vitest';
import { RequestError, detailsOf, errorOf, statusMessage } from '../../client/src/api/request';
import { errorsByField, errorsByIndex, indexedField, problemsOf } from '../../client/src/model/settingsErrors';

describe("the server's 400 on the settings page", () => {
  it('reads `details` of targets, rules and receivers as fields', () => {
    const body = { error: 'channels.chat.serviceLevel: Too big', details: [{ field: 'channels.chat.serviceLevel', message: 'Too big: expected number to be <=1' }] };
    const err = errorOf(400, body);
    expect(err).toBeInstanceOf(RequestError);
    expect(err.message).toBe('channels.chat.serviceLevel: Too big');
    expect(errorsByField(problemsOf(err))).toEqual({ 'channels.chat.serviceLevel': 'Too big: expected number to be <=1' });
  });
  it("reads a forecast's row problems as `row 7, column arrivals`", () => {
    expect(detailsOf({ details: [{ row: 7, column: 'arrivals', message: 'must be a whole number ≥ 0' }, { row: 3, message: 'has 2 fields; the header has 3' }, { row: 0, message: 'empty' }] })).toEqual([
      { field: 'row 7, column arrivals', message: 'must be a whole number ≥ 0', row: 7, column: 'arrivals' },
      { field: 'row 3', message: 'has 2 fields; the header has 3', row: 3 },
      { field: 'upload', message: 'empty', row: 0 },
    ]);
  });
  it('takes the field from the start of a message that has no details', () => {
    expect(problemsOf(new RequestError(400, 'receivers[0].name: "a" is used twice'))).toEqual([{ field: 'receivers[0].name', message: '"a" is used twice' }]);
    expect(problemsOf(new RequestError(400, 'channels.foo: not a configured channel (configured: chat)'))).toEqual([{ field: 'channels.foo', message: 'not a configured channel (configured: chat)' }]);
    expect(problemsOf(new RequestError(400, 'receivers: "pager" is routed to by a rule; change the rule first'))).toEqual([{ field: 'receivers', message: '"pager" is routed to by a rule; change the rule first' }]);
    expect(problemsOf(new RequestError(400, 'body must be a JSON array of rules'))).toEqual([]);
  });
  it('puts `rules[2].window` beside rule 2, with the field inside it', () => {
    expect(indexedField('rules[2].window', 'rules')).toEqual({ index: 2, field: 'window' });
    expect(indexedField('rules[12]', 'rules')).toEqual({ index: 12, field: '' });
    expect(indexedField('receivers[2].url', 'rules')).toBeNull();
    const byIndex = errorsByIndex([{ field: 'rules[2].window', message: 'is required for serviceLevel' }, { field: 'rules[0].routes.1', message: 'bad' }], 'rules');
    expect([...byIndex]).toEqual([[2, [{ field: 'window', message: 'is required for serviceLevel' }]], [0, [{ field: 'routes.1', message: 'bad' }]]]);
  });
  it('keeps the first message of a field named twice', () => {
    expect(errorsByField([{ field: 'a', message: 'one' }, { field: 'a', message: 'two' }])).toEqual({ a: 'one' });
  });
  it('says what a status means when the server gives no message', () => {
    expect(errorOf(403, null).message).toBe(statusMessage(403));
    expect(errorOf(502, '<html>').message).toMatch(/HTTP 502/);
    expect(statusMessage(0)).toMatch(/cannot be reached/);
  });
});
