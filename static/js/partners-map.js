/* partners: the exchange map (partners/map.html). The world map (friendship cities as red dots,
   countries coloured by this year's trips; a click opens the country) and three charts, drawn by the
   vendored ECharts on canvas. Data from the page's json_script blocks, words from data-* attributes of
   #world-map: no inline script (Content-Security-Policy). */
(function () {
  "use strict";
  var el = document.getElementById("world-map");
  var data = JSON.parse(document.getElementById("map-data").textContent);
  var charts = JSON.parse(document.getElementById("chart-data").textContent);
  var names = {}, byName = {};
  data.countries.forEach(function (c) { byName[c.name] = c; names[c.name] = c.label; });
  var tripsLabel = el.dataset.labelTrips, partnersLabel = el.dataset.labelPartners;
  var FONT = "'Noto Sans SC', sans-serif";
  // Tooltips are drawn on the canvas: ECharts' HTML tooltips carry style="" attributes, which the
  // Content-Security-Policy refuses (and they would put the data into innerHTML).
  var TIP = "richText";
  var text = data.partners.map(function (p) { return p.name; }).join("") + data.countries.map(function (c) { return c.label; }).join("");
  // the canvas draws with the page's own font (served locally), loaded before the first frame
  var fontReady = (document.fonts && document.fonts.load) ? document.fonts.load("11px 'Noto Sans SC'", text || "中").catch(function () {}) : Promise.resolve();
  Promise.all([fetch(el.dataset.geo).then(function (r) { return r.json(); }), fontReady]).then(function (res) {
    var geo = res[0];
    echarts.registerMap("world", geo);
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var max = Math.max(1, Math.max.apply(null, data.countries.map(function (c) { return c.value; })));
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT },
      tooltip: {
        trigger: "item",
        renderMode: TIP,
        formatter: function (p) {
          if (p.seriesType === "scatter") { return p.data.name + "（" + p.data.country + "）\n" + p.data.category + " · " + p.data.since; }
          var c = byName[p.name];
          return c ? c.label + "\n" + partnersLabel + " " + c.partners + " · " + tripsLabel + " " + c.value : "";
        }
      },
      visualMap: { min: 0, max: max, left: 8, bottom: 8, text: [String(max), "0"], calculable: false, inRange: { color: ["#eef3fb", "#2f6db5"] }, seriesIndex: 0 },
      geo: { map: "world", roam: true, zoom: 1.1, center: [40, 20], itemStyle: { areaColor: "#eef3fb", borderColor: "#9aa7b8" }, emphasis: { label: { show: false } } },
      series: [
        { type: "map", geoIndex: 0, data: data.countries.map(function (c) { return { name: c.name, value: c.value }; }) },
        { type: "scatter", coordinateSystem: "geo", symbolSize: 9, itemStyle: { color: "#c0392b" },
          label: { show: true, position: "right", formatter: "{b}", fontSize: 11, color: "#333" }, labelLayout: { hideOverlap: true },
          data: data.partners.map(function (p) { return { name: p.name, value: p.value, country: p.country, category: p.category, since: p.since }; }) }
      ]
    });
    chart.on("click", function (p) {
      var c = byName[p.name];
      if (p.componentType === "geo" || p.seriesType === "map") {
        if (c) { window.location.href = el.dataset.countryUrl.replace("XX", c.iso2); }
      }
    });
    chart.on("finished", function () { el.dataset.rendered = "true"; });
    // not before the first frame is drawn: a pointer over a chart that has not drawn yet made ECharts
    // read a null (seen in the CSP crawl, "Cannot read properties of null (reading '0')")
    requestAnimationFrame(function () { requestAnimationFrame(function () { el.dataset.rendered = "true"; }); });
    window.addEventListener("resize", function () { chart.resize(); });
  }).catch(function () { el.textContent = el.dataset.loadFailed; });
  function bar(id, rows, horizontal) {
    var c = echarts.init(document.getElementById(id));
    var cats = rows.map(function (r) { return r[0]; }), vals = rows.map(function (r) { return r[1]; });
    c.setOption({ animation: false, textStyle: { fontFamily: FONT }, grid: { left: horizontal ? 70 : 30, right: 10, top: 10, bottom: 25 }, tooltip: { renderMode: TIP },
      xAxis: horizontal ? { type: "value", minInterval: 1 } : { type: "category", data: cats },
      yAxis: horizontal ? { type: "category", data: cats, inverse: true } : { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: vals, itemStyle: { color: "#2f6db5" } }] });
  }
  bar("chart-years", charts.years, false);
  bar("chart-countries", charts.countries, true);
  var k = echarts.init(document.getElementById("chart-kinds"));
  k.setOption({ animation: false, textStyle: { fontFamily: FONT }, tooltip: { renderMode: TIP }, series: [{ type: "pie", radius: ["35%", "70%"], data: charts.kinds.map(function (r) { return { name: r[0], value: r[1] }; }) }] });
})();
