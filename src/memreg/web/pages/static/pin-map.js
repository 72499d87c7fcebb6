// The pin of a new memorial: a click on the map fills Latitude and Longitude, and typed
// coordinates move the pin. Without script (or without tiles) the fields still work.
(function () {
  "use strict";
  var box = document.getElementById("pin-map");
  if (!box || !window.L) { return; }
  var lat = document.querySelector('input[name="lat"]');
  var lon = document.querySelector('input[name="lon"]');
  var map = L.map(box).setView([53.9, 27.56], 5);
  if (box.dataset.tileUrl) {
    L.tileLayer(box.dataset.tileUrl, { attribution: box.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  }
  var pin = null;
  function place(latlng) {
    if (pin) { pin.setLatLng(latlng); } else { pin = L.marker(latlng).addTo(map); }
    box.dataset.pinned = "1";
  }
  function typed() {
    var a = parseFloat(lat.value), b = parseFloat(lon.value);
    if (isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
      place([a, b]);
      map.setView([a, b], Math.max(map.getZoom(), 12));
    }
  }
  map.on("click", function (event) {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place(event.latlng);
  });
  lat.addEventListener("change", typed);
  lon.addEventListener("change", typed);
  typed();
  box.dataset.ready = "1";
}());
