/** A key as the table shows it, formatted on the server (see lib/format.ts). */
export type KeyRow = {
  id: string;
  name: string;
  kind: 'data_plane' | 'management';
  /** `lg_live_ab12…wxyz`. */
  maskedKey: string;
  scopes: string[];
  allowedModels: string[];
  status: 'active' | 'expired' | 'revoked';
  createdAt: string;
  createdLabel: string;
  lastUsedAt: string | null;
  lastUsedLabel: string;
  expiresLabel: string | null;
};
