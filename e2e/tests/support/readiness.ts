/** Whether `{baseUrl}/readyz` answers 2xx within the portal's own 1.5 s probe timeout. */
export async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('readyz', baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`), {
      signal: AbortSignal.timeout(1_500),
    });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}
