/*
 * The parts of Bootstrap Italia's JavaScript the portal uses, bundled by scripts/vendor_static.sh
 * (esbuild) into static/vendor/bootstrap-italia/js/bootstrap-italia.parts.min.js.
 *
 * The full bundle is 1 MB (video player, carousels, autocompletes...) and its parsing alone blocked a
 * phone's main thread for seconds (bench/FIRSTPAINT.md). Each module registers its own data-api
 * handlers when it runs; add a module here when a template starts using its component.
 */
import "bootstrap-italia/dist/plugins/init.js"; // keyboard focus ring (track-focus)
import Input from "bootstrap-italia/dist/plugins/input.js"; // form labels that move above filled fields
import NavBarCollapsible from "bootstrap-italia/dist/plugins/navbar-collapsible.js"; // the menu on phones
import Dropdown from "bootstrap-italia/dist/plugins/dropdown.js"; // the user menu

// Named, as the full bundle does: the package declares its plugins free of side effects, and a
// module nobody uses would be left out with the data-api handlers it registers.
window.bootstrap = Object.assign(window.bootstrap || {}, { Input, NavBarCollapsible, Dropdown });
