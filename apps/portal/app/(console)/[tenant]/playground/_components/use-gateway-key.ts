'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { listModels } from '@/lib/playground/gateway-client';
import type { GatewayFailure } from '@/lib/playground/gateway-failure';

// The pasted data-plane key and the models it may call. The key is kept in this tab's
// sessionStorage only (gone when the tab closes, never in localStorage or a cookie, never sent to
// the control plane), so a reload does not ask for it again.

const STORAGE_KEY = 'llmguard:playground:api-key';

export type KeyState =
  | { status: 'none' }
  | { status: 'checking'; apiKey: string }
  | { status: 'ready'; apiKey: string; models: string[] }
  | { status: 'refused'; failure: GatewayFailure };

export function useGatewayKey() {
  const [state, setState] = useState<KeyState>({ status: 'none' });
  const pending = useRef<AbortController | null>(null);

  const connect = useCallback(async (apiKey: string) => {
    pending.current?.abort();
    const controller = new AbortController();
    pending.current = controller;
    setState({ status: 'checking', apiKey });
    try {
      const result = await listModels(apiKey, controller.signal);
      if (controller.signal.aborted) return;
      if (result.ok) {
        sessionStorage.setItem(STORAGE_KEY, apiKey);
        setState({ status: 'ready', apiKey, models: result.models });
      } else {
        sessionStorage.removeItem(STORAGE_KEY);
        setState({ status: 'refused', failure: result.failure });
      }
    } catch {
      // Aborted by a newer attempt, which owns the state now.
    }
  }, []);

  const forget = useCallback(() => {
    pending.current?.abort();
    sessionStorage.removeItem(STORAGE_KEY);
    setState({ status: 'none' });
  }, []);

  useEffect(() => {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    // sessionStorage exists only in the browser, so a saved key is picked up after mount.
    if (saved) void connect(saved);
    return () => pending.current?.abort();
  }, [connect]);

  return { state, connect, forget };
}

/** "lg_test_…a1b2": enough to recognise a key, too little to use it. */
export function maskKey(apiKey: string): string {
  const prefix = /^[a-z]+_[a-z]+_/i.exec(apiKey)?.[0] ?? apiKey.slice(0, 4);
  return `${prefix}…${apiKey.slice(-4)}`;
}
