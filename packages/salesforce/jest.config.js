// sfdx-lwc-jest: the real LWC compiler and engine in Jest (jsdom), with stubs for lightning/* modules.
const { jestConfig } = require('@salesforce/sfdx-lwc-jest/config');

module.exports = {
  ...jestConfig,
  roots: ['<rootDir>/force-app'],
  modulePathIgnorePatterns: ['<rootDir>/.localdevserver'],
};
