// The sign-in state (api/auth.ts) as React state: whether the sign-in screen is up, and the epoch
// that grows at each sign-in.

import { useSyncExternalStore } from 'react';
import { type AuthState, authState, subscribeAuth } from '../api/auth';

export const useAuth = (): AuthState => useSyncExternalStore(subscribeAuth, authState);
