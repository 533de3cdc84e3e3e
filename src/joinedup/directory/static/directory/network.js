// Draws the ecosystem map with Cytoscape.js from the elements the page holds as JSON.
// The table on the page carries the same information for anyone who cannot see the drawing.
(function () {
  "use strict";
  var holder = document.getElementById("network-map");
  var data = document.getElementById("network-elements");
  if (!holder || !data || typeof cytoscape === "undefined") return;
  var elements = JSON.parse(data.textContent);
  var cy = cytoscape({
    container: holder,
    elements: elements,
    maxZoom: 1.6,
    minZoom: 0.2,
    style: [
      {
        selector: "node",
        style: {
          width: "data(size)",
          height: "data(size)",
          "font-size": 16,
          "text-wrap": "wrap",
          "text-max-width": 160,
          "text-valign": "bottom",
          "text-background-color": "#ffffff",
          "text-background-opacity": 0.85,
          "text-background-padding": 2,
          "background-color": "#00703c",
          color: "#0b0c0c",
        },
      },
      { selector: "node[sector = 'public']", style: { "background-color": "#1d70b8" } },
      { selector: "node[sector = 'private']", style: { "background-color": "#f47738" } },
      { selector: "node[?broker]", style: { "border-width": 4, "border-color": "#0b0c0c" } },
      { selector: "node[?isolated]", style: { shape: "diamond" } },
      // Only the organisations that hold the system together are named at first, so names
      // do not sit on one another; any other is named while pointed at or chosen.
      { selector: "node.named, node:selected, node.pointed", style: { label: "data(label)" } },
      {
        selector: "edge",
        style: { width: "data(width)", "line-color": "#b1b4b6", "curve-style": "haystack" },
      },
    ],
    layout: {
      name: "cose",
      animate: false,
      randomize: false,
      nodeRepulsion: 400000,
      idealEdgeLength: 110,
      nodeOverlap: 40,
      gravity: 0.3,
      numIter: 2000,
    },
  });
  // Names are drawn at a readable size (about 14 px on screen) whatever the zoom.
  function readable() {
    var z = cy.zoom();
    cy.nodes().style({ "font-size": Math.round(14 / z), "text-max-width": Math.round(200 / z) });
  }
  var bySize = cy.nodes().sort(function (a, b) {
    return b.data("size") - a.data("size");
  });
  bySize.filter(function (n, i) {
    return n.data("broker") || i < 3;
  }).addClass("named");
  // Two named organisations drawn close together: the upper one's name goes above it.
  var named = cy.nodes(".named");
  named.forEach(function (a) {
    named.forEach(function (b) {
      var pa = a.renderedPosition(), pb = b.renderedPosition();
      if (a !== b && pa.y < pb.y && pb.y - pa.y < 80 && Math.abs(pa.x - pb.x) < 200) {
        a.style("text-valign", "top");
      }
    });
  });
  readable();
  cy.on("zoom", readable);
  cy.on("mouseover", "node", function (event) {
    event.target.addClass("pointed");
  });
  cy.on("mouseout", "node", function (event) {
    event.target.removeClass("pointed");
  });
  cy.on("tap", "node", function (event) {
    window.location.href = "/organisations/" + event.target.id() + "/";
  });
  holder.setAttribute("data-drawn", String(cy.nodes().length));
})();
