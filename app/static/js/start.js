// Marks the page as JavaScript-enabled (GOV.UK Frontend styles depend on it) and starts its components.
// Kept in a file, not inline, so the Content Security Policy can forbid inline script.
import { initAll } from "/static/vendor/govuk/govuk-frontend.min.js";

document.body.classList.add("js-enabled");
if ("noModule" in HTMLScriptElement.prototype) {
  document.body.classList.add("govuk-frontend-supported");
  initAll();
}

// A table region (templates/macros/tables.html) shows its "scroll sideways" hint only while its table is wider
// than the region, measured again whenever the region changes size.
const regions = document.querySelectorAll(".profi-table-region");
const measure = (region) => {
  const scroller = region.querySelector(".profi-table-region__scroll");
  region.classList.toggle("profi-table-region--scrolls", scroller.scrollWidth > scroller.clientWidth + 1);
};
if ("ResizeObserver" in window) {
  const observer = new ResizeObserver((entries) => entries.forEach((entry) => measure(entry.target.parentElement)));
  regions.forEach((region) => observer.observe(region.querySelector(".profi-table-region__scroll")));
} else {
  regions.forEach(measure);
}
