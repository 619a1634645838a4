// Beside a percentile: how few samples it stands on, when they are few (issue #19).
import { fewSamples } from '../models/format';

export function FewSamples({ count }: { count: number | null | undefined }) {
  const text = fewSamples(count);
  return text ? <span class="muted small few-samples"> {text}</span> : null;
}
