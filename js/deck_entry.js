// The parts of deck.gl the map page draws with (static/js/quarter_map.js): `make deck-js`
// bundles them into static/js/vendor/deck-VERSION.min.js.
export { Deck } from "@deck.gl/core";
export { GeoJsonLayer, LineLayer, ScatterplotLayer, TextLayer } from "@deck.gl/layers";
export { JSONConverter } from "@deck.gl/json";
