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
    wheelSensitivity: 0.3,
    maxZoom: 1.6,
    minZoom: 0.2,
    style: [
      {
        selector: "node",
        style: {
          label: "data(label)",
          width: "data(size)",
          height: "data(size)",
          "font-size": 16,
          "text-wrap": "wrap",
          "text-max-width": 160,
          "text-valign": "bottom",
          "background-color": "#00703c",
          color: "#0b0c0c",
        },
      },
      { selector: "node[sector = 'public']", style: { "background-color": "#1d70b8" } },
      { selector: "node[sector = 'private']", style: { "background-color": "#f47738" } },
      { selector: "node[?broker]", style: { "border-width": 4, "border-color": "#0b0c0c" } },
      { selector: "node[?isolated]", style: { shape: "diamond" } },
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
  cy.on("tap", "node", function (event) {
    window.location.href = "/organisations/" + event.target.id() + "/";
  });
  holder.setAttribute("data-drawn", String(cy.nodes().length));
})();
