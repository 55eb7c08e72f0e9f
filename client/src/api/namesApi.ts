import type { Cardinality } from '@shared/cardinality';
import type { Snapshot } from '@shared/snapshot';
import { apiRequest } from './request';

/** The name registries against their limits, from the snapshot (null when the server sends none). */
export const getNameFolds = async (token: string, signal?: AbortSignal): Promise<{ cardinality: Cardinality | null; timeZone: string }> => {
  const s = await apiRequest<Snapshot>(token, 'GET', '/snapshot', { signal });
  return { cardinality: s.cardinality ?? null, timeZone: s.timeZone };
};
