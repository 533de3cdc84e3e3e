// Draws the wards as GeoJSON polygons with Leaflet, without a tile server: the boundaries
// are the map. The tables on the page carry the same figures.
(function () {
  "use strict";
  var holder = document.getElementById("coverage-map");
  var data = document.getElementById("coverage-geojson");
  if (!holder || !data || typeof L === "undefined") return;
  var all = JSON.parse(data.textContent);
  var wards = {
    type: "FeatureCollection",
    features: all.features.filter(function (f) { return f.properties.kind === "ward"; }),
  };
  var points = all.features.filter(function (f) { return f.properties.kind !== "ward"; });
  if (!wards.features.length) return;
  var most = Math.max.apply(null, wards.features.map(function (f) { return f.properties.services; })) || 1;
  var map = L.map(holder, { attributionControl: false, zoomSnap: 0.25 });
  var layer = L.geoJSON(wards, {
    style: function (feature) {
      return {
        color: "#0b0c0c",
        weight: 1,
        fillColor: "#1d70b8",
        fillOpacity: 0.1 + 0.7 * (feature.properties.services / most),
      };
    },
    onEachFeature: function (feature, shape) {
      var p = feature.properties;
      var text = p.name + ": " + p.services + " services, " + p.assets + " community assets" +
        (p.gaps.length ? ". No service for " + p.gaps.join(", ").toLowerCase() : "");
      shape.bindTooltip(p.name, { permanent: true, direction: "center", className: "app-ward-label" });
      shape.bindPopup(text);
    },
  }).addTo(map);
  map.fitBounds(layer.getBounds());
  points.forEach(function (f) {
    var asset = f.properties.kind === "asset";
    L.circleMarker([f.geometry.coordinates[1], f.geometry.coordinates[0]], {
      radius: 6,
      color: "#0b0c0c",
      weight: 1,
      fillColor: asset ? "#00703c" : "#1d70b8",
      fillOpacity: 1,
    })
      .bindPopup(f.properties.name + " (" + f.properties.organisation + ")")
      .addTo(map);
  });
  holder.setAttribute("data-drawn", String(wards.features.length));
})();
