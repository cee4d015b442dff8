// Choices of the key forms, shared by the client dialogs and the server actions that read them.

/** Expiry of a new key, in days from now; 'never' = no expiry. */
export const EXPIRY_CHOICES = [
  { value: 'never', label: 'Never' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
] as const;

/** How long a rotated key's old secret keeps working, in hours; '0' = it stops at once. */
export const ROTATION_OVERLAP_CHOICES = [
  { value: '0', label: 'Stop the old secret now' },
  { value: '1', label: 'Keep it working for 1 hour' },
  { value: '24', label: 'Keep it working for 24 hours' },
  { value: '168', label: 'Keep it working for 7 days' },
] as const;

/** What each data-plane scope lets a key call. */
export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  inference: 'Chat completions, messages, completions and responses',
  embeddings: 'Embeddings',
  audio: 'Speech and transcription',
  images: 'Image generation',
};
