import { expect } from '@open-wc/testing';
import { formatNumber, formatPercent } from './format.js';

describe('formatPercent', () => {
  it('shows whole percentages from 1% up', () => {
    expect(formatPercent('en', 0.3)).to.equal('30%');
    expect(formatPercent('en', 1)).to.equal('100%');
  });

  it('keeps a decimal under 1%, so a small share does not read as none', () => {
    expect(formatPercent('en', 25 / 5004)).to.equal('0.5%');
    expect(formatPercent('de', 25 / 5004)).to.equal('0,5\u00a0%');
    expect(formatPercent('en', 0)).to.equal('0%');
  });

  it('keeps the digits a caller asks for', () => {
    expect(formatPercent('en', 0.123, 1)).to.equal('12.3%');
    expect(formatPercent('en', 0.004, 2)).to.equal('0.4%');
  });

  it('shows an em dash when there is nothing to divide by', () => {
    expect(formatPercent('en', null)).to.equal('—');
    expect(formatPercent('en', Number.NaN)).to.equal('—');
  });
});

describe('formatNumber', () => {
  it('formats in the language given, and in English when that is no language at all', () => {
    expect(formatNumber('de', 1234.5)).to.equal('1.234,5');
    expect(formatNumber('not a language!', 1234.5)).to.equal('1,234.5');
    // Again, from the cached formatter.
    expect(formatNumber('not a language!', 1234.5)).to.equal('1,234.5');
  });
});
