import { Controller, Get } from '@nestjs/common';
import {
  buildOpenApiDocument,
  CONTROL_PLANE_API_INFO,
  OPENAPI_DOCUMENT_PATH,
  type OpenApiDocument,
} from '@llmguard/shared';
import { Public } from '../auth/public.decorator';

/**
 * GET /api/openapi.json: the control plane's OpenAPI 3.1 document, generated from the shared contracts. Public, so
 * client generators and API explorers can fetch it without signing in; built once, on the first request, since the
 * contracts cannot change while the process runs.
 */
@Controller()
export class OpenApiController {
  private document: OpenApiDocument | undefined;

  @Public()
  @Get(OPENAPI_DOCUMENT_PATH)
  openApiDocument(): OpenApiDocument {
    this.document ??= buildOpenApiDocument(CONTROL_PLANE_API_INFO);
    return this.document;
  }
}
