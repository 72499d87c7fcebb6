// The small map of a memorial's page (and of a person's memorials): a marker for each place.
(function () {
  "use strict";
  const element = document.getElementById("map");
  if (!element) return;
  const map = L.map(element, { maxZoom: 18, keyboard: false });
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  map.createPane("basemap").style.zIndex = 150;
  if (element.dataset.borders && window.topojson) {  // the offline base layer, under any tiles
    fetch(element.dataset.borders).then(function (r) { return r.json(); }).then(function (topo) {
      L.geoJSON(window.topojson.feature(topo, topo.objects.countries), {
        pane: "basemap", interactive: false,
        style: { color: "#8b9aa8", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
    }).catch(function () { /* the marker is there without borders */ });
  }
  const points = element.dataset.points ? JSON.parse(element.dataset.points)
    : [[Number(element.dataset.lat), Number(element.dataset.lon), element.dataset.name || ""]];
  const markers = points.map(function (p) {
    return L.marker([p[0], p[1]], { title: p[2], alt: p[2], keyboard: false }).addTo(map);
  });
  if (markers.length > 1) {
    map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [30, 30], maxZoom: 13 });
  } else {
    map.setView([points[0][0], points[0][1]], 13);
  }
  element.dataset.state = "ready";
})();
