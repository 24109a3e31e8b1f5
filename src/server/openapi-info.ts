/** The head of the OpenAPI document. */
export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'Atalaya API',
    version: '0.1.0',
    description:
      'Public-security observatory data for the Americas: geography, the catalogue of data elements and indicators, and data values. Every operation declares who may call it (x-atalaya-policy); anonymous callers see published data only.',
  },
} as const;
