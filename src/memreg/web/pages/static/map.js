// The public map: every located memorial, clustered, each linking to its page.
// When everything is drawn, #map gets data-loaded="<number of memorials>" (tests wait for it);
// if the points cannot be fetched it gets data-error and a message instead.
(function () {
  const element = document.getElementById("map");
  // maxZoom on the map itself: without a tile layer nothing else sets it, and clustering needs it.
  const map = L.map(element, { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 18 })
    .setView([53.9, 30.0], 4);
  const tiles = element.dataset.tileUrl;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 18, attribution: element.dataset.tileAttribution }).addTo(map);
  } else {
    // No base map (offline, or tiles switched off): a light graticule keeps the sense of place.
    element.classList.add("no-tiles");
    const lines = { color: "#b9c7d2", weight: 1, interactive: false };
    for (let lat = -80; lat <= 80; lat += 10) {
      L.polyline([[lat, -180], [lat, 540]], lines).addTo(map);
    }
    for (let lon = -180; lon <= 540; lon += 10) {
      L.polyline([[-85, lon], [85, lon]], lines).addTo(map);
    }
  }

  let expected = null;  // how many markers the answer holds, once it has arrived
  const clusters = L.markerClusterGroup({
    chunkedLoading: true,
    // markercluster also reports (empty) progress when the layer is added, before any point
    // has arrived: only the last chunk of the fetched markers means the map is drawn.
    chunkProgress: function (processed, total) {
      if (expected !== null && processed === total && total === expected) {
        setTimeout(function () { finish(total); }, 0);  // after the last chunk is drawn
      }
    },
  });
  map.addLayer(clusters);

  function finish(count) {
    if (count) {
      map.fitBounds(clusters.getBounds(), { padding: [20, 20], animate: false });
    }
    element.dataset.loaded = String(count);
  }

  function fail(error) {
    element.dataset.error = String(error);
    const message = document.createElement("p");
    message.className = "map-error";
    message.textContent = "The memorials could not be loaded: " + error;
    element.before(message);
  }

  // Longitudes made continuous: the widest stretch of meridians without a memorial becomes
  // the edge of the map, so Chukotka east of 180 degrees stays beside Kamchatka.
  function unwrap(points) {
    if (points.length < 2) return points;
    const lons = points.map(function (p) { return p[2]; }).sort(function (a, b) { return a - b; });
    let gap = lons[0] + 360 - lons[lons.length - 1];
    let edge = lons[0];
    for (let i = 1; i < lons.length; i++) {
      if (lons[i] - lons[i - 1] > gap) {
        gap = lons[i] - lons[i - 1];
        edge = lons[i];
      }
    }
    return points.map(function (p) {
      return p[2] < edge ? [p[0], p[1], p[2] + 360, p[3], p[4]] : p;
    });
  }

  fetch("/api/map/points")
    .then(function (response) {
      if (!response.ok) {
        throw new Error("the server answered " + response.status);
      }
      return response.json();
    })
    .then(function (data) {
      const markers = unwrap(data.points).map(function ([id, lat, lon, kind, name]) {
        const marker = L.marker([lat, lon], { title: name, alt: name });
        const link = document.createElement("a");
        link.href = "/memorials/" + encodeURIComponent(id);
        link.textContent = name;
        marker.bindPopup(link);
        return marker;
      });
      expected = markers.length;
      if (markers.length) {
        clusters.addLayers(markers);
      } else {
        finish(0);
      }
    })
    .catch(fail);
})();
