// A small map with the memorial's location.
(function () {
  const element = document.getElementById("map");
  if (!element) return;
  const point = [Number(element.dataset.lat), Number(element.dataset.lon)];
  const map = L.map(element).setView(point, 13);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
  }
  L.marker(point).addTo(map);
})();
