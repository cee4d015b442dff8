/**
 * The parts of OpenAPI 3.1 the control-plane document uses (@see https://spec.openapis.org/oas/v3.1.0). Schemas are
 * JSON Schema draft 2020-12 objects as zod's `z.toJSONSchema` writes them.
 */
export type OpenApiSchema = { [keyword: string]: unknown };

export type OpenApiReference = { $ref: string };

export type OpenApiInfo = { title: string; version: string; description?: string };

export type OpenApiParameter = {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  description?: string;
  schema: OpenApiSchema;
};

export type OpenApiMediaType = { schema: OpenApiSchema | OpenApiReference; example?: unknown };

export type OpenApiResponse = {
  description: string;
  headers?: Record<string, { description: string; schema: OpenApiSchema }>;
  content?: Record<string, OpenApiMediaType>;
};

/** Alternatives: any one entry (an object of schemes that must all be present) satisfies it; `[]` = public. */
export type OpenApiSecurityRequirement = Record<string, string[]>;

export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  security: OpenApiSecurityRequirement[];
  parameters?: OpenApiParameter[];
  requestBody?: { required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | OpenApiReference>;
};

export type OpenApiPathItem = Partial<Record<'get' | 'put' | 'post' | 'patch' | 'delete', OpenApiOperation>>;

export type OpenApiSecurityScheme =
  | { type: 'apiKey'; in: 'cookie' | 'header'; name: string; description: string }
  | { type: 'http'; scheme: 'bearer'; bearerFormat: string; description: string };

export type OpenApiDocument = {
  openapi: '3.1.0';
  info: OpenApiInfo;
  tags: { name: string }[];
  paths: Record<string, OpenApiPathItem>;
  components: {
    schemas: Record<string, OpenApiSchema>;
    responses: Record<string, OpenApiResponse>;
    securitySchemes: Record<string, OpenApiSecurityScheme>;
  };
};
