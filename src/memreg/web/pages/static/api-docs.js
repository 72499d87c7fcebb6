// Swagger UI, served by memreg from the swagger-ui-bundle package.
(function () {
  "use strict";
  const element = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: element.dataset.url,
    domNode: element,
    deepLinking: true,
    onComplete: function () { element.dataset.state = "ready"; },
  });
})();
