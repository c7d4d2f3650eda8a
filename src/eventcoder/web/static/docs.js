// The API's interactive documentation: Swagger UI (vendored, see vendor/README.md) over this
// server's own /openapi.json. In a file of its own, not inline, so the page's
// Content-Security-Policy can forbid inline scripts.
"use strict";

window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
  // Swagger UI would otherwise send the spec to an online validator and show its badge.
  validatorUrl: null,
  tryItOutEnabled: false,
});
