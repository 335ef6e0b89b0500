/*
 * Tavolo delle Risorse: runs before the Bootstrap Italia bundle.
 *
 * The bundle looks for its fonts under window.__PUBLIC_PATH__; the template gives the path in
 * data-public-path so that no inline script is needed (Content-Security-Policy with nonces).
 * The fonts themselves are declared in static/css/tavolo.css.
 */
(function () {
  "use strict";
  // The bundle includes video.js, which otherwise injects <style> elements that the
  // Content-Security-Policy (nonces, no 'unsafe-inline') blocks; the portal shows no videos.
  window.VIDEOJS_NO_DYNAMIC_STYLE = true;
  var script = document.currentScript;
  if (script && script.dataset.publicPath) {
    window.__PUBLIC_PATH__ = script.dataset.publicPath;
  }
})();
