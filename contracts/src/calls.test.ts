import { describe, expect, it } from 'vitest';
import { CALL_STATE_CONTENT_TYPE, parseCallStateInfo } from './calls.js';

describe('the call-state INFO', () => {
  it('reads the phase the switch sends', () => {
    expect(parseCallStateInfo(CALL_STATE_CONTENT_TYPE, '{"phase":"talking"}')).toBe('talking');
    expect(parseCallStateInfo(`${CALL_STATE_CONTENT_TYPE}; charset=utf-8`, '{"phase":"held"}')).toBe('held');
  });

  it('ignores other INFOs and bad bodies', () => {
    expect(parseCallStateInfo('application/dtmf-relay', 'Signal=5')).toBeNull();
    expect(parseCallStateInfo(CALL_STATE_CONTENT_TYPE, '{"phase":"ringing"}')).toBeNull();
    expect(parseCallStateInfo(CALL_STATE_CONTENT_TYPE, 'talking')).toBeNull();
    expect(parseCallStateInfo(null, '{"phase":"talking"}')).toBeNull();
  });
});
