/** Client of `GET/PUT /api/v1/channels`: opening hours (admin) and closing (lead); shapes in shared/channel-state.ts. */
import type { ChannelsPut, ChannelsSettings } from '@shared/channel-state';
import { apiRequest } from './request';

export const fetchChannels = (token: string, signal?: AbortSignal) => apiRequest<ChannelsSettings>(token, 'GET', '/channels', { signal });

/** Changes only what `body` names; resolves with every channel's settings now. */
export const putChannels = (token: string, body: ChannelsPut) => apiRequest<ChannelsSettings>(token, 'PUT', '/channels', { body });
