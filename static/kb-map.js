// Draws the incidents listed on /-/map (an ES module; Leaflet is the module datasette-leaflet
// bundles). Without Leaflet or map tiles the list below the map still works.
async function drawMap() {
  var element = document.getElementById("kb-map");
  var data = document.getElementById("kb-map-data");
  if (!element || !data) {
    return;
  }
  var L = (await import(element.dataset.leaflet)).default;
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18,
    attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
  }).addTo(map);
  var bounds = [];
  points.forEach(function (point) {
    var latlng = [point.latitude, point.longitude];
    bounds.push(latlng);
    var circle = L.circle(latlng, { radius: point.radius, color: "#c0392b", weight: 2, fillOpacity: 0.25 });
    var dot = L.circleMarker(latlng, { radius: 4, color: "#c0392b", fillOpacity: 1 });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = "/opposition/incident/" + encodeURIComponent(point.id);
    link.textContent = point.title;
    popup.appendChild(link);
    popup.appendChild(document.createElement("br"));
    popup.appendChild(document.createTextNode(point.date + " · " + point.kind + " · precision: " + point.geo_precision));
    circle.bindPopup(popup);
    dot.bindPopup(popup);
    circle.addTo(map);
    dot.addTo(map);
    element.setAttribute("data-points", String(points.length));
  });
  if (bounds.length) {
    map.fitBounds(bounds, { padding: [30, 30], maxZoom: 8 });
  } else {
    map.setView([48, 67], 4);
  }
}

drawMap();
