// Deploy markers for the time-series charts: each release's first seen
// (GET /v1/releases), labelled with the release.
import type { ReleasesResponse } from '../../../shared/releases';
import type { Marker } from '../components/chart';
import { useQuery } from '../context';

/** The releases first seen in the window, as chart markers; none until loaded or when the site names none. */
export function useDeploys(): Marker[] {
  const res = useQuery<ReleasesResponse>('/v1/releases', { compare: 'false' });
  return (res.data.value?.releases ?? [])
    .filter((r) => r.firstSeen >= res.data.value!.from)
    .map((r) => ({ t: r.firstSeen, label: r.release }));
}
