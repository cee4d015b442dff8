/**
 * A slug suggested from a workspace name: "Acme Corp." → "acme-corp". Accents are dropped, anything
 * else becomes a dash; at most 40 characters. The control plane still validates it (and may say it
 * is taken or reserved).
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}
