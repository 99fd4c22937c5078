// Marks the page as JavaScript-enabled (GOV.UK Frontend styles depend on it) and starts its components.
// Kept in a file, not inline, so the Content Security Policy can forbid inline script.
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}
