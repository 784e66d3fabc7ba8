// Draws /api/graph with Cytoscape.js; a tap on a node opens its page (same origin only).
(function () {
  "use strict";
  var box = document.getElementById("cy");
  if (!box || typeof cytoscape === "undefined") { return; }
  fetch(box.getAttribute("data-src"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var cy = cytoscape({
        container: box,
        elements: data.elements,
        layout: { name: "concentric", animate: false, minNodeSpacing: 28, levelWidth: function () { return 1; },
                  concentric: function (n) { return 10 - n.data("ring"); } },
        style: [
          { selector: "node", style: { "label": "data(label)", "font-size": 10, "text-valign": "bottom",
            "text-wrap": "ellipsis", "text-max-width": 140, "background-color": "#2b6cb0", "width": 14, "height": 14 } },
          { selector: "node[kind = 'text']", style: { "shape": "round-rectangle", "background-color": "#c05621" } },
          { selector: "node[kind = 'code']", style: { "shape": "diamond", "background-color": "#2f855a" } },
          { selector: "node[?centre]", style: { "width": 26, "height": 26, "background-color": "#9b2c2c", "font-weight": "bold" } },
          { selector: "node[!in_corpus]", style: { "background-color": "#a0aec0" } },
          { selector: "edge", style: { "width": 1, "line-color": "#a0aec0", "target-arrow-color": "#a0aec0",
            "target-arrow-shape": "triangle", "curve-style": "bezier" } },
          { selector: "edge[type = 'cites']", style: { "line-color": "#4a5568", "target-arrow-color": "#4a5568" } }
        ]
      });
      cy.on("tap", "node", function (evt) {
        var href = evt.target.data("href");
        if (href && href.charAt(0) === "/" && href.charAt(1) !== "/") { window.location.href = href; }
      });
      box.cy = cy; // for the end-to-end test, which clicks a node where Cytoscape drew it
      box.setAttribute("data-ready", String(cy.nodes().length));
    })
    .catch(function (err) { box.textContent = "Graphe indisponible : " + err; });
})();
