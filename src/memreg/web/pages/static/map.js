// The public map: every located memorial, clustered, each linking to its page.
(function () {
  const element = document.getElementById("map");
  const map = L.map(element, { preferCanvas: true }).setView([53.9, 30.0], 4);
  const tiles = element.dataset.tileUrl;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
  }
  const clusters = L.markerClusterGroup({ chunkedLoading: true });
  fetch("/api/map/points")
    .then((response) => response.json())
    .then((data) => {
      const markers = data.points.map(([id, lat, lon, kind, name]) => {
        const marker = L.marker([lat, lon], { title: name });
        const link = document.createElement("a");
        link.href = "/memorials/" + encodeURIComponent(id);
        link.textContent = name;
        marker.bindPopup(link);
        return marker;
      });
      clusters.addLayers(markers);
      map.addLayer(clusters);
      if (markers.length) {
        map.fitBounds(clusters.getBounds(), { padding: [20, 20] });
      }
      element.dataset.loaded = String(markers.length);
    });
})();
