// The map explorer: clusters counted by the server for each view (/api/map/clusters), a list
// of what the view holds (the keyboard's way around), filters, permalinks, "near me" and
// "near a place". Beneath any tiles, an offline layer of borders, regions and major places.
//
// States for tests and assistive technology: #map[data-state] is "loading" while a view is
// fetched, "ready" once it is drawn (with data-total, data-zoom and data-view, the view's
// query), "error" when it could not be had.
(function () {
  "use strict";
  const element = document.getElementById("map");
  const config = JSON.parse(document.getElementById("map-config").textContent);
  const text = JSON.parse(document.getElementById("map-messages").textContent);
  const FILTERS = ["kind", "country", "region", "status", "has_names", "conflict", "condition"];
  const list = document.getElementById("result-list");
  const totalOut = document.getElementById("view-total");
  const emptyNote = document.getElementById("result-empty");
  const denseNote = document.getElementById("view-note");
  const permalink = document.getElementById("permalink");
  const form = document.getElementById("filters");
  const numberFormat = new Intl.NumberFormat(config.lang);

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  // --- state from the address: view and filters ------------------------------------------
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  FILTERS.forEach(function (name) {
    if (params.get(name)) filters[name] = params.get(name);
  });

  const map = L.map(element, { worldCopyJump: true, minZoom: 2, maxZoom: 18, zoomSnap: 1 });
  map.createPane("basemap").style.zIndex = 150;
  map.createPane("labels").style.zIndex = 450;
  map.getPane("labels").style.pointerEvents = "none";

  const lat = parseFloat(params.get("lat"));
  const lon = parseFloat(params.get("lon"));
  const zoom = parseInt(params.get("z"), 10);
  if (isFinite(lat) && isFinite(lon) && isFinite(zoom)) {
    map.setView([lat, lon], Math.max(2, Math.min(18, zoom)));
  } else if (config.extent) {
    map.fitBounds([[config.extent[0], config.extent[1]], [config.extent[2], config.extent[3]]],
                  { padding: [10, 10] });
  } else {
    map.setView([53.9, 30.0], 4);
  }

  // --- base layers -------------------------------------------------------------------------
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 18, attribution: config.tileAttribution }).addTo(map);
  } else {
    element.classList.add("no-tiles");
  }
  if (config.borders && window.topojson) {
    fetch(config.borders).then(function (r) { return r.ok ? r.json() : null; }).then(function (topo) {
      if (!topo) return;
      const countries = window.topojson.feature(topo, topo.objects.countries);
      L.geoJSON(countries, {
        pane: "basemap", interactive: false,
        style: { color: "#8b9aa8", weight: 1, fillColor: "#f4f1ea", fillOpacity: 1 },
      }).addTo(map);
      element.dataset.borders = "drawn";
    }).catch(function () { /* the map works without borders */ });
  }
  const bigPlaces = L.layerGroup(), smallPlaces = L.layerGroup(), regionNames = L.layerGroup();
  function label(layer, name, position, kind) {
    L.marker(position, {
      pane: "labels", interactive: false, keyboard: false,
      icon: L.divIcon({ className: "base-label " + kind, html: "", iconSize: null }),
    }).on("add", function (event) {
      event.target.getElement().textContent = name;
    }).addTo(layer);
  }
  fetch("/map/base/places.json").then(function (r) { return r.json(); }).then(function (base) {
    base.places.forEach(function (p) {
      label(p.rank === 1 ? bigPlaces : smallPlaces, p.name, [p.lat, p.lon], "place");
    });
    base.regions.forEach(function (r) { label(regionNames, r.name, [r.lat, r.lon], "region"); });
    showLabels();
  }).catch(function () { /* labels are a help, not a need */ });
  function showLabels() {
    const z = map.getZoom();
    [[bigPlaces, z >= 4], [smallPlaces, z >= 6], [regionNames, z >= 5 && z <= 8]].forEach(
      function (pair) {
        if (pair[1]) pair[0].addTo(map); else pair[0].remove();
      });
  }

  // --- the view's memorials ------------------------------------------------------------------
  const drawn = L.layerGroup().addTo(map);
  let pending = null;

  function viewBox() {
    const bounds = map.getBounds();
    let west = bounds.getWest(), east = bounds.getEast();
    const south = Math.max(-90, bounds.getSouth()), north = Math.min(90, bounds.getNorth());
    if (east - west >= 360) {
      west = -180; east = 180;
    } else {
      west = ((west + 180) % 360 + 360) % 360 - 180;
      east = west + (bounds.getEast() - bounds.getWest());
      if (east > 180) east -= 360;  // across the antimeridian: west > east
    }
    return [west, south, east, north].map(function (v) { return v.toFixed(5); }).join(",");
  }

  // Longitudes from the server lie in [-180, 180]; draw each on the world copy in view.
  function nearView(lonValue) {
    const centre = map.getCenter().lng;
    while (lonValue - centre > 180) lonValue -= 360;
    while (centre - lonValue > 180) lonValue += 360;
    return lonValue;
  }

  function placeName(cluster) {
    return text.regions[cluster.region] || cluster.region;
  }

  function clusterLabel(cluster) {
    const values = { count: numberFormat.format(cluster.count), place: placeName(cluster),
                     more: cluster.regions - 1 };
    return say(cluster.regions > 1 ? text.zoomToMany : text.zoomTo, values);
  }

  function zoomInto(cluster) {
    const b = cluster.bounds;
    const south = b[0], west = nearView(b[1]), north = b[2];
    const east = west + (b[3] - b[1]);
    if (north - south < 1e-6 && east - west < 1e-6) {
      map.setView([south, west], Math.min(18, map.getZoom() + 3));
    } else {
      map.fitBounds([[south, west], [north, east]], { padding: [30, 30], maxZoom: 18 });
    }
  }

  function popupFor(marker) {
    const box = document.createElement("div");
    const link = document.createElement("a");
    link.href = "/memorials/" + encodeURIComponent(marker.id);
    link.textContent = marker.name;
    const kind = document.createElement("p");
    kind.textContent = text.kinds[marker.kind] || marker.kind;
    const names = document.createElement("p");
    names.textContent = say(text.names, { count: numberFormat.format(marker.names) });
    box.append(link, kind, names);
    return box;
  }

  function draw(view) {
    drawn.clearLayers();
    list.replaceChildren();
    view.clusters.forEach(function (cluster) {
      const size = cluster.count < 10 ? "s" : cluster.count < 100 ? "m" : cluster.count < 1000 ? "l" : "xl";
      const icon = L.divIcon({ className: "cluster cluster-" + size, html: "<span></span>",
                               iconSize: null });
      const title = clusterLabel(cluster);
      const point = L.marker([cluster.lat, nearView(cluster.lon)], { icon: icon, title: title,
                                                                      keyboard: true });
      point.on("add", function (event) {
        const el = event.target.getElement();
        el.querySelector("span").textContent = numberFormat.format(cluster.count);
        el.setAttribute("aria-label", title);
      });
      point.on("click", function () { zoomInto(cluster); });
      drawn.addLayer(point);
      const item = document.createElement("li");
      item.className = "cluster-item";
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = title;
      button.addEventListener("click", function () { zoomInto(cluster); });
      item.append(button);
      list.append(item);
    });
    view.markers.forEach(function (marker) {
      const point = L.marker([marker.lat, nearView(marker.lon)], { title: marker.name,
                                                                   alt: marker.name });
      point.bindPopup(function () { return popupFor(marker); });
      drawn.addLayer(point);
      const item = document.createElement("li");
      item.className = "memorial-item";
      const link = document.createElement("a");
      link.href = "/memorials/" + encodeURIComponent(marker.id);
      link.textContent = marker.name;
      const about = document.createElement("span");
      about.className = "about";
      about.textContent = (text.kinds[marker.kind] || marker.kind) + " · " +
        say(text.names, { count: numberFormat.format(marker.names) });
      item.append(link, " ", about);
      list.append(item);
    });
    totalOut.textContent = numberFormat.format(view.total);
    emptyNote.hidden = view.total > 0;
    denseNote.hidden = view.exact;
  }

  function remember() {
    const centre = map.getCenter();
    const query = new URLSearchParams();
    query.set("lat", centre.lat.toFixed(5));
    query.set("lon", L.Util.wrapNum(centre.lng, [-180, 180], true).toFixed(5));
    query.set("z", String(map.getZoom()));
    FILTERS.forEach(function (name) { if (filters[name]) query.set(name, filters[name]); });
    const url = "/map?" + query.toString();
    window.history.replaceState(null, "", url);
    permalink.href = url;
  }

  function load() {
    const query = new URLSearchParams({ bbox: viewBox(), zoom: String(map.getZoom()),
                                        lang: config.lang });
    FILTERS.forEach(function (name) { if (filters[name]) query.set(name, filters[name]); });
    if (pending) pending.abort();
    pending = new AbortController();
    element.dataset.state = "loading";
    remember();
    const asked = query.toString();
    fetch("/api/map/clusters?" + asked, { signal: pending.signal })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (view) {
        draw(view);
        element.dataset.total = String(view.total);
        element.dataset.zoom = String(view.zoom);
        element.dataset.view = asked;
        element.dataset.state = "ready";
      })
      .catch(function (error) {
        if (error.name === "AbortError") return;
        element.dataset.state = "error";
        totalOut.textContent = say(text.failed, { reason: error.message });
      });
  }

  map.on("moveend", load);
  map.on("zoomend", showLabels);

  // --- filters ---------------------------------------------------------------------------
  const countrySelect = document.getElementById("filter-country");
  const regionSelect = document.getElementById("filter-region");
  function limitRegions() {
    const country = countrySelect.value;
    Array.prototype.forEach.call(regionSelect.options, function (option) {
      option.hidden = Boolean(option.value && country && option.value.indexOf(country + "-") !== 0);
    });
    if (regionSelect.selectedOptions[0] && regionSelect.selectedOptions[0].hidden) {
      regionSelect.value = "";
    }
  }
  countrySelect.addEventListener("change", limitRegions);
  limitRegions();
  function applyFilters(event) {
    if (event) event.preventDefault();
    FILTERS.forEach(function (name) {
      const field = form.elements.namedItem(name);
      if (field && field.value) filters[name] = field.value; else delete filters[name];
    });
    load();
  }
  form.addEventListener("submit", applyFilters);
  form.addEventListener("change", function () { applyFilters(null); });
  document.getElementById("filters-reset").addEventListener("click", function (event) {
    event.preventDefault();
    form.reset();
    FILTERS.forEach(function (name) {
      const field = form.elements.namedItem(name);
      if (field) field.value = "";
    });
    limitRegions();
    applyFilters(null);
  });

  // --- near me --------------------------------------------------------------------------------
  const status = document.getElementById("near-me-status");
  let here = null;
  document.getElementById("near-me").addEventListener("click", function () {
    if (!navigator.geolocation) {
      status.textContent = text.noGeolocation;
      return;
    }
    status.textContent = text.locating;
    navigator.geolocation.getCurrentPosition(function (position) {
      const point = [position.coords.latitude, position.coords.longitude];
      if (here) here.remove();
      here = L.circleMarker(point, { radius: 8, color: "#1f5fbf", fillOpacity: 0.6 })
        .bindTooltip(text.youAreHere).addTo(map);
      map.setView(point, 12);
      status.textContent = text.located;
    }, function (error) {
      status.textContent = say(text.noLocation, { reason: error.message });
    }, { timeout: 15000 });
  });

  // --- near a place ---------------------------------------------------------------------------
  const placeInput = document.getElementById("place-query");
  const placeResults = document.getElementById("place-results");
  let placeTimer = null, placeRequest = null;
  function showPlaces(items) {
    placeResults.replaceChildren();
    if (!items.length) {
      const none = document.createElement("li");
      none.textContent = text.noPlace;
      placeResults.append(none);
      return;
    }
    items.forEach(function (place) {
      const item = document.createElement("li");
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = say(text.placeOption, {
        name: place.name, count: numberFormat.format(place.memorials),
        region: text.regions[place.region] || text.regions[place.country] || place.country,
      });
      button.addEventListener("click", function () {
        map.setView([place.lat, place.lon], 12);
        placeResults.replaceChildren();
        element.focus();
      });
      item.append(button);
      placeResults.append(item);
    });
  }
  function findPlaces() {
    const query = placeInput.value.trim();
    if (!query) { placeResults.replaceChildren(); return; }
    if (placeRequest) placeRequest.abort();
    placeRequest = new AbortController();
    fetch("/api/places?" + new URLSearchParams({ q: query, limit: "8" }),
          { signal: placeRequest.signal })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (answer) { showPlaces(answer.items); })
      .catch(function () { /* a newer query replaced this one */ });
  }
  placeInput.addEventListener("input", function () {
    clearTimeout(placeTimer);
    placeTimer = setTimeout(findPlaces, 200);
  });
  document.getElementById("place-form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(placeTimer);
    findPlaces();
  });

  element.tabIndex = 0;
  load();
})();
