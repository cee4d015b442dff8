export * from './openapi-document.types';
export {
  buildOpenApiDocument,
  CONTROL_PLANE_API_INFO,
  OPENAPI_DOCUMENT_PATH,
  openApiPath,
} from './build-openapi-document';
export { collectEndpoints, isEndpointContract, type NamedEndpoint } from './collect-endpoints';
export { PUBLIC_ENDPOINTS, SECURITY_SCHEMES } from './security';
