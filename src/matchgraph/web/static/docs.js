// Starts Swagger UI (vendored from the swagger-ui-bundle wheel) on the OpenAPI document.
window.addEventListener("load", function () {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: false });
});
