import assert from 'node:assert/strict';
import { LeadLoopError } from '@leadloop/core';

/** An assert.rejects check: a LeadLoopError with this code, then any further checks on it. */
export function fails(code: string, check?: (error: LeadLoopError) => void) {
  return (error: unknown) => {
    assert.ok(error instanceof LeadLoopError, `expected a LeadLoopError, got ${String(error)}`);
    assert.equal(error.code, code, `${error.code}: ${error.message}`);
    check?.(error);
    return true;
  };
}
