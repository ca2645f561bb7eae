import { ResilientBackend } from '../../src/backend/resilient-backend';
import { shopChart, single } from '../chart';

const version = (extra: object = {}) => ({ version: 'v1', image: 'ghcr.io/acme/api:1.4', ...extra });

describe('values the API server rejects fail at construct time', () => {
  test('fails when replicas is above 2^31-1 on the backend', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { replicas: 2 ** 31 }))
      .toThrow('[shop/api] replicas must be at most 2147483647 (an int32 in the Deployment API), got 2147483648');
  });

  test('fails when replicas is above 2^31-1 on a version', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { versions: [version({ replicas: 1e12 })] }))
      .toThrow('[shop/api/v1] replicas must be at most 2147483647 (an int32 in the Deployment API), got 1000000000000');
  });

  test('2^31-1 replicas are written as given', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { versions: [version({ replicas: 2 ** 31 - 1 })] });
    expect(single(chart, 'Deployment', 'api-v1').spec.replicas).toBe(2147483647);
  });

  test.each([
    ['empty', { '': 'x' }, '[shop/api] env has an empty variable name; give every variable a name, e.g. LOG_LEVEL'],
    ['containing "="', { 'A=B': 'x' }, '[shop/api] env variable name "A=B" contains "=", which ends a name in the process environment; use the name before "=" as the key and the rest as the value, e.g. { "A": ... }'],
    ['starting with a digit', { '1A': 'x' }, '[shop/api] env variable name "1A" is invalid: use letters, digits, "_", "-" and ".", not starting with a digit or "..", e.g. LOG_LEVEL'],
    ['with a space', { 'LOG LEVEL': 'x' }, '[shop/api] env variable name "LOG LEVEL" is invalid'],
    ['".."', { '..': 'x' }, '[shop/api] env variable name ".." is invalid'],
  ])('fails when a backend env var name is %s', (_what, env, message) => {
    expect(() => new ResilientBackend(shopChart(), 'api', { env })).toThrow(message);
  });

  test('fails when a version env var name contains "="', () => {
    expect(() => new ResilientBackend(shopChart(), 'api', { versions: [version({ env: { 'X=1': 'y' } })] }))
      .toThrow('[shop/api/v1] env variable name "X=1" contains "="');
  });

  test('valid env var names (letters, digits, "_", "-", ".") are written sorted', () => {
    const chart = shopChart();
    new ResilientBackend(chart, 'api', { env: { 'b.c-d_e': '1', 'A': '2' }, versions: [version()] });
    const env = single(chart, 'Deployment', 'api-v1').spec.template.spec.containers[0].env;
    expect(env).toEqual([{ name: 'A', value: '2' }, { name: 'b.c-d_e', value: '1' }]);
  });
});
