import { describe, expect, it } from 'vitest';
import type { Condition } from '../../../shared/alerts';
import { alertText, measureOf, ruleText } from './alert-text';

describe('alert text', () => {
  it('reads values in the unit of what the rule measures, with words (issue #19)', () => {
    const slo: Condition = { type: 'slo', sli: 'requests', objective: 0.999, windows: [] };
    expect(alertText(slo, 12.3234, '>=', 1)).toBe(
      "SLO burn (1× = the rule's burn rate) 12.32×, alerts at or above 1×",
    );
    expect(alertText({ type: 'error_rate' }, 0.124, '>', 0.05)).toBe('5xx share 12.4 %, alerts above 5.0 %');
    expect(alertText({ type: 'response_time', quantile: 0.95 }, 2412.4, '>', 2000)).toBe(
      'response time p95 2,412 ms, alerts above 2,000 ms',
    );
    expect(alertText({ type: 'vital', metric: 'CLS', quantile: 0.75 }, 0.31234, '>', 0.25)).toBe(
      'CLS p75 0.312, alerts above 0.250',
    );
    expect(alertText({ type: 'synthetic_check' }, 1, '>=', 1)).toBe('check down, alerts when down');
    expect(alertText({ type: 'error_rate' }, null, '>', 0.05)).toBe('5xx share no data, alerts above 5.0 %');
    expect(alertText(undefined, 0.123456, '<', 2)).toBe('value 0.1235, alerts below 2');
  });

  it('says a rule in words', () => {
    expect(ruleText({ type: 'js_error_rate' }, '>', 0.05)).toBe('JS errors per page view above 5.0 %');
    expect(ruleText({ type: 'health_check' }, '>=', 2)).toBe('health check when fail');
    expect(ruleText({ type: 'health_check' }, '>=', 1)).toBe('health check when warn or worse');
    expect(measureOf({ type: 'db_errors', kind: 'timeout' }).fmt(1234)).toBe('1,234');
  });
});
