// A small map with the memorial's location.
(function () {
  const element = document.getElementById("map");
  if (!element) return;
  const point = [Number(element.dataset.lat), Number(element.dataset.lon)];
  const map = L.map(element, { maxZoom: 18 }).setView(point, 13);
  if (element.dataset.tileUrl) {
    L.tileLayer(element.dataset.tileUrl, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  L.marker(point).addTo(map);
})();
