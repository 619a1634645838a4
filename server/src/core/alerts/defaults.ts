// The rules every deployment starts with: the seed's four (production-monitoring
// guide), web-vitals and JS-error rules for real users, synthetic and health
// checks, and an availability SLO with the Workbook's burn-rate windows.
// A rules file or the API may replace or disable any of them by id.
import { AlertRuleInputSchema, type AlertRule, type AlertRuleInput } from '../../../../shared/alerts';
import { THRESHOLDS } from '../../../../shared/limits';
import { PAGE_WINDOWS, TICKET_WINDOWS } from './slo';

const PAGE = ['email', 'slack', 'pagerduty'];
const CHAT = ['slack'];

const vital = (metric: 'LCP' | 'INP' | 'CLS'): AlertRuleInput => ({
  id: `${metric.toLowerCase()}-poor`,
  name: `Poor ${metric} (p75)`,
  description: `p75 ${metric} of a route is over the web-vitals "poor" line (${THRESHOLDS[metric][1]}${metric === 'CLS' ? '' : ' ms'}).`,
  condition: { type: 'vital', metric, quantile: 0.75 },
  threshold: THRESHOLDS[metric][1],
  clearThreshold: THRESHOLDS[metric][1] * 0.9,
  window: '30m',
  for: '10m',
  keepFiringFor: '10m',
  minSamples: 100,
  severity: 'warning',
  channels: CHAT,
  per: 'route',
});

export const DEFAULT_RULE_INPUTS: AlertRuleInput[] = [
  {
    id: 'high-error-rate',
    name: 'High Error Rate',
    description: 'More than 5 % of server requests answered 5xx.',
    condition: { type: 'error_rate' },
    threshold: 0.05,
    clearThreshold: 0.04,
    window: '5m',
    for: '5m',
    keepFiringFor: '2m',
    minSamples: 20,
    severity: 'critical',
    channels: PAGE,
  },
  {
    id: 'high-response-time',
    name: 'High Response Time',
    description: 'p95 server response time over 2 s.',
    condition: { type: 'response_time', quantile: 0.95 },
    threshold: 2000,
    clearThreshold: 1800,
    window: '5m',
    for: '5m',
    keepFiringFor: '2m',
    minSamples: 20,
    severity: 'warning',
    channels: CHAT,
  },
  {
    id: 'database-connection-errors',
    name: 'Database Connection Issues',
    description: 'More than 10 database connection errors in 2 minutes.',
    condition: { type: 'db_errors', kind: 'connection' },
    threshold: 10,
    window: '2m',
    for: '0s',
    keepFiringFor: '2m',
    severity: 'critical',
    channels: PAGE,
  },
  {
    id: 'queue-backlog',
    name: 'Queue Backlog Too Large',
    description: 'More than 1,000 ingest commits waiting to be written.',
    condition: { type: 'ingest_backlog' },
    threshold: 1000,
    for: '5m',
    severity: 'warning',
    channels: CHAT,
  },
  vital('LCP'),
  vital('INP'),
  vital('CLS'),
  {
    id: 'js-error-rate',
    name: 'JS Error Rate',
    description: 'More than one JS error per ten page views.',
    condition: { type: 'js_error_rate' },
    threshold: 0.1,
    clearThreshold: 0.08,
    window: '10m',
    for: '5m',
    keepFiringFor: '5m',
    minSamples: 50,
    severity: 'warning',
    channels: CHAT,
  },
  {
    id: 'js-error-spike',
    name: 'JS Error Spike',
    description: 'JS errors per page view tripled against the previous 15 minutes.',
    condition: { type: 'js_error_spike', floor: 0.01 },
    threshold: 3,
    window: '15m',
    for: '5m',
    keepFiringFor: '5m',
    minSamples: 50,
    severity: 'warning',
    channels: CHAT,
  },
  {
    id: 'synthetic-check-failing',
    name: 'Synthetic Check Failing',
    description: 'A synthetic check is DOWN (3 failed runs in a row; UP again after 2 good ones).',
    condition: { type: 'synthetic_check' },
    severity: 'critical',
    channels: PAGE,
  },
  {
    id: 'health-check-failing',
    name: 'Health Check Failing',
    description: 'One of Sightline’s own /health checks fails.',
    condition: { type: 'health_check' },
    for: '2m',
    severity: 'critical',
    channels: CHAT,
  },
  {
    id: 'availability-slo-page',
    name: 'Availability SLO burning fast',
    description: '99.9 % availability: 2 % of the 30-day budget spent in 1 h, or 5 % in 6 h.',
    condition: { type: 'slo', sli: 'requests', objective: 0.999, windows: [...PAGE_WINDOWS] },
    minSamples: 100,
    severity: 'critical',
    channels: PAGE,
  },
  {
    id: 'availability-slo-ticket',
    name: 'Availability SLO burning',
    description: '99.9 % availability: 10 % of the 30-day budget spent in 3 days.',
    condition: { type: 'slo', sli: 'requests', objective: 0.999, windows: [...TICKET_WINDOWS] },
    minSamples: 100,
    severity: 'warning',
    channels: ['email'],
  },
];

export const DEFAULT_RULES: AlertRule[] = DEFAULT_RULE_INPUTS.map(
  (r) => AlertRuleInputSchema.parse(r) as AlertRule,
);
