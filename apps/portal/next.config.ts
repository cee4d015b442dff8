import path from 'node:path';
import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // A self-contained server (.next/standalone/apps/portal/server.js) for the container image.
  output: 'standalone',
  // The workspace root, so the build traces files of linked workspace packages (@llmguard/shared).
  outputFileTracingRoot: path.join(__dirname, '../..'),
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
